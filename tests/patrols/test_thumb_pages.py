"""Issue 10, the patrol pages on a phone: taps answered in place (htmx), an approval that can be
undone, the officer's own neighbourhood preselected, and the autumn hour that happens twice."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from patrols.models import Hotspot, Patrol, PatrolActivity
from patrols.services import patrols as services
from pcso.models import AuditEntry, Reminder
from tests.factories import HotspotFactory, NeighbourhoodFactory, PatrolFactory, give_neighbourhoods

from .conftest import at

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_activity_tap_through_htmx_answers_the_controls_in_place(client_for, officer):
    client = client_for(officer)
    patrol = services.start_patrol(officer=officer)
    response = client.post(
        reverse("patrols:patrol-activity", args=[patrol.pk]), {"kind": "engagement"}, **HTMX
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert content.startswith('\n<div id="patrol-controls"') or '<div id="patrol-controls"' in content[:400]
    assert (
        '<div id="patrol-status" hx-swap-oob="innerHTML"><span class="">Added: Engagement.</span></div>'
        in content
    )
    assert 'id="activity-list" data-activities hx-swap-oob="true"' in content
    assert "<html" not in content
    assert list(PatrolActivity.objects.values_list("kind", flat=True)) == ["engagement"]


def test_arrive_and_leave_through_htmx_answer_in_place(client_for, officer, hotspot):
    client = client_for(officer)
    patrol = services.start_patrol(officer=officer)
    arrived = client.post(reverse("patrols:patrol-arrive", args=[patrol.pk]), {"hotspot": hotspot.pk}, **HTMX)
    assert "Arrived at Carter Lane Gardens." in arrived.content.decode()
    visit = patrol.hotspot_visits.get()
    left = client.post(reverse("patrols:patrol-leave", args=[patrol.pk]), {"visit": visit.pk}, **HTMX)
    assert "Left Carter Lane Gardens." in left.content.decode()
    assert "<html" not in left.content.decode()


def thumb_bar_and_page(content: str) -> tuple[str, str]:
    """The running page split in two: the thumb bar fixed at the foot of the screen, and the rest."""
    before, rest = content.split("data-thumb-bar>")
    bar, after = rest.split('<h2 class="h5">Location</h2>')
    return bar, before + after


def hotspot_buttons(html: str) -> list[str]:
    return re.findall(r"Arrived at hotspot: ([^<]+?)(?: <small>|</button>)", html)


def test_running_page_puts_nearest_hotspots_common_activities_and_end_in_the_thumb_bar(
    client_for, officer, hotspot
):
    neighbourhood = officer.team.neighbourhoods.get()
    for name, lat, lon in (("Smithfield Rotunda", 51.5186, -0.1006), ("Temple Gardens", 51.5120, -0.1110)):
        HotspotFactory(
            team=officer.team,
            name=name,
            neighbourhood=neighbourhood,
            geometry={"type": "Point", "coordinates": [lon, lat]},
        )
    client = client_for(officer)
    patrol = services.start_patrol(officer=officer)
    services.add_point(user=officer, patrol=patrol, latitude=Decimal("51.5185"), longitude=Decimal("-0.1005"))
    content = client.get(patrol.get_absolute_url()).content.decode()
    bar, page = thumb_bar_and_page(content)
    # The two nearest hotspots (12 m and 0.8 km away), the four common activities and the end.
    assert hotspot_buttons(bar) == ["Smithfield Rotunda", "Carter Lane Gardens"]
    assert re.findall(r'data-activity="(\w+)"', bar) == ["engagement", "asb", "advice", "licensed_premises"]
    assert (bar.count("data-end-patrol"), content.count(">End patrol</a>")) == (1, 1)
    # The rest follow in the page, under the timer.
    assert hotspot_buttons(page) == ["Temple Gardens"]
    assert re.findall(r'data-activity="(\w+)"', page) == ["school", "void_property", "cctv", "house_to_house"]
    assert content.index("data-elapsed") < content.index("More activities") < content.index("data-thumb-bar")
    assert "has-thumb-bar" in content.split("<body")[1].split(">")[0]
    assert "btn-outline-secondary" not in content
    assert 'class="btn btn-activity" type="submit" data-activity="engagement"' in bar
    assert f'hx-post="/patrols/{patrol.pk}/activities/"' in bar

    # At a hotspot, the bar offers to leave it, and a tap answers the bar out of band.
    arrived = client.post(
        reverse("patrols:patrol-arrive", args=[patrol.pk]),
        {"hotspot": Hotspot.objects.get(name="Smithfield Rotunda").pk},
        **HTMX,
    ).content.decode()
    answered_bar = arrived.split('<div id="thumb-controls"')[1].split("</form>\n  <div")[0]
    assert 'hx-swap-oob="true"' in answered_bar.split(">")[0]
    assert (hotspot_buttons(answered_bar), "Left hotspot" in answered_bar) == ([], True)
    bar, page = thumb_bar_and_page(client.get(patrol.get_absolute_url()).content.decode())
    assert (hotspot_buttons(bar), bar.count(">Left hotspot</button>")) == ([], 1)
    assert hotspot_buttons(page) == ["Carter Lane Gardens", "Temple Gardens"]


def test_review_queue_approve_offers_an_undo_that_puts_the_patrol_back(client_for, officer, sergeant):
    patrol = PatrolFactory(officer=officer)
    client = client_for(sergeant)
    queue = client.get(reverse("patrols:review-queue")).content.decode()
    assert f'href="{patrol.get_absolute_url()}" data-open' in queue
    assert f'href="{patrol.get_absolute_url()}#review" data-return' in queue
    approved = client.post(reverse("patrols:patrol-approve", args=[patrol.pk]), {"next": "queue"}, **HTMX)
    assert "data-approved" in approved.content.decode() and "Undo" in approved.content.decode()
    patrol.refresh_from_db()
    assert patrol.status == Patrol.Status.APPROVED
    undone = client.post(reverse("patrols:patrol-undo-approval", args=[patrol.pk]), **HTMX)
    assert f'data-queue-row="{patrol.pk}"' in undone.content.decode()
    patrol.refresh_from_db()
    assert (patrol.status, patrol.reviewed_by, patrol.reviewed_at) == ("ended", None, None)
    assert Reminder.objects.get(kind="patrol-approved").state == Reminder.State.CANCELLED
    assert AuditEntry.objects.filter(action="patrols.patrol.approval_undone").count() == 1


def test_return_on_the_patrol_page_answers_in_place(client_for, officer, sergeant):
    patrol = PatrolFactory(officer=officer)
    client = client_for(sergeant)
    url = reverse("patrols:patrol-return", args=[patrol.pk])
    refused = client.post(url, {"comment": ""}, **HTMX).content.decode()
    # htmx swaps only a success: the form comes back with what is missing, where it was.
    assert refused.lstrip().startswith('<section class="card mb-3" id="review" data-review>')
    assert "Say what needs changing." in refused and "<html" not in refused
    returned = client.post(url, {"comment": "Add the hotspot visit."}, **HTMX)
    content = returned.content.decode()
    assert (returned.status_code, "<html" in content) == (200, False)
    assert "Patrol returned." in content.split("data-signed-off>")[1]
    assert '<p class="mb-3" id="patrol-status-badge" hx-swap-oob="true">' in content
    assert 'data-status="returned">Returned</span>' in content
    patrol.refresh_from_db()
    assert (patrol.status, patrol.review_comment) == ("returned", "Add the hotspot visit.")
    # Nothing waits to be shown on the next page: the answer was the page itself.
    assert "Patrol returned." not in client.get(reverse("patrols:review-queue")).content.decode()


def test_an_approval_cannot_be_undone_after_five_minutes_nor_by_another(officer, sergeant, inspector):
    from django.core.exceptions import ValidationError

    patrol = PatrolFactory(officer=officer)
    now = timezone.now()
    services.approve_patrol(user=sergeant, patrol=patrol, now=now)
    with pytest.raises(ValidationError):
        services.undo_approval(user=inspector, patrol=patrol, now=now)
    with pytest.raises(ValidationError):
        services.undo_approval(user=sergeant, patrol=patrol, now=now + timedelta(minutes=5, seconds=1))
    services.undo_approval(user=sergeant, patrol=patrol, now=now + timedelta(minutes=5))
    patrol.refresh_from_db()
    assert patrol.status == "ended"


def test_record_a_past_patrol_preselects_the_officers_own_neighbourhood(client_for, team, officer):
    temple = NeighbourhoodFactory(team=team, name="Temple", code="cl-temple")
    give_neighbourhoods(officer, temple)
    content = client_for(officer).get(reverse("patrols:patrol-add")).content.decode()
    assert f'<option value="{temple.pk}" selected>Temple</option>' in content


# The autumn hour that happens twice: 25/10/2026, 01:00–02:00 BST then 01:00–02:00 GMT.


def past_patrol(**times):
    return {"mode": "foot", "started_at": "2026-10-25T00:30", "summary": "Night shift", **times}


def test_end_in_the_repeated_hour_asks_which_one_instead_of_refusing(client_for, officer):
    client = client_for(officer)
    response = client.post(reverse("patrols:patrol-add"), past_patrol(ended_at="2026-10-25T01:30"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "01:30 on 25/10/2026 happened twice: which one?" in content
    assert "01:30 BST, the first, before the clocks went back" in content
    assert 'value="Night shift"' in content or "Night shift" in content  # nothing typed is lost
    assert Patrol.objects.count() == 0


@pytest.mark.parametrize(("clock", "minutes"), [("bst", 60), ("gmt", 120)])
def test_the_chosen_0130_is_the_end(client_for, officer, clock, minutes):
    response = client_for(officer).post(
        reverse("patrols:patrol-add"), past_patrol(ended_at="2026-10-25T01:30", ended_at_clock=clock)
    )
    assert response.status_code == 302
    patrol = Patrol.objects.get()
    assert patrol.started_at == at("2026-10-25 00:30")
    assert patrol.minutes == minutes


def test_a_time_the_spring_change_skips_is_refused_clearly(client_for, officer):
    response = client_for(officer).post(
        reverse("patrols:patrol-add"),
        {"mode": "foot", "started_at": "2026-03-29T00:30", "ended_at": "2026-03-29T01:30"},
    )
    assert "01:30 on 29/03/2026 did not happen: the clocks went forward an hour." in response.content.decode()
    assert Patrol.objects.count() == 0


def test_navbar_inbox_button_shows_the_unread_count_to_screen_readers(client_for, officer):
    from pcso import reminders

    reminders.schedule(None, kind="x", recipient=officer, due=timezone.now(), title="Visit due")
    reminders.deliver_due()
    content = client_for(officer).get(reverse("home")).content.decode()
    button = content.split("data-inbox>")[1].split("</a>")[0]
    assert "aria-label" not in content.split("data-inbox>")[0].rsplit("<a", 1)[1]
    assert '<span class="visually-hidden"> unread</span>' in button
    assert "bg-pcso" in content
