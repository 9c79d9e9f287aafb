"""Issue 10, patrols: dosage as the union of every officer's presence, capped per continuous
presence; time in locality per officer's own neighbourhoods, the team's figure its PCSOs'.
Figures worked out by hand. The week is Monday 09/02/2026 to Monday 16/02/2026 (GMT)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from patrols.queries import patrols as queries
from tests.factories import (
    HotspotFactory,
    HotspotVisitFactory,
    NeighbourhoodFactory,
    PatrolFactory,
    give_neighbourhoods,
)

from .conftest import at

pytestmark = pytest.mark.django_db

WEEK = date(2026, 2, 9)
NOW = at("2026-02-20 12:00")


def visit(officer, hotspot, arrived, left):
    patrol = PatrolFactory(officer=officer, started_at=at(arrived), ended_at=at(left))
    return HotspotVisitFactory(patrol=patrol, hotspot=hotspot, arrived_at=at(arrived), left_at=at(left))


def dose(hotspot):
    row = queries.hotspot_dosage([hotspot], WEEK, now=NOW)[0]
    return (row.minutes, row.visits, row.full_visits)


def test_two_officers_there_together_are_one_presence(team, officer, colleague):
    hotspot = HotspotFactory(team=team, name="Square")
    visit(officer, hotspot, "2026-02-10 10:00", "2026-02-10 10:15")
    visit(colleague, hotspot, "2026-02-10 10:00", "2026-02-10 10:15")
    assert dose(hotspot) == (15, 1, 1)  # not 30 minutes and 2 visits


def test_a_long_stay_counts_up_to_the_cap_and_the_hotspot_stays_up_the_list(team, officer, sergeant):
    long_stay = HotspotFactory(team=team, name="A long stay", weekly_target_minutes=60)
    two_short = HotspotFactory(team=team, name="B two short visits", weekly_target_minutes=60)
    visit(officer, long_stay, "2026-02-10 10:00", "2026-02-10 11:00")
    visit(officer, two_short, "2026-02-11 10:00", "2026-02-11 10:15")
    visit(officer, two_short, "2026-02-12 10:00", "2026-02-12 10:15")
    rows = queries.team_dosage(sergeant, WEEK, now=NOW)
    assert [(r.hotspot.name, r.minutes, r.percent_met) for r in rows] == [
        ("A long stay", 15, 25),  # one 60-minute visit does not meet a 60-minute target
        ("B two short visits", 30, 50),
    ]


def test_cap_is_set_per_hotspot(team, officer):
    hotspot = HotspotFactory(team=team, name="Park", dose_cap_minutes=20)
    visit(officer, hotspot, "2026-02-10 10:00", "2026-02-10 11:00")
    assert dose(hotspot) == (20, 1, 1)


def test_overlaps_across_midnight_worked_by_hand(team, officer, colleague, other_team_officer):
    """Saturday night into Sunday: Aisha 23:50–00:05 and Tom 00:00–00:20 overlap, one presence
    23:50–00:20 (30 minutes, counted 15); Tom again 00:30–00:40 after a gap, a second presence
    of 10 minutes. 25 minutes, 2 visits, 1 of the full 15."""
    hotspot = HotspotFactory(team=team, name="Night", weekly_target_minutes=60)
    aisha = PatrolFactory(officer=officer, started_at=at("2026-02-14 23:00"), ended_at=at("2026-02-15 01:00"))
    tom = PatrolFactory(officer=colleague, started_at=at("2026-02-14 23:30"), ended_at=at("2026-02-15 01:00"))
    HotspotVisitFactory(
        patrol=aisha, hotspot=hotspot, arrived_at=at("2026-02-14 23:50"), left_at=at("2026-02-15 00:05")
    )
    HotspotVisitFactory(
        patrol=tom, hotspot=hotspot, arrived_at=at("2026-02-15 00:00"), left_at=at("2026-02-15 00:20")
    )
    HotspotVisitFactory(
        patrol=tom, hotspot=hotspot, arrived_at=at("2026-02-15 00:30"), left_at=at("2026-02-15 00:40")
    )
    assert dose(hotspot) == (25, 2, 1)


def test_back_to_back_visits_are_one_continuous_presence(team, officer, colleague):
    hotspot = HotspotFactory(team=team, name="Handover")
    visit(officer, hotspot, "2026-02-10 10:00", "2026-02-10 10:10")
    visit(colleague, hotspot, "2026-02-10 10:10", "2026-02-10 10:20")
    assert dose(hotspot) == (15, 1, 1)


def test_dosage_query_count_does_not_grow_with_visits(team, officer, colleague, sergeant):
    hotspots = [HotspotFactory(team=team, name=f"H{i}") for i in range(3)]
    visit(officer, hotspots[0], "2026-02-10 10:00", "2026-02-10 10:15")
    queries.team_dosage(sergeant, WEEK, now=NOW)  # the user's permissions are read once, then cached
    with CaptureQueriesContext(connection) as few:
        queries.team_dosage(sergeant, WEEK, now=NOW)
    for day in range(10, 15):
        for hotspot in hotspots:
            visit(colleague, hotspot, f"2026-02-{day} 12:00", f"2026-02-{day} 12:30")
    with CaptureQueriesContext(connection) as many:
        rows = queries.team_dosage(sergeant, WEEK, now=NOW)
    assert len(many) == len(few)
    assert sorted(r.minutes for r in rows) == [75, 75, 90]


# Time in locality


@pytest.fixture
def temple(team):
    return NeighbourhoodFactory(
        team=team,
        name="Temple",
        code="cl-temple",
        boundary={
            "type": "Polygon",
            "coordinates": [
                [[-0.09, 51.519], [-0.07, 51.519], [-0.07, 51.522], [-0.09, 51.522], [-0.09, 51.519]]
            ],
        },
    )


def test_time_in_locality_counts_each_officers_own_neighbourhoods(team, temple, officer, colleague, sergeant):
    farringdon = team.neighbourhoods.get(name="Farringdon")
    give_neighbourhoods(officer, farringdon)
    give_neighbourhoods(colleague, temple)
    for pcso in (officer, colleague):
        PatrolFactory(
            officer=pcso,
            neighbourhood=farringdon,
            started_at=at("2026-02-10 10:00"),
            ended_at=at("2026-02-10 11:00"),
        )
    rows = {
        r.officer: (r.total, r.inside, r.percent) for r in queries.time_in_locality(sergeant, WEEK, now=NOW)
    }
    assert rows == {officer: (60, 60, 100), colleague: (60, 0, 0)}  # not 100% for both


def test_team_figure_is_its_pcsos_and_sergeants_are_not_listed(team, officer, sergeant, inspector):
    give_neighbourhoods(officer)
    PatrolFactory(
        officer=officer,
        neighbourhood=team.neighbourhoods.get(),
        started_at=at("2026-02-10 10:00"),
        ended_at=at("2026-02-10 12:00"),
    )
    PatrolFactory(
        officer=sergeant,
        neighbourhood=None,
        started_at=at("2026-02-11 10:00"),
        ended_at=at("2026-02-11 14:00"),
    )
    rows = queries.time_in_locality(sergeant, WEEK, now=NOW)
    assert [r.officer for r in rows] == [officer]
    summary = {
        s["team"].name: (s["percent"], s["meets_target"])
        for s in queries.team_summaries(inspector, WEEK, now=NOW)
    }
    assert summary == {"West": (100, True)}  # the sergeant's 4 hours outside are not the team's


def test_locality_page_shows_a_team_subtotal_and_no_sergeant(
    client_for, team, temple, officer, colleague, sergeant
):
    give_neighbourhoods(officer, team.neighbourhoods.get(name="Farringdon"))
    give_neighbourhoods(colleague, temple)
    for pcso, start, end in ((officer, "10:00", "13:00"), (colleague, "10:00", "11:00")):
        PatrolFactory(
            officer=pcso,
            neighbourhood=team.neighbourhoods.get(name="Farringdon"),
            started_at=at(f"2026-02-10 {start}"),
            ended_at=at(f"2026-02-10 {end}"),
        )
    response = client_for(sergeant).get(reverse("patrols:locality"), {"week": "2026-02-09"})
    content = response.content.decode()
    assert f'data-officer="{sergeant.pk}"' not in content
    assert (
        "0 min"
        not in content.split(f'data-team-total="{team.pk}"')[0].split(f'data-officer="{officer.pk}"')[0]
    )
    total = content.split(f'data-team-total="{team.pk}">')[1].split("</tr>")[0]
    assert "West: all PCSOs" in total and "240 min" in total and "180 min" in total and "75%" in total


def test_locality_page_query_count_does_not_grow_with_patrols(client_for, team, officer, colleague, sergeant):
    give_neighbourhoods(officer)
    give_neighbourhoods(colleague)
    client = client_for(sergeant)
    url = reverse("patrols:locality")
    PatrolFactory(officer=officer, started_at=at("2026-02-10 10:00"), ended_at=at("2026-02-10 11:00"))
    with CaptureQueriesContext(connection) as few:
        client.get(url, {"week": "2026-02-09"})
    for day in range(10, 15):
        for pcso in (officer, colleague):
            PatrolFactory(
                officer=pcso, started_at=at(f"2026-02-{day} 14:00"), ended_at=at(f"2026-02-{day} 15:00")
            )
    with CaptureQueriesContext(connection) as many:
        client.get(url, {"week": "2026-02-09"})
    assert len(many) == len(few)


def test_sergeant_sets_an_officers_own_neighbourhoods(client_for, team, temple, officer, sergeant):
    from patrols.services.patrols import own_neighbourhoods

    give_neighbourhoods(officer)
    response = client_for(sergeant).post(
        reverse("patrols:officer-neighbourhoods", args=[officer.pk]), {"neighbourhoods": [temple.pk]}
    )
    assert response.status_code == 302
    assert own_neighbourhoods(officer) == [temple]
