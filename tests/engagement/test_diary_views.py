"""Community diary pages (who gets which page: the URL sweep, tests/engagement/sweep_rows.py);
list query counts that do not grow with the rows; bad input kept on the form with a clear
message; "You said, we did" as the police.uk priorities shape."""

import csv
import io
import json
import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from engagement.models import Action, CommunityGroup, DiaryEntry
from engagement.services import diary as diary_services
from tests.factories import make_entry, make_group

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).parent / "data" / "neighbourhood-priority.json"


@pytest.fixture
def diary(officer, sergeant, group):
    """One of everything in `team`: an entry with a concern and an open action, a closed pair,
    a priority, a meeting, a query."""
    now = timezone.now()
    entry = make_entry(officer, [group], concerns=[("asb", "Noise at night", "Patrols")], now=now)
    closed = make_entry(officer, [group], concerns=[("litter", "Fly-tipping", "Council told")], now=now)
    diary_services.complete_action(officer=officer, action=closed.actions.get(), outcome="Cleared", now=now)
    area = group.neighbourhood
    priority = diary_services.set_priority(officer=sergeant, neighbourhood=area, issue="Street drinking")
    meeting = diary_services.record_meeting(
        officer=officer, neighbourhood=area, kind="pact", held_at=now + timedelta(days=3), place="Hall"
    )
    query = diary_services.record_query(
        officer=officer, neighbourhood=area, from_name="Ann", question="Bikes?"
    )
    return {
        "entry": entry,
        "action": entry.actions.get(),
        "group": group,
        "neighbourhood": area,
        "priority": priority,
        "meeting": meeting,
        "query": query,
    }


def test_lists_show_only_the_teams_rows(client_for, diary, other_team_officer, inspector):
    theirs = make_group(other_team_officer, name="Aldgate Traders")
    make_entry(other_team_officer, [theirs], concerns=[("drugs", "Dealing by the station")])
    own = client_for(other_team_officer).get(reverse("engagement:group-list")).content.decode()
    assert "Aldgate Traders" in own
    assert "Smithfield Watch" not in own
    entries = client_for(other_team_officer).get(reverse("engagement:entry-list")).content.decode()
    assert f'data-entry="{diary["entry"].pk}"' not in entries
    everything = client_for(inspector).get(reverse("engagement:group-list")).content.decode()
    assert "Aldgate Traders" in everything
    assert "Smithfield Watch" in everything


# Query counts: the same with 5 rows and with 50


def _fill(officer, sergeant, n):
    now = timezone.now()
    area = officer.team.neighbourhoods.get()
    for i in range(n):
        group = make_group(officer, name=f"Group {i}", now=now - timedelta(days=40))
        entry = make_entry(officer, [group], concerns=[("asb", f"Concern {i}", f"Action {i}")], now=now)
        diary_services.complete_action(
            officer=officer, action=entry.actions.get(), outcome=f"Done {i}", now=now
        )
        make_entry(officer, [group], concerns=[("parking", f"Open {i}", f"Open action {i}")], now=now)
        diary_services.record_meeting(
            officer=officer,
            neighbourhood=area,
            kind="beat",
            held_at=now + timedelta(days=1),
            place=f"Hall {i}",
        )
        diary_services.record_query(
            officer=officer, neighbourhood=area, from_name=f"Caller {i}", question="?"
        )
        priority = diary_services.set_priority(officer=sergeant, neighbourhood=area, issue=f"Priority {i}")
        diary_services.review_priority(officer=sergeant, priority=priority, action="Done", close=True)
    return area


LISTS = [
    ("entry-list", False),
    ("group-list", False),
    ("group-due", False),
    ("meeting-list", False),
    ("query-list", False),
    ("priority-overview", False),
    ("priority-list", True),
    ("you-said-we-did", True),
    ("handover", True),
]


def _queries(client, url) -> int:
    client.get(url)  # warm the per-process caches (content types) so only the rows differ
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("who", ["officer", "inspector"])
def test_list_query_counts_do_not_grow_with_rows(client_for, officer, sergeant, inspector, who):
    user = {"officer": officer, "sergeant": sergeant, "inspector": inspector}[who]
    area = _fill(officer, sergeant, 5)
    client = client_for(user)
    urls = [reverse(f"engagement:{name}", args=[area.pk] if per_area else []) for name, per_area in LISTS] + [
        reverse("home")
    ]
    few = [_queries(client, url) for url in urls]
    _fill(officer, sergeant, 45)
    assert DiaryEntry.objects.count() == 100
    many = [_queries(client, url) for url in urls]
    assert many == few


# Bad input: a clear message on the form, nothing typed lost


def _entry_post(group, **overrides):
    data = {
        "groups": [group.pk],
        "kind": "meeting",
        "place": "Market hall",
        "notes": "Twelve residents came.",
        "concerns-TOTAL_FORMS": "2",
        "concerns-INITIAL_FORMS": "0",
        "concerns-MIN_NUM_FORMS": "0",
        "concerns-MAX_NUM_FORMS": "1000",
        "concerns-0-category": "youth",
        "concerns-0-description": "Bikes through the market at night",
        "concerns-0-action": "Evening patrols",
        "concerns-0-action_due_on": (timezone.localdate() + timedelta(days=7)).isoformat(),
        "concerns-1-category": "parking",
        "concerns-1-description": "Vans on the pavement",
    }
    data.update(overrides)
    return data


def test_entry_form_saves_entry_concerns_and_action(client_for, officer, group):
    response = client_for(officer).post(reverse("engagement:entry-create"), _entry_post(group))
    entry = DiaryEntry.objects.get()
    assert response.status_code == 302
    assert response["Location"] == entry.get_absolute_url()
    assert list(entry.concerns.order_by("pk").values_list("category", "description")) == [
        ("youth", "Bikes through the market at night"),
        ("parking", "Vans on the pavement"),
    ]
    assert list(Action.objects.values_list("description", "owner")) == [("Evening patrols", officer.pk)]
    assert entry.officer == officer
    group.refresh_from_db()
    assert group.last_contact_at == entry.occurred_at


def _kept(html: str) -> bool:
    return all(
        text in html
        for text in (
            "Market hall",
            "Twelve residents came.",
            "Bikes through the market at night",
            "Vans on the pavement",
        )
    )


def test_a_past_due_date_for_a_new_action_is_refused_and_kept(client_for, officer, group):
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = client_for(officer).post(
        reverse("engagement:entry-create"), _entry_post(group, **{"concerns-0-action_due_on": yesterday})
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "The due date of a new action cannot be in the past." in html
    assert _kept(html)
    assert f'value="{yesterday}"' in html
    assert DiaryEntry.objects.count() == 0


def test_an_empty_concern_is_refused_and_kept(client_for, officer, group):
    response = client_for(officer).post(
        reverse("engagement:entry-create"), _entry_post(group, **{"concerns-1-description": "  "})
    )
    html = response.content.decode()
    assert "Write down the concern, or empty this row." in html
    assert "Bikes through the market at night" in html
    assert "Market hall" in html
    assert DiaryEntry.objects.count() == 0


def test_another_teams_group_in_the_post_is_refused_and_kept(client_for, officer, group, other_group):
    response = client_for(officer).post(
        reverse("engagement:entry-create"), _entry_post(group, groups=[group.pk, other_group.pk])
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "That is not one of your team&#x27;s groups: choose again." in html
    assert _kept(html)
    assert DiaryEntry.objects.count() == 0
    other_group.refresh_from_db()
    assert other_group.last_contact_at is None


def test_add_another_concern_keeps_what_was_typed(client_for, officer, group):
    data = _entry_post(group, add_concern="1")
    response = client_for(officer).post(reverse("engagement:entry-create"), data)
    html = response.content.decode()
    assert _kept(html)
    assert 'name="concerns-TOTAL_FORMS" value="3"' in html
    assert 'data-concern="2"' in html
    assert DiaryEntry.objects.count() == 0


def test_group_preselected_when_coming_from_a_group(client_for, officer, group, other_group):
    client = client_for(officer)
    html = client.get(reverse("engagement:entry-create") + f"?group={group.pk}").content.decode()
    assert f'value="{group.pk}" id="id_groups_0" checked' in html or f'value="{group.pk}"' in html
    assert client.get(reverse("engagement:entry-create") + f"?group={other_group.pk}").status_code == 404


def test_another_teams_neighbourhood_for_a_group_is_refused(client_for, officer, other_team):
    response = client_for(officer).post(
        reverse("engagement:group-create"),
        {
            "name": "Sneaky",
            "kind": "watch",
            "neighbourhood": other_team.neighbourhoods.get().pk,
            "contact_officer": officer.pk,
            "contact_method": "phone",
            "contact_every_days": 30,
        },
    )
    html = response.content.decode()
    assert "That is not one of your team&#x27;s choices: choose again." in html
    assert 'value="Sneaky"' in html
    assert CommunityGroup.objects.count() == 0


def test_completing_an_action_without_an_outcome_keeps_the_page(client_for, diary, officer):
    action = diary["action"]
    response = client_for(officer).post(
        reverse("engagement:action-complete", args=[action.pk]), {f"action-{action.pk}-outcome": ""}
    )
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    action.refresh_from_db()
    assert action.status == "open"


def test_adding_a_past_action_keeps_what_was_typed(client_for, diary, officer):
    entry = diary["entry"]
    response = client_for(officer).post(
        reverse("engagement:action-add", args=[entry.pk]),
        {
            "description": "Leaflet drop",
            "owner": officer.pk,
            "due_on": (timezone.localdate() - timedelta(days=2)).isoformat(),
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "The due date of a new action cannot be in the past." in html
    assert "Leaflet drop" in html


# "You said, we did"


def test_you_said_we_did_json_has_the_police_uk_keys_and_date_format(client_for, diary, officer):
    sample = json.loads(SAMPLE.read_text())
    response = client_for(officer).get(
        reverse("engagement:you-said-we-did-json", args=[diary["neighbourhood"].pk])
    )
    assert response["Content-Type"] == "application/json"
    rows = response.json()
    assert len(rows) == 1
    assert sorted(rows[0]) == sorted(sample)
    for key in ("issue-date", "action-date"):
        # The same format as the sample: it parses with the sample's own pattern and prints back alike.
        fmt = "%Y-%m-%dT%H:%M:%S"
        assert datetime.strptime(sample[key], fmt).strftime(fmt) == sample[key]
        assert datetime.strptime(rows[0][key], fmt).strftime(fmt) == rows[0][key]
        assert len(rows[0][key]) == len(sample[key])
    today = timezone.localdate().isoformat()
    assert rows[0] == {
        "issue": "Fly-tipping",
        "issue-date": f"{today}T00:00:00",
        "action": "Cleared",
        "action-date": f"{today}T00:00:00",
    }


def test_you_said_we_did_csv_and_page(client_for, diary, officer):
    area = diary["neighbourhood"]
    client = client_for(officer)
    response = client.get(reverse("engagement:you-said-we-did-csv", args=[area.pk]))
    rows = list(csv.reader(io.StringIO(response.getvalue().decode())))
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert rows == [
        ["You said", "Raised on", "We did", "Done on", "Category"],
        ["Fly-tipping", today, "Cleared", today, "Litter and fly-tipping"],
    ]
    page = client.get(reverse("engagement:you-said-we-did", args=[area.pk])).content.decode()
    assert "Fly-tipping" in page
    assert "Noise at night" not in page  # still open


def test_handover_pack_lists_the_beat(client_for, diary, officer):
    html = (
        client_for(officer)
        .get(reverse("engagement:handover", args=[diary["neighbourhood"].pk]))
        .content.decode()
    )
    assert f'data-group="{diary["group"].pk}"' in html
    assert f'data-priority="{diary["priority"].pk}"' in html
    assert f'data-action="{diary["action"].pk}"' in html
    assert f'data-meeting="{diary["meeting"].pk}"' in html
    assert f'data-query="{diary["query"].pk}"' in html
    assert "Noise at night" in html
    assert "Fly-tipping" not in html  # closed


def test_my_day_lists_my_groups_due_with_record_links(client_for, officer, group):
    html = client_for(officer).get(reverse("home")).content.decode()
    assert f'data-record-contact="{group.pk}"' in html  # registered 1 March 2026: long due
    assert f'href="/engagement/diary/new/?group={group.pk}"' in html


def test_sergeant_corrects_a_pcsos_entry_and_removes_a_concern(client_for, diary, sergeant):
    from pcso.models import AuditEntry

    entry = diary["entry"]
    concern = entry.concerns.get()
    data = {
        "groups": [diary["group"].pk],
        "kind": "street",
        "occurred_at": "",
        "place": "Corrected place",
        "notes": "",
        "concerns-TOTAL_FORMS": "2",
        "concerns-INITIAL_FORMS": "1",
        "concerns-MIN_NUM_FORMS": "0",
        "concerns-MAX_NUM_FORMS": "1000",
        "concerns-0-concern_id": str(concern.pk),
        "concerns-0-category": "asb",
        "concerns-0-description": "Noise at night",
        "concerns-0-DELETE": "on",
        "concerns-1-category": "drugs",
        "concerns-1-description": "Dealing in the park",
    }
    response = client_for(sergeant).post(reverse("engagement:entry-edit", args=[entry.pk]), data)
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.kind, entry.place) == ("street", "Corrected place")
    assert list(entry.concerns.values_list("category", "description")) == [("drugs", "Dealing in the park")]
    assert (
        AuditEntry.objects.filter(action="engagement.diaryentry.updated", object_id=str(entry.pk)).count()
        == 1
    )


def test_recording_an_entry_is_audited(client_for, officer, group):
    from pcso.models import AuditEntry

    client_for(officer).post(reverse("engagement:entry-create"), _entry_post(group))
    entry = DiaryEntry.objects.get()
    recorded = AuditEntry.objects.get(action="engagement.diary_entry.recorded")
    assert (recorded.actor, recorded.object_id, recorded.changes) == (
        officer,
        str(entry.pk),
        {"groups": [group.pk], "concerns": 2},
    )


def test_my_day_flags_neighbourhoods_whose_priorities_need_review(client_for, officer, team):
    html = client_for(officer).get(reverse("home")).content.decode()
    assert f'data-flagged-neighbourhood="{team.neighbourhoods.get().pk}"' in html


def test_victims_stay_out_of_the_diary(client_for, diary, officer):
    from tests.factories import make_case

    make_case(officer, victim_name="Jane Victim", reference="CAD-4242")
    client = client_for(officer)
    area = diary["neighbourhood"].pk
    for url in (
        reverse("engagement:handover", args=[area]),
        reverse("engagement:entry-list"),
        reverse("engagement:you-said-we-did", args=[area]),
    ):
        html = client.get(url).content.decode()
        assert "Jane Victim" not in html
        assert "CAD-4242" not in html


def test_priorities_page_flags_the_stale_active_priority_not_hidden_by_a_closed_one(
    client_for, sergeant, team
):
    """The only active priority was last reviewed six months ago; another was closed last week.
    The page and the overview flag the neighbourhood, and mark the stale priority."""
    area = team.neighbourhoods.get()
    stale = diary_services.set_priority(
        officer=sergeant, neighbourhood=area, issue="Drinking", now=timezone.now() - timedelta(days=183)
    )
    closed = diary_services.set_priority(officer=sergeant, neighbourhood=area, issue="Cycling")
    diary_services.review_priority(officer=sergeant, priority=closed, action="Done", close=True)
    client = client_for(sergeant)

    page = client.get(reverse("engagement:priority-list", args=[area.pk])).content.decode()
    overview = client.get(reverse("engagement:priority-overview")).content.decode()

    assert "data-flagged>" in page
    assert re.findall(r'data-review-overdue="(\d+)"', page) == [str(stale.pk)]
    assert f'data-neighbourhood="{area.pk}" data-flagged="yes"' in overview
