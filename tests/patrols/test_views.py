import csv
import io
import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from patrols.models import HotspotVisit, Patrol, PatrolActivity, PatrolPoint
from patrols.queries import patrols as queries
from pcso.models import AuditEntry
from tests.factories import (
    HotspotFactory,
    HotspotVisitFactory,
    PatrolActivityFactory,
    PatrolFactory,
    PatrolPointFactory,
)

pytestmark = pytest.mark.django_db


def local(value):
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


# Starting, running and ending a patrol


def test_pcso_home_offers_one_tap_start(client_for, officer):
    content = client_for(officer).get(reverse("home")).content.decode()
    assert 'name="mode" value="foot"' in content
    assert 'name="mode" value="cycle"' in content
    assert 'name="mode" value="vehicle"' in content


def test_start_patrol_in_one_tap_opens_running_page(client_for, officer, hotspot):
    client = client_for(officer)
    response = client.post(reverse("patrols:patrol-start"), {"mode": "cycle"}, follow=True)
    patrol = Patrol.objects.get()
    assert (patrol.mode, patrol.status, patrol.officer) == ("cycle", "in_progress", officer)
    content = response.content.decode()
    assert "data-elapsed" in content
    assert "Arrived at hotspot: Carter Lane Gardens" in content
    assert "End patrol" in content
    home = client.get(reverse("home")).content.decode()
    assert "data-running-patrol" in home
    assert 'name="mode" value="foot"' not in home


def test_running_page_puts_end_patrol_in_the_thumb_bar_and_a_short_map(client_for, officer, hotspot):
    client = client_for(officer)
    client.post(reverse("patrols:patrol-start"), {"mode": "foot"})
    content = client.get(Patrol.objects.get().get_absolute_url()).content.decode()
    assert content.count(">End patrol</a>") == 1
    assert content.index("data-elapsed") < content.index("data-thumb-bar") < content.index("data-end-patrol")
    assert 'class="map map-running mb-2"' in content


def test_second_start_is_refused_with_reason(client_for, officer):
    client = client_for(officer)
    client.post(reverse("patrols:patrol-start"), {"mode": "foot"})
    response = client.post(reverse("patrols:patrol-start"), {"mode": "foot"}, follow=True)
    assert Patrol.objects.count() == 1
    assert "This overlaps your patrol of" in response.content.decode()


def test_running_patrol_hotspot_activity_point_and_end(client_for, officer, hotspot):
    client = client_for(officer)
    client.post(reverse("patrols:patrol-start"), {"mode": "foot"})
    patrol = Patrol.objects.get()
    client.post(reverse("patrols:patrol-arrive", args=[patrol.pk]), {"hotspot": hotspot.pk})
    visit = HotspotVisit.objects.get()
    assert visit.left_at is None
    page = client.get(patrol.get_absolute_url()).content.decode()
    assert "Left hotspot" in page
    client.post(reverse("patrols:patrol-leave", args=[patrol.pk]), {"visit": visit.pk})
    visit.refresh_from_db()
    assert visit.left_at is not None
    client.post(reverse("patrols:patrol-activity", args=[patrol.pk]), {"kind": "school"})
    response = client.post(
        reverse("patrols:patrol-point", args=[patrol.pk]),
        {"latitude": "51.5115", "longitude": "-0.103", "source": "gps"},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 201
    assert response.json() == {
        "latitude": 51.5115,
        "longitude": -0.103,
        "count": 1,
        "message": "1 point recorded.",
    }
    response = client.post(
        reverse("patrols:patrol-end", args=[patrol.pk]), {"summary": "All quiet"}, follow=True
    )
    patrol.refresh_from_db()
    assert (patrol.status, patrol.summary) == ("ended", "All quiet")
    assert PatrolActivity.objects.get().kind == "school"
    assert PatrolPoint.objects.get().source == "gps"
    assert "Awaiting review" in response.content.decode()


def test_double_tap_arrived_at_same_hotspot_is_one_visit(client_for, officer, hotspot):
    client = client_for(officer)
    client.post(reverse("patrols:patrol-start"), {"mode": "foot"})
    patrol = Patrol.objects.get()
    url = reverse("patrols:patrol-arrive", args=[patrol.pk])
    client.post(url, {"hotspot": hotspot.pk})
    client.post(url, {"hotspot": hotspot.pk})
    assert HotspotVisit.objects.count() == 1
    dose = queries.hotspot_dosage([hotspot], queries.this_week())[0]
    assert dose.visits == 1


def test_double_tap_end_patrol_ends_it_once_and_says_so(client_for, officer):
    client = client_for(officer)
    client.post(reverse("patrols:patrol-start"), {"mode": "foot"})
    patrol = Patrol.objects.get()
    url = reverse("patrols:patrol-end", args=[patrol.pk])
    client.post(url, {"summary": "First"})
    response = client.post(url, {"summary": "Second"}, follow=True)
    assert "This patrol has already ended." in response.content.decode()
    patrol.refresh_from_db()
    assert (patrol.status, patrol.summary) == ("ended", "First")
    assert AuditEntry.objects.filter(action="patrols.patrol.ended").count() == 1


def test_other_activity_without_text_keeps_the_page_and_says_why(client_for, officer):
    client = client_for(officer)
    client.post(reverse("patrols:patrol-start"), {"mode": "foot"})
    patrol = Patrol.objects.get()
    response = client.post(
        reverse("patrols:patrol-activity", args=[patrol.pk]), {"kind": "other", "other_text": ""}
    )
    assert response.status_code == 400
    assert "Say what the activity was." in response.content.decode()
    assert PatrolActivity.objects.count() == 0


def test_bad_point_is_refused_as_json(client_for, officer):
    client = client_for(officer)
    client.post(reverse("patrols:patrol-start"), {"mode": "foot"})
    patrol = Patrol.objects.get()
    response = client.post(
        reverse("patrols:patrol-point", args=[patrol.pk]),
        {"latitude": "200", "longitude": "x"},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"latitude", "longitude"}


def test_colleague_cannot_act_on_a_patrol(client_for, officer, colleague, hotspot):
    client_for(officer).post(reverse("patrols:patrol-start"), {"mode": "foot"})
    patrol = Patrol.objects.get()
    client = client_for(colleague)
    assert client.get(patrol.get_absolute_url()).status_code == 200  # reads it, as a team member
    assert "End patrol" not in client.get(patrol.get_absolute_url()).content.decode()
    assert (
        client.post(reverse("patrols:patrol-arrive", args=[patrol.pk]), {"hotspot": hotspot.pk}).status_code
        == 404
    )
    assert (
        client.post(reverse("patrols:patrol-activity", args=[patrol.pk]), {"kind": "cctv"}).status_code == 404
    )
    assert client.get(reverse("patrols:patrol-end", args=[patrol.pk])).status_code == 404
    assert HotspotVisit.objects.count() == 0


# The form refuses each invalid patrol with its message


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (3, 4, "The patrol must end after it starts."),
        (16, 1, "A patrol cannot be longer than 14 hours."),
        (-1, -2, "The start cannot be in the future."),
        (1, -1, "The end cannot be in the future."),
        (30, 28, "This overlaps your patrol of"),
    ],
)
def test_past_patrol_form_refusals(client_for, officer, hours_ago, start, end, message):
    PatrolFactory(officer=officer, started_at=hours_ago(31), ended_at=hours_ago(29))
    data = {
        "mode": "foot",
        "started_at": local(hours_ago(start)),
        "ended_at": local(hours_ago(end)),
        "summary": "typed",
    }
    response = client_for(officer).post(reverse("patrols:patrol-add"), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert message in content
    assert "typed" in content  # nothing typed is lost
    assert Patrol.objects.count() == 1


def test_past_patrol_form_records(client_for, officer, hours_ago):
    data = {
        "mode": "vehicle",
        "started_at": local(hours_ago(5)),
        "ended_at": local(hours_ago(3)),
        "summary": "Late shift",
    }
    response = client_for(officer).post(reverse("patrols:patrol-add"), data)
    patrol = Patrol.objects.get()
    assert response.headers["Location"] == patrol.get_absolute_url()
    assert (patrol.mode, patrol.status, patrol.minutes) == ("vehicle", "ended", 120)


# The 14-hour limit is real time, also across a clock change.


def test_past_patrol_over_14_real_hours_across_autumn_clock_change_is_refused(client_for, officer):
    # 26/10/2025: clocks go back at 02:00 BST; 00:00 to 13:30 local is 14 h 30 min.
    response = client_for(officer).post(
        reverse("patrols:patrol-add"),
        {"mode": "foot", "started_at": "2025-10-26T00:00", "ended_at": "2025-10-26T13:30"},
    )
    assert Patrol.objects.count() == 0
    assert "A patrol cannot be longer than 14 hours." in response.content.decode()


def test_past_patrol_under_14_real_hours_across_spring_clock_change_is_accepted(client_for, officer):
    # 29/03/2026: clocks go forward at 01:00 GMT; 00:00 to 14:30 local is 13 h 30 min.
    response = client_for(officer).post(
        reverse("patrols:patrol-add"),
        {"mode": "foot", "started_at": "2026-03-29T00:00", "ended_at": "2026-03-29T14:30"},
    )
    patrol = Patrol.objects.get()
    assert response.headers["Location"] == patrol.get_absolute_url()
    assert patrol.minutes == 13 * 60 + 30


def test_visit_form_refuses_visit_outside_patrol(client_for, officer, patrol, hotspot):
    data = {
        "hotspot": hotspot.pk,
        "arrived_at": local(patrol.started_at - timedelta(minutes=30)),
        "left_at": local(patrol.started_at + timedelta(minutes=10)),
    }
    response = client_for(officer).post(reverse("patrols:patrol-visit", args=[patrol.pk]), data)
    assert response.status_code == 400
    assert "A hotspot visit must fall inside its patrol" in response.content.decode()
    assert HotspotVisit.objects.count() == 0


def test_end_form_refuses_end_in_the_future(client_for, officer):
    client = client_for(officer)
    client.post(reverse("patrols:patrol-start"), {"mode": "foot"})
    patrol = Patrol.objects.get()
    later = local(timezone.now() + timedelta(hours=2))
    response = client.post(
        reverse("patrols:patrol-end", args=[patrol.pk]), {"summary": "kept", "ended_at": later}
    )
    assert "The end cannot be in the future." in response.content.decode()
    assert "kept" in response.content.decode()
    patrol.refresh_from_db()
    assert patrol.status == "in_progress"


# Sign-off


def test_sergeant_approves_from_the_patrol_page_and_pcso_sees_it(client_for, officer, sergeant, patrol):
    page = client_for(sergeant).get(patrol.get_absolute_url()).content.decode()
    assert "Approve" in page
    client_for(sergeant).post(reverse("patrols:patrol-approve", args=[patrol.pk]), {"comment": "Good"})
    patrol.refresh_from_db()
    assert patrol.status == "approved"
    page = client_for(officer).get(patrol.get_absolute_url()).content.decode()
    assert "Approved by Marcus Bell" in page


def test_sergeant_returns_and_pcso_sees_comment_on_home(client_for, officer, sergeant, patrol):
    response = client_for(sergeant).post(reverse("patrols:patrol-return", args=[patrol.pk]), {"comment": ""})
    assert response.status_code == 400
    assert "Say what needs changing." in response.content.decode()
    client_for(sergeant).post(
        reverse("patrols:patrol-return", args=[patrol.pk]), {"comment": "Times look wrong"}
    )
    home = client_for(officer).get(reverse("home")).content.decode()
    assert "Returned by Marcus Bell: Times look wrong" in home
    page = client_for(officer).get(patrol.get_absolute_url()).content.decode()
    assert "Times look wrong" in page
    assert "Correct and resubmit" in page


def test_sergeant_approves_from_the_review_queue(client_for, officer, sergeant, patrol):
    client = client_for(sergeant)
    queue = client.get(reverse("patrols:review-queue")).content.decode()
    assert f'action="{reverse("patrols:patrol-approve", args=[patrol.pk])}"' in queue
    assert 'name="next" value="queue"' in queue
    response = client.post(reverse("patrols:patrol-approve", args=[patrol.pk]), {"next": "queue"})
    assert response.headers["Location"] == reverse("patrols:review-queue")
    patrol.refresh_from_db()
    assert (patrol.status, patrol.reviewed_by, patrol.review_comment) == ("approved", sergeant, "")
    again = client.post(reverse("patrols:patrol-approve", args=[patrol.pk]), {"next": "queue"}, follow=True)
    assert "Only an ended patrol awaiting review can be signed off." in again.content.decode()
    assert "Nothing to review." in again.content.decode()


def test_signoff_is_404_for_pcso_and_other_sergeant(client_for, colleague, other_sergeant, patrol):
    for user in (colleague, other_sergeant):
        assert client_for(user).post(reverse("patrols:patrol-approve", args=[patrol.pk])).status_code == 404
    patrol.refresh_from_db()
    assert patrol.status == "ended"


def test_inspector_signs_off(client_for, inspector, patrol):
    client_for(inspector).post(reverse("patrols:patrol-approve", args=[patrol.pk]))
    patrol.refresh_from_db()
    assert (patrol.status, patrol.reviewed_by) == ("approved", inspector)


def test_review_queue_scope(client_for, sergeant, other_sergeant, inspector, officer, patrol, other_patrol):
    PatrolFactory(officer=officer, started_at=timezone.now() - timedelta(days=3), status="approved")
    assert _patrol_ids(client_for(sergeant), reverse("patrols:review-queue")) == [patrol.pk]
    assert _patrol_ids(client_for(other_sergeant), reverse("patrols:review-queue")) == [other_patrol.pk]
    assert sorted(_patrol_ids(client_for(inspector), reverse("patrols:review-queue"))) == sorted(
        [patrol.pk, other_patrol.pk]
    )
    assert _patrol_ids(client_for(officer), reverse("patrols:review-queue")) == []


def _patrol_ids(client, url):
    import re

    response = client.get(url)
    assert response.status_code == 200
    return [int(x) for x in re.findall(r'data-patrol="(\d+)"', response.content.decode())]


# Scope of every view: own team, other team 404, inspector


def test_patrol_detail_scope(
    client_for, officer, colleague, sergeant, inspector, other_team_officer, outside_team, patrol
):
    for user in (officer, colleague, sergeant, inspector):
        response = client_for(user).get(patrol.get_absolute_url())
        assert response.status_code == 200
        assert "Foot patrol" in response.content.decode()
    assert client_for(other_team_officer).get(patrol.get_absolute_url()).status_code == 404


def test_patrol_edit_and_end_scope(client_for, officer, other_team_officer, inspector, patrol):
    url = reverse("patrols:patrol-edit", args=[patrol.pk])
    assert "Correct patrol" in client_for(officer).get(url).content.decode()
    assert client_for(other_team_officer).get(url).status_code == 404
    assert client_for(inspector).get(url).status_code == 404  # reads, never writes
    assert (
        client_for(other_team_officer).get(reverse("patrols:patrol-end", args=[patrol.pk])).status_code == 404
    )


def test_patrol_list_scope(
    client_for, officer, colleague, sergeant, inspector, other_team_officer, patrol, other_patrol
):
    colleagues = PatrolFactory(officer=colleague)
    url = reverse("patrols:patrol-list")
    assert _patrol_ids(client_for(officer), url) == [patrol.pk]
    assert sorted(_patrol_ids(client_for(sergeant), url)) == sorted([patrol.pk, colleagues.pk])
    assert sorted(_patrol_ids(client_for(inspector), url)) == sorted(
        [patrol.pk, colleagues.pk, other_patrol.pk]
    )
    assert _patrol_ids(client_for(other_team_officer), url) == [other_patrol.pk]


def test_patrol_list_date_filter(client_for, officer, hours_ago):
    old = PatrolFactory(officer=officer, started_at=hours_ago(24 * 10), ended_at=hours_ago(24 * 10 - 1))
    new = PatrolFactory(officer=officer, started_at=hours_ago(3), ended_at=hours_ago(2))
    today = timezone.localdate()
    url = reverse("patrols:patrol-list") + f"?start={today - timedelta(days=1)}&end={today}"
    assert _patrol_ids(client_for(officer), url) == [new.pk]
    url = reverse("patrols:patrol-list") + f"?end={today - timedelta(days=5)}"
    assert _patrol_ids(client_for(officer), url) == [old.pk]


# Dates outside 2000-2100 in a query string: this week, or a form error; never a server error


@pytest.mark.parametrize("week", ["9999-12-31", "0001-01-01", "1999-12-27", "2101-01-03", "not-a-date"])
@pytest.mark.parametrize("page", ["patrols:hotspot-list", "hotspot", "patrols:locality", "patrols:map"])
def test_week_pages_show_this_week_for_a_week_outside_the_years(client_for, sergeant, hotspot, page, week):
    url = hotspot.get_absolute_url() if page == "hotspot" else reverse(page)
    response = client_for(sergeant).get(f"{url}?week={week}")
    assert response.status_code == 200
    assert f'data-week="{queries.this_week():%Y-%m-%d}"' in response.content.decode()


@pytest.mark.parametrize("week", ["9999-12-31", "0001-01-01"])
def test_hotspot_map_data_for_a_week_outside_the_years_is_this_week(client_for, sergeant, hotspot, week):
    response = client_for(sergeant).get(f"{reverse('patrols:map-hotspots')}?week={week}")
    this_week = client_for(sergeant).get(reverse("patrols:map-hotspots"))
    assert response.json() == this_week.json()
    assert [f["properties"]["name"] for f in response.json()["features"]] == ["Carter Lane Gardens"]


@pytest.mark.parametrize("query", ["end=9999-12-31", "start=0001-01-01", "start=9999-12-31&end=9999-12-31"])
def test_patrol_list_and_export_refuse_dates_outside_the_years(client_for, sergeant, patrol, query):
    client = client_for(sergeant)
    listing = client.get(f"{reverse('patrols:patrol-list')}?{query}")
    assert listing.status_code == 200
    assert "Give a date between 2000 and 2100." in listing.content.decode()
    export = client.get(f"{reverse('patrols:patrol-export')}?{query}")
    assert export.status_code == 400
    assert "Give a date between 2000 and 2100." in export.content.decode()
    assert not AuditEntry.objects.filter(action="patrols.patrol.exported").exists()


def test_past_patrol_form_refuses_a_patrol_before_2000(client_for, officer):
    data = {
        "mode": "foot",
        "started_at": "1999-12-31T20:00",
        "ended_at": "1999-12-31T22:00",
        "summary": "typed",
    }
    response = client_for(officer).post(reverse("patrols:patrol-add"), data)
    content = response.content.decode()
    assert "Give a date between 2000 and 2100." in content
    assert "typed" in content
    assert Patrol.objects.count() == 0


def test_hotspot_pages_scope(
    client_for, officer, sergeant, inspector, other_team_officer, hotspot, other_hotspot
):
    for user in (officer, sergeant, inspector):
        assert "Carter Lane Gardens" in client_for(user).get(reverse("patrols:hotspot-list")).content.decode()
        response = client_for(user).get(hotspot.get_absolute_url())
        assert response.status_code == 200
        assert "Carter Lane Gardens" in response.content.decode()
    assert (
        "Carter Lane Gardens"
        not in client_for(other_team_officer).get(reverse("patrols:hotspot-list")).content.decode()
    )
    assert "Aldgate Square" in client_for(inspector).get(reverse("patrols:hotspot-list")).content.decode()
    assert client_for(other_team_officer).get(hotspot.get_absolute_url()).status_code == 404


def test_hotspot_form_for_sergeant_only(client_for, officer, sergeant, other_sergeant, team, hotspot):
    assert client_for(officer).get(reverse("patrols:hotspot-add")).status_code == 404
    assert (
        client_for(other_sergeant).get(reverse("patrols:hotspot-edit", args=[hotspot.pk])).status_code == 404
    )
    data = {
        "team": team.pk,
        "name": "Ludgate Circus",
        "latitude": "51.514",
        "longitude": "-0.104",
        "geometry": "",
        "radius_m": "",
        "weekly_target_minutes": 45,
        "active_from": "2026-01-01",
        "source": "Street crime 2024",
    }
    response = client_for(sergeant).post(reverse("patrols:hotspot-add"), data)
    assert "A point needs a radius in metres." in response.content.decode()
    data["radius_m"] = 75
    response = client_for(sergeant).post(reverse("patrols:hotspot-add"), data)
    created = team.hotspots.get(name="Ludgate Circus")
    assert response.headers["Location"] == created.get_absolute_url()
    assert (created.radius_m, created.weekly_target_minutes) == (75, 45)
    assert created.geometry == {"type": "Point", "coordinates": [-0.104, 51.514]}


def test_hotspot_form_preselects_the_team_of_a_sergeant_with_one_team(client_for, sergeant, team):
    content = client_for(sergeant).get(reverse("patrols:hotspot-add")).content.decode()
    assert f'<option value="{team.pk}" selected>West</option>' in content


def test_hotspot_form_area_box_is_empty_not_null(client_for, sergeant, hotspot):
    client = client_for(sergeant)
    for url in (reverse("patrols:hotspot-add"), reverse("patrols:hotspot-edit", args=[hotspot.pk])):
        content = client.get(url).content.decode()
        assert "null</textarea>" not in content, url
        assert 'name="geometry"' in content


def test_hotspot_form_polygon_and_missing_area(client_for, sergeant, team):
    data = {"team": team.pk, "name": "Square", "weekly_target_minutes": 60, "active_from": "2026-01-01"}
    response = client_for(sergeant).post(reverse("patrols:hotspot-add"), data)
    assert "Give the hotspot&#x27;s centre, or its area as GeoJSON." in response.content.decode()
    ring = [[-0.1, 51.513], [-0.098, 51.513], [-0.098, 51.514], [-0.1, 51.513]]
    data["geometry"] = json.dumps({"type": "Polygon", "coordinates": [ring]})
    client_for(sergeant).post(reverse("patrols:hotspot-add"), data)
    assert team.hotspots.get(name="Square").geometry == {"type": "Polygon", "coordinates": [ring]}


def test_hotspot_form_refuses_a_polygon_with_a_malformed_hole(client_for, sergeant, team):
    outer = [[-0.1, 51.5], [-0.09, 51.5], [-0.09, 51.51], [-0.1, 51.5]]
    data = {
        "team": team.pk,
        "name": "Bad hole",
        "geometry": json.dumps({"type": "Polygon", "coordinates": [outer, [["a"]]]}),
        "weekly_target_minutes": 60,
        "active_from": "2026-01-01",
    }
    response = client_for(sergeant).post(reverse("patrols:hotspot-add"), data)
    assert response.status_code == 200
    assert (
        "A polygon needs at least three corners and must close on its first corner."
        in response.content.decode()
    )
    assert not team.hotspots.exists()


@pytest.mark.parametrize(("radius", "saved"), [(4, False), (5, True), (2000, True), (2001, False)])
def test_hotspot_form_keeps_the_radius_between_5_and_2000_metres(client_for, sergeant, team, radius, saved):
    data = {
        "team": team.pk,
        "name": "Circle",
        "latitude": "51.5115",
        "longitude": "-0.103",
        "radius_m": radius,
        "weekly_target_minutes": 60,
        "active_from": "2026-01-01",
    }
    response = client_for(sergeant).post(reverse("patrols:hotspot-add"), data)
    assert team.hotspots.filter(name="Circle").exists() == saved
    if not saved:
        assert "The radius must be between 5 and 2,000 metres." in response.content.decode()


def test_locality_pcso_sees_own_share_only(client_for, officer, colleague, patrol):
    week = timezone.localdate(patrol.started_at)
    content = client_for(officer).get(reverse("patrols:locality") + f"?week={week}").content.decode()
    assert "Aisha Khan" in content
    assert "Tom Reilly" not in content
    assert "120 min" in content


def test_sergeant_sees_running_patrol_without_running_controls(client_for, officer, sergeant):
    client_for(officer).post(reverse("patrols:patrol-start"), {"mode": "foot"})
    page = client_for(sergeant).get(Patrol.objects.get().get_absolute_url()).content.decode()
    assert "still running" in page
    assert "data-elapsed" not in page


def test_locality_scope(client_for, officer, sergeant, inspector, other_team_officer, patrol, other_patrol):
    content = client_for(sergeant).get(reverse("patrols:locality")).content.decode()
    assert "Aisha Khan" in content
    assert "Dan Hughes" not in content
    content = client_for(inspector).get(reverse("patrols:locality")).content.decode()
    assert "Aisha Khan" in content and "Dan Hughes" in content
    assert (
        "Aisha Khan" not in client_for(other_team_officer).get(reverse("patrols:locality")).content.decode()
    )


def test_map_page_and_data_scope(
    client_for, officer, inspector, other_team_officer, team, hotspot, other_hotspot, patrol
):
    PatrolPointFactory(patrol=patrol)
    PatrolPointFactory(patrol=patrol, recorded_at=patrol.started_at + timedelta(minutes=5), latitude="51.512")
    page = client_for(officer).get(reverse("patrols:map") + f"?patrol={patrol.pk}").content.decode()
    assert "data-map" in page
    assert reverse("patrols:patrol-points", args=[patrol.pk]) in page
    neighbourhoods = client_for(officer).get(reverse("patrols:map-neighbourhoods")).json()
    assert [f["properties"]["name"] for f in neighbourhoods["features"]] == ["Farringdon"]
    inspector_neighbourhoods = client_for(inspector).get(reverse("patrols:map-neighbourhoods")).json()
    assert sorted(f["properties"]["name"] for f in inspector_neighbourhoods["features"]) == [
        "Aldgate",
        "Farringdon",
    ]
    hotspots = client_for(officer).get(reverse("patrols:map-hotspots")).json()
    assert [(f["properties"]["name"], f["properties"]["colour"]) for f in hotspots["features"]] == [
        ("Carter Lane Gardens", "red")
    ]
    hotspot = hotspots["features"][0]["properties"]
    assert hotspot["detail"] == (
        f"{hotspot['minutes']} of {hotspot['target']} min this week ({hotspot['percent_met']}%), "
        f"{hotspot['visits']} visit{'' if hotspot['visits'] == 1 else 's'}"
    )
    points = client_for(officer).get(reverse("patrols:patrol-points", args=[patrol.pk])).json()
    assert [f["geometry"]["type"] for f in points["features"]] == ["Point", "Point", "LineString"]
    assert points["features"][1]["geometry"]["coordinates"] == [-0.103, 51.512]
    assert (
        client_for(other_team_officer).get(reverse("patrols:patrol-points", args=[patrol.pk])).status_code
        == 404
    )
    assert (
        client_for(other_team_officer).get(reverse("patrols:map") + f"?patrol={patrol.pk}").status_code == 404
    )
    assert [
        f["properties"]["name"]
        for f in client_for(other_team_officer).get(reverse("patrols:map-hotspots")).json()["features"]
    ] == ["Aldgate Square"]


def test_map_tile_url_setting(client_for, officer, settings):
    assert 'data-tile-url=""' in client_for(officer).get(reverse("patrols:map")).content.decode()
    settings.MAP_TILE_URL = "https://tiles.example/{z}/{x}/{y}.png"
    assert (
        'data-tile-url="https://tiles.example/{z}/{x}/{y}.png"'
        in client_for(officer).get(reverse("patrols:map")).content.decode()
    )


def test_csv_export_scope_range_and_audit(
    client_for, sergeant, inspector, officer, colleague, other_patrol, hours_ago
):
    mine = PatrolFactory(officer=officer, started_at=hours_ago(5), ended_at=hours_ago(4), summary="=cmd")
    PatrolFactory(officer=colleague, started_at=hours_ago(24 * 20), ended_at=hours_ago(24 * 20 - 1))
    today = timezone.localdate()
    url = reverse("patrols:patrol-export") + f"?start={today - timedelta(days=3)}&end={today}"
    response = client_for(sergeant).get(url)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.getvalue().decode())))
    assert rows[0][:3] == ["id", "officer", "collar number"]
    assert [row[0] for row in rows[1:]] == [str(mine.pk)]
    assert rows[1][13] == "'=cmd"
    entry = AuditEntry.objects.get(action="patrols.patrol.exported")
    assert entry.changes == {"rows": 1, "from": str(today - timedelta(days=3)), "to": str(today)}
    assert entry.actor == sergeant
    rows = list(
        csv.reader(
            io.StringIO(client_for(inspector).get(reverse("patrols:patrol-export")).getvalue().decode())
        )
    )
    assert len(rows) == 1 + 3


def test_csv_export_for_a_pcso_matches_their_patrol_list(client_for, officer, colleague, sergeant, hours_ago):
    mine = PatrolFactory(officer=officer, started_at=hours_ago(30), ended_at=hours_ago(29))
    partnered = PatrolFactory(
        officer=colleague, partner=officer, started_at=hours_ago(10), ended_at=hours_ago(9)
    )
    PatrolFactory(officer=colleague, started_at=hours_ago(5), ended_at=hours_ago(4))
    client = client_for(officer)
    rows = list(csv.reader(io.StringIO(client.get(reverse("patrols:patrol-export")).getvalue().decode())))
    assert [int(row[0]) for row in rows[1:]] == [mine.pk, partnered.pk]
    assert sorted(_patrol_ids(client, reverse("patrols:patrol-list"))) == sorted([mine.pk, partnered.pk])
    assert AuditEntry.objects.get(action="patrols.patrol.exported").changes["rows"] == 2


def test_home_parts(client_for, officer, sergeant, inspector, patrol, hotspot):
    sergeant_home = client_for(sergeant).get(reverse("home")).content.decode()
    assert 'data-review-count="1"' in sergeant_home
    assert "Carter Lane Gardens" in sergeant_home
    inspector_home = client_for(inspector).get(reverse("home")).content.decode()
    assert "Patrols this week" in inspector_home
    assert "0 of 1" in inspector_home
    officer_home = client_for(officer).get(reverse("home")).content.decode()
    assert f'data-patrol="{patrol.pk}"' in officer_home


def test_administrator_sees_no_patrols(client_for, administrator, patrol):
    client = client_for(administrator)
    assert client.get(patrol.get_absolute_url()).status_code == 404
    assert _patrol_ids(client, reverse("patrols:patrol-list")) == []


# The same number of queries with 5 rows and with 50


def _count(client, url):
    client.get(url)  # warm the process-wide caches (content types), whichever test runs first
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _patrols_with_detail(officer, hotspot, n, offset):
    for i in range(n):
        start = timezone.now() - timedelta(hours=3 * (i + offset) + 3)
        p = PatrolFactory(
            officer=officer,
            started_at=start,
            ended_at=start + timedelta(hours=2),
            neighbourhood=hotspot.neighbourhood,
        )
        PatrolPointFactory(patrol=p, recorded_at=start + timedelta(minutes=10))
        PatrolActivityFactory(patrol=p, at=start + timedelta(minutes=20))
        HotspotVisitFactory(patrol=p, hotspot=hotspot, arrived_at=start + timedelta(minutes=30))


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("officer", "patrols:patrol-list"),
        ("sergeant", "patrols:patrol-list"),
        ("sergeant", "patrols:review-queue"),
        ("sergeant", "patrols:locality"),
        ("inspector", "patrols:locality"),
        ("sergeant", "patrols:map-neighbourhoods"),
        ("sergeant", "patrols:patrol-export"),
        ("officer", "home"),
        ("sergeant", "home"),
        ("inspector", "home"),
    ],
)
def test_patrol_lists_query_count_does_not_grow(request, client_for, officer, sergeant, hotspot, who, url):
    client = client_for(request.getfixturevalue(who))
    _patrols_with_detail(officer, hotspot, 5, 0)
    five = _count(client, reverse(url))
    _patrols_with_detail(officer, hotspot, 45, 5)
    assert _count(client, reverse(url)) == five


@pytest.mark.parametrize("url", ["patrols:hotspot-list", "patrols:map-hotspots", "home"])
def test_hotspot_lists_query_count_does_not_grow(client_for, officer, sergeant, team, url):
    client = client_for(sergeant)
    patrol = PatrolFactory(officer=officer, started_at=timezone.now() - timedelta(hours=3))

    def hotspots(n, offset):
        for i in range(n):
            h = HotspotFactory(team=team, name=f"H{i + offset}")
            HotspotVisitFactory(
                patrol=patrol, hotspot=h, arrived_at=patrol.started_at + timedelta(minutes=i + offset)
            )

    hotspots(5, 0)
    five = _count(client, reverse(url))
    hotspots(45, 5)
    assert _count(client, reverse(url)) == five


def test_patrol_points_and_hotspot_detail_query_count(client_for, officer, hotspot, patrol):
    client = client_for(officer)

    def rows(n, offset):
        for i in range(n):
            PatrolPointFactory(patrol=patrol, recorded_at=patrol.started_at + timedelta(minutes=i + offset))
            HotspotVisitFactory(
                patrol=patrol,
                hotspot=hotspot,
                arrived_at=patrol.started_at + timedelta(minutes=i + offset),
                left_at=patrol.started_at + timedelta(minutes=i + offset + 1),
            )

    rows(5, 0)
    points = _count(client, reverse("patrols:patrol-points", args=[patrol.pk]))
    detail = _count(client, hotspot.get_absolute_url())
    page = _count(client, patrol.get_absolute_url())
    rows(45, 5)
    assert _count(client, reverse("patrols:patrol-points", args=[patrol.pk])) == points
    assert _count(client, hotspot.get_absolute_url()) == detail
    assert _count(client, patrol.get_absolute_url()) == page


@pytest.fixture
def running(officer, hotspot):
    from patrols.services import patrols as services

    patrol = services.start_patrol(officer=officer, now=timezone.now() - timedelta(hours=1))
    services.arrive_at_hotspot(
        user=officer, patrol=patrol, hotspot=hotspot, now=timezone.now() - timedelta(minutes=30)
    )
    return patrol


@pytest.mark.parametrize("who", ["other_team_officer", "other_sergeant", "inspector"])
def test_patrol_actions_are_404_outside_the_patrol(request, client_for, running, hotspot, who):
    client = client_for(request.getfixturevalue(who))
    visit = running.hotspot_visits.get()
    posts = {
        "patrol-point": {"latitude": "51.5", "longitude": "-0.1"},
        "patrol-activity": {"kind": "engagement"},
        "patrol-arrive": {"hotspot": hotspot.pk},
        "patrol-leave": {"visit": visit.pk},
        "patrol-visit": {
            "hotspot": hotspot.pk,
            "arrived_at": local(running.started_at),
            "left_at": local(timezone.now()),
        },
        "patrol-end": {"summary": "x"},
    }
    for name, data in posts.items():
        assert client.post(reverse(f"patrols:{name}", args=[running.pk]), data).status_code == 404, name
    assert client.get(reverse("patrols:patrol-end", args=[running.pk])).status_code == 404
    running.refresh_from_db()
    visit.refresh_from_db()
    assert (running.status, running.points.count(), running.activities.count(), visit.left_at) == (
        "in_progress",
        0,
        0,
        None,
    )


def test_inspector_reads_running_patrol_and_other_team_does_not(
    client_for, running, inspector, other_team_officer
):
    assert "Carter Lane Gardens" in client_for(inspector).get(running.get_absolute_url()).content.decode()
    assert client_for(other_team_officer).get(running.get_absolute_url()).status_code == 404


def test_past_patrol_form_scope(client_for, officer, sergeant, inspector, administrator):
    assert "Record a past patrol" in client_for(officer).get(reverse("patrols:patrol-add")).content.decode()
    assert "Record a past patrol" in client_for(sergeant).get(reverse("patrols:patrol-add")).content.decode()
    assert client_for(inspector).get(reverse("patrols:patrol-add")).status_code == 404
    assert client_for(administrator).get(reverse("patrols:patrol-add")).status_code == 404


def test_return_is_404_for_other_sergeant(client_for, other_sergeant, patrol):
    response = client_for(other_sergeant).post(
        reverse("patrols:patrol-return", args=[patrol.pk]), {"comment": "x"}
    )
    assert response.status_code == 404
    patrol.refresh_from_db()
    assert patrol.status == "ended"


def test_neighbourhood_map_data_query_count(client_for, inspector, team):
    from tests.factories import NeighbourhoodFactory

    client = client_for(inspector)
    for _ in range(4):
        NeighbourhoodFactory(team=team)
    five = _count(client, reverse("patrols:map-neighbourhoods"))
    for _ in range(45):
        NeighbourhoodFactory(team=team)
    assert _count(client, reverse("patrols:map-neighbourhoods")) == five
    assert len(client.get(reverse("patrols:map-neighbourhoods")).json()["features"]) == 50


def test_pcso_corrects_and_resubmits_returned_patrol(client_for, officer, sergeant, patrol):
    client_for(sergeant).post(
        reverse("patrols:patrol-return", args=[patrol.pk]), {"comment": "Add a summary"}
    )
    client = client_for(officer)
    page = client.get(reverse("patrols:patrol-edit", args=[patrol.pk])).content.decode()
    assert f'value="{local(patrol.started_at)}"' in page
    assert "Returned: Add a summary" in page
    data = {
        "mode": "foot",
        "started_at": local(patrol.started_at),
        "ended_at": local(patrol.ended_at),
        "summary": "Summary now",
    }
    response = client.post(reverse("patrols:patrol-edit", args=[patrol.pk]), data)
    assert response.headers["Location"] == patrol.get_absolute_url()
    patrol.refresh_from_db()
    assert (patrol.status, patrol.summary) == ("ended", "Summary now")
    assert 'data-review-count="1"' in client_for(sergeant).get(reverse("home")).content.decode()


def test_correcting_times_that_leave_out_an_activity_says_which(client_for, officer, patrol):
    PatrolActivityFactory(patrol=patrol, kind="advice", at=patrol.started_at + timedelta(minutes=100))
    data = {
        "mode": "foot",
        "started_at": local(patrol.started_at),
        "ended_at": local(patrol.started_at + timedelta(hours=1)),
        "summary": "typed",
    }
    response = client_for(officer).post(reverse("patrols:patrol-edit", args=[patrol.pk]), data)
    content = response.content.decode()
    when = timezone.localtime(patrol.started_at + timedelta(minutes=100)).strftime("%d/%m/%Y %H:%M")
    assert f"The activity “Advice given” at {when} would fall outside the patrol" in content
    assert "typed" in content
    assert Patrol.objects.get(pk=patrol.pk).ended_at == patrol.ended_at


def test_approved_patrol_cannot_be_edited(client_for, officer, sergeant, patrol):
    client_for(sergeant).post(reverse("patrols:patrol-approve", args=[patrol.pk]))
    edit_url = reverse("patrols:patrol-edit", args=[patrol.pk])
    client = client_for(officer)
    assert client.get(edit_url).status_code == 404
    page = client.get(patrol.get_absolute_url()).content.decode()
    assert ('data-status="approved"' in page, edit_url in page) == (True, False)


def test_hotspot_edit_form_shows_its_area(client_for, sergeant, hotspot):
    page = client_for(sergeant).get(reverse("patrols:hotspot-edit", args=[hotspot.pk])).content.decode()
    assert 'name="latitude" value="51.5115"' in page
    assert 'value="Carter Lane Gardens"' in page


def test_locality_query_count_with_5_and_50_officers(client_for, sergeant, team):
    from tests.factories import OfficerFactory

    client = client_for(sergeant)

    def officers(n):
        for _ in range(n):
            pcso = OfficerFactory(team=team)
            PatrolFactory(officer=pcso, partner=sergeant, neighbourhood=team.neighbourhoods.get())

    officers(5)  # PCSOs only: the sergeant has no row
    five = _count(client, reverse("patrols:locality"))
    officers(45)
    assert _count(client, reverse("patrols:locality")) == five
    assert client.get(reverse("patrols:locality")).content.decode().count("data-officer=") == 50
