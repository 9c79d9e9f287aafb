"""Dosage and time in locality against figures worked out by hand.

The week under test is Monday 09/02/2026 00:00 to Monday 16/02/2026 00:00 (GMT, so London wall
clock equals UTC); "next week" starts 16/02/2026.
"""

from datetime import date

import pytest

from patrols.queries import patrols as queries
from pcso.models import Officer
from tests.factories import (
    HotspotFactory,
    HotspotVisitFactory,
    NeighbourhoodFactory,
    PatrolFactory,
    PatrolPointFactory,
    give_neighbourhoods,
)

from .conftest import at

pytestmark = pytest.mark.django_db

WEEK = date(2026, 2, 9)
NEXT_WEEK = date(2026, 2, 16)
NOW = at("2026-02-20 12:00")
INSIDE = ("51.511500", "-0.103000")  # inside Farringdon (the test team's neighbourhood)
OUTSIDE = ("51.520000", "-0.080000")  # east of it


def test_week_start_and_bounds():
    assert queries.week_start(date(2026, 2, 15)) == WEEK  # a Sunday
    assert queries.week_start(WEEK) == WEEK
    start, end = queries.week_bounds(date(2026, 3, 23))  # British Summer Time starts on the 29th
    assert (end - start).total_seconds() == 167 * 3600
    assert queries.parse_week("2026-02-12") == WEEK
    assert queries.parse_week("nonsense", now=at("2026-02-11 10:00")) == WEEK


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01", "1999-12-31", "2101-01-01"])
def test_parse_week_outside_the_years_is_this_week(value):
    assert queries.parse_week(value, now=at("2026-02-11 10:00")) == WEEK


def test_parse_week_at_the_ends_of_the_years():
    assert queries.parse_week("2000-01-02") == date(1999, 12, 27)  # a Sunday: its Monday is in 1999
    assert queries.parse_week("2100-12-31") == date(2100, 12, 27)


@pytest.fixture
def visits(team, officer):
    """
    H1 (target 60): 23:50 Tue → 00:10 Wed (20 min, across midnight), 01:00–01:10 Wed (10 min),
                    and 00:30–00:50 Mon 16th (next week).
    H2 (target 30): 23:40 Sun 15th → 00:20 Mon 16th (40 min, 20 each side of the week boundary),
                    and 23:55 Sun 8th → 00:05 Mon 9th (10 min, 5 each side of the previous boundary).
    H3 (target 60): no visits.
    """
    h1 = HotspotFactory(team=team, name="H1", weekly_target_minutes=60)
    h2 = HotspotFactory(team=team, name="H2", weekly_target_minutes=30)
    h3 = HotspotFactory(team=team, name="H3", weekly_target_minutes=60)
    midnight = PatrolFactory(
        officer=officer, started_at=at("2026-02-10 22:00"), ended_at=at("2026-02-11 02:00")
    )
    boundary = PatrolFactory(
        officer=officer, started_at=at("2026-02-15 23:00"), ended_at=at("2026-02-16 01:00")
    )
    before = PatrolFactory(
        officer=officer, started_at=at("2026-02-08 23:50"), ended_at=at("2026-02-09 00:40")
    )
    HotspotVisitFactory(
        patrol=midnight, hotspot=h1, arrived_at=at("2026-02-10 23:50"), left_at=at("2026-02-11 00:10")
    )
    HotspotVisitFactory(
        patrol=midnight, hotspot=h1, arrived_at=at("2026-02-11 01:00"), left_at=at("2026-02-11 01:10")
    )
    HotspotVisitFactory(
        patrol=boundary, hotspot=h1, arrived_at=at("2026-02-16 00:30"), left_at=at("2026-02-16 00:50")
    )
    HotspotVisitFactory(
        patrol=boundary, hotspot=h2, arrived_at=at("2026-02-15 23:40"), left_at=at("2026-02-16 00:20")
    )
    HotspotVisitFactory(
        patrol=before, hotspot=h2, arrived_at=at("2026-02-08 23:55"), left_at=at("2026-02-09 00:05")
    )
    return h1, h2, h3


def figures(rows):
    return [(r.hotspot.name, r.minutes, r.visits, r.full_visits, r.percent_met) for r in rows]


def test_dosage_this_week_most_unmet_first(visits, sergeant):
    rows = queries.team_dosage(sergeant, WEEK, now=NOW)
    # H3 0/60. H1: the 20-minute visit across midnight counts 15 (the cap), the 10-minute one 10:
    # 25/60. H2: the visit begun on Sunday 23:40 counts 15 this week; the one begun the Sunday
    # before belongs to last week: 15/30.
    assert figures(rows) == [("H3", 0, 0, 0, 0), ("H1", 25, 2, 1, 42), ("H2", 15, 1, 1, 50)]
    assert [r.colour for r in rows] == ["red", "red", "amber"]


def test_dosage_next_week_gets_the_rest_of_the_boundary_visit(visits, sergeant):
    rows = queries.team_dosage(sergeant, NEXT_WEEK, now=NOW)
    # A presence belongs to the week it began: H2's Sunday-night visit counted last week. H1:
    # one visit of 20 minutes, counted 15.
    assert figures(rows) == [("H2", 0, 0, 0, 0), ("H3", 0, 0, 0, 0), ("H1", 15, 1, 1, 25)]


def test_dosage_met_target_drops_down_and_is_green(team, officer, sergeant):
    met = HotspotFactory(team=team, name="Met", weekly_target_minutes=15)
    HotspotFactory(team=team, name="Zero", weekly_target_minutes=15)
    patrol = PatrolFactory(
        officer=officer, started_at=at("2026-02-10 09:00"), ended_at=at("2026-02-10 11:00")
    )
    HotspotVisitFactory(
        patrol=patrol, hotspot=met, arrived_at=at("2026-02-10 09:00"), left_at=at("2026-02-10 09:45")
    )
    rows = queries.team_dosage(sergeant, WEEK, now=NOW)
    assert figures(rows) == [("Zero", 0, 0, 0, 0), ("Met", 15, 1, 1, 100)]  # 45 minutes count 15
    assert rows[1].colour == "green"


def test_dosage_leaves_out_inactive_and_other_teams_hotspots(visits, team, other_team, sergeant):
    HotspotFactory(team=team, name="Ended", active_from=date(2025, 1, 1), active_to=date(2026, 2, 8))
    HotspotFactory(team=team, name="Later", active_from=date(2026, 2, 16))
    HotspotFactory(team=other_team, name="Theirs")
    assert [r.hotspot.name for r in queries.team_dosage(sergeant, WEEK, now=NOW)] == ["H3", "H1", "H2"]


def test_dosage_counts_open_visit_up_to_now(team, officer, sergeant):
    h = HotspotFactory(team=team, name="Open")
    patrol = PatrolFactory(
        officer=officer, started_at=at("2026-02-10 09:00"), ended_at=None, status="in_progress"
    )
    HotspotVisitFactory(patrol=patrol, hotspot=h, arrived_at=at("2026-02-10 09:10"), left_at=None)
    assert figures(queries.team_dosage(sergeant, WEEK, now=at("2026-02-10 09:22"))) == [
        ("Open", 12, 1, 0, 20)
    ]


@pytest.fixture
def week_of_patrols(team, officer, colleague, other_team_officer):
    """
    Midnight patrol, Tue 22:00 → Wed 02:00 (240 min), recorded in Farringdon, points at 23:00
    (outside) and 00:30 (inside): 22:00–23:00 in (by neighbourhood, 60), 23:00–00:30 out (90),
    00:30–02:00 in (90) → 150 in of 240.
    Boundary patrol, Sun 23:00 → Mon 01:00, in Farringdon, a point at 23:30 outside:
    23:00–23:30 in (30), 23:30–00:00 out (30) this week; 00:00–01:00 out (60) next week.
    Day patrol, Thu 10:00–12:00, no points, in Farringdon: 120 in.
    This week: 420 minutes, 300 in locality, 71%. Next week: 60 minutes, 0 in, 0%.
    """
    farringdon = team.neighbourhoods.get()
    for pcso in (officer, colleague, other_team_officer):
        give_neighbourhoods(pcso)
    midnight = PatrolFactory(
        officer=officer,
        neighbourhood=farringdon,
        started_at=at("2026-02-10 22:00"),
        ended_at=at("2026-02-11 02:00"),
    )
    PatrolPointFactory(
        patrol=midnight, recorded_at=at("2026-02-10 23:00"), latitude=OUTSIDE[0], longitude=OUTSIDE[1]
    )
    PatrolPointFactory(
        patrol=midnight, recorded_at=at("2026-02-11 00:30"), latitude=INSIDE[0], longitude=INSIDE[1]
    )
    boundary = PatrolFactory(
        officer=officer,
        neighbourhood=farringdon,
        started_at=at("2026-02-15 23:00"),
        ended_at=at("2026-02-16 01:00"),
    )
    PatrolPointFactory(
        patrol=boundary, recorded_at=at("2026-02-15 23:30"), latitude=OUTSIDE[0], longitude=OUTSIDE[1]
    )
    PatrolFactory(
        officer=officer,
        neighbourhood=farringdon,
        started_at=at("2026-02-12 10:00"),
        ended_at=at("2026-02-12 12:00"),
    )
    PatrolFactory(
        officer=other_team_officer, started_at=at("2026-02-12 10:00"), ended_at=at("2026-02-12 12:00")
    )


def locality_figures(rows):
    return [(r.officer.full_name, r.total, r.inside, r.percent, r.meets_target) for r in rows]


def test_time_in_locality_this_week(week_of_patrols, sergeant):
    rows = queries.time_in_locality(sergeant, WEEK, now=NOW)
    assert locality_figures(rows) == [  # PCSOs only: no sergeant at 0 min
        ("Aisha Khan", 420, 300, 71, False),
        ("Tom Reilly", 0, 0, None, False),
    ]


def test_time_in_locality_next_week(week_of_patrols, sergeant):
    rows = queries.time_in_locality(sergeant, NEXT_WEEK, now=NOW)
    assert locality_figures(rows)[0] == ("Aisha Khan", 60, 0, 0, False)


def test_time_in_locality_meets_target_and_other_neighbourhood(team, other_team, officer, sergeant):
    """A patrol recorded in another team's neighbourhood, or nowhere, is outside the locality."""
    give_neighbourhoods(officer)
    PatrolFactory(
        officer=officer,
        neighbourhood=team.neighbourhoods.get(),
        started_at=at("2026-02-10 09:00"),
        ended_at=at("2026-02-10 13:00"),
    )  # 240 in
    PatrolFactory(
        officer=officer,
        neighbourhood=other_team.neighbourhoods.get(),
        started_at=at("2026-02-11 09:00"),
        ended_at=at("2026-02-11 09:30"),
    )  # 30 out
    PatrolFactory(
        officer=officer,
        neighbourhood=None,
        started_at=at("2026-02-12 09:00"),
        ended_at=at("2026-02-12 09:30"),
    )  # 30 out
    row = queries.time_in_locality(sergeant, WEEK, now=NOW)[0]
    assert (row.total, row.inside, row.percent, row.meets_target) == (300, 240, 80, True)


def test_time_in_locality_second_neighbourhood_and_running_patrol(team, officer, sergeant):
    """Points inside any of the officer's own neighbourhoods count; a running patrol counts up to now."""
    second = NeighbourhoodFactory(
        team=team,
        name="Second",
        code="nb-second",
        boundary={
            "type": "Polygon",
            "coordinates": [
                [[-0.09, 51.519], [-0.07, 51.519], [-0.07, 51.522], [-0.09, 51.522], [-0.09, 51.519]]
            ],
        },
    )
    patrol = PatrolFactory(
        officer=officer,
        neighbourhood=None,
        started_at=at("2026-02-10 09:00"),
        ended_at=None,
        status="in_progress",
    )
    give_neighbourhoods(officer, team.neighbourhoods.get(name="Farringdon"), second)
    PatrolPointFactory(
        patrol=patrol, recorded_at=at("2026-02-10 09:15"), latitude=OUTSIDE[0], longitude=OUTSIDE[1]
    )
    # 09:00–09:15 out (no neighbourhood), 09:15–10:00 in (the point is inside "Second").
    row = queries.time_in_locality(sergeant, WEEK, now=at("2026-02-10 10:00"))[0]
    assert (row.total, row.inside, row.percent) == (60, 45, 75)


def test_partnered_patrol_counts_in_both_officers_time_in_locality(officer, colleague, sergeant, team):
    give_neighbourhoods(officer)
    give_neighbourhoods(colleague)
    PatrolFactory(
        officer=officer,
        partner=colleague,
        neighbourhood=team.neighbourhoods.get(),
        started_at=at("2026-02-10 10:00"),
        ended_at=at("2026-02-10 12:00"),
    )
    rows = {r.officer: r for r in queries.time_in_locality(sergeant, WEEK, now=NOW)}
    assert (rows[officer].total, rows[officer].inside, rows[officer].patrols) == (120, 120, 1)
    assert (rows[colleague].total, rows[colleague].inside, rows[colleague].patrols) == (120, 120, 1)
    mine = queries.time_in_locality(
        colleague, WEEK, now=NOW, officers=Officer.objects.filter(pk=colleague.pk)
    )
    assert [(r.officer, r.total) for r in mine] == [(colleague, 120)]


def test_time_in_locality_inspector_sees_each_team(week_of_patrols, inspector, other_team_officer):
    names = [r.officer.full_name for r in queries.time_in_locality(inspector, WEEK, now=NOW)]
    assert names == ["Dan Hughes", "Aisha Khan", "Tom Reilly"]


def test_team_summaries(week_of_patrols, inspector, team, other_team):
    HotspotFactory(team=team, name="Unvisited")
    summary = {
        s["team"].name: (s["hotspots"], s["met"], s["percent"], s["meets_target"])
        for s in queries.team_summaries(inspector, WEEK, now=NOW)
    }
    # East: Dan's 120 minutes were recorded in no neighbourhood.
    assert summary == {"East": (0, 0, 0, False), "West": (1, 0, 71, False)}


# Clock changes: durations are real time, not wall-clock time
# 26/10/2025: clocks go back at 02:00 BST, so 00:30 to 02:30 local is three real hours.


def test_dosage_across_the_autumn_clock_change_counts_real_minutes(team, officer, sergeant):
    h = HotspotFactory(team=team, name="Clock", dose_cap_minutes=240)
    patrol = PatrolFactory(
        officer=officer, started_at=at("2025-10-26 00:00"), ended_at=at("2025-10-26 06:00")
    )
    HotspotVisitFactory(
        patrol=patrol, hotspot=h, arrived_at=at("2025-10-26 00:30"), left_at=at("2025-10-26 02:30")
    )
    rows = queries.hotspot_dosage([h], date(2025, 10, 20), now=at("2025-11-01 12:00"))
    assert (rows[0].minutes, rows[0].visits, rows[0].full_visits) == (180, 1, 0)  # 180 < the 240 cap


def test_time_in_locality_across_the_autumn_clock_change_counts_real_minutes(team, officer, sergeant):
    give_neighbourhoods(officer)
    PatrolFactory(
        officer=officer,
        neighbourhood=team.neighbourhoods.get(),
        started_at=at("2025-10-26 00:00"),
        ended_at=at("2025-10-26 06:00"),
    )
    rows = queries.time_in_locality(sergeant, date(2025, 10, 20), now=at("2025-11-01 12:00"))
    row = next(r for r in rows if r.officer == officer)
    assert (row.total, row.inside) == (7 * 60, 7 * 60)


def test_patrol_and_visit_minutes_across_the_autumn_clock_change(officer, hotspot):
    patrol = PatrolFactory.build(
        officer=officer, started_at=at("2025-10-26 00:00"), ended_at=at("2025-10-26 06:00")
    )
    visit = HotspotVisitFactory.build(
        patrol=patrol, hotspot=hotspot, arrived_at=at("2025-10-26 00:30"), left_at=at("2025-10-26 02:30")
    )
    assert (patrol.minutes, visit.minutes) == (7 * 60, 3 * 60)


def test_overlap_minutes_across_the_autumn_clock_change():
    lo, hi = queries.week_bounds(date(2025, 10, 20))
    assert queries.overlap_minutes(at("2025-10-26 00:30"), at("2025-10-26 02:30"), lo, hi) == 180


# A patrol left running counts 14 hours at most


def test_forgotten_running_patrol_counts_14_hours_in_locality_and_dosage(team, officer, sergeant, hotspot):
    from patrols.services import patrols as services

    give_neighbourhoods(officer)
    patrol = services.start_patrol(officer=officer, now=at("2026-02-10 08:00"))
    services.arrive_at_hotspot(user=officer, patrol=patrol, hotspot=hotspot, now=at("2026-02-10 09:00"))
    later = at("2026-02-12 08:00")  # two days on, never ended
    row = next(r for r in queries.time_in_locality(sergeant, WEEK, now=later) if r.officer == officer)
    assert (row.total, row.inside, row.patrols) == (14 * 60, 14 * 60, 1)
    hotspot.dose_cap_minutes = 13 * 60  # to see the open visit's whole length
    hotspot.save()
    dose = queries.hotspot_dosage([hotspot], WEEK, now=later)[0]
    assert (dose.minutes, dose.visits, dose.full_visits) == (13 * 60, 1, 1)  # 09:00 to 22:00


def test_forgotten_patrol_from_an_earlier_week_counts_nothing_now(team, officer, sergeant, hotspot):
    patrol = PatrolFactory(
        officer=officer, started_at=at("2026-02-01 08:00"), ended_at=None, status="in_progress"
    )
    HotspotVisitFactory(patrol=patrol, hotspot=hotspot, arrived_at=at("2026-02-01 09:00"), left_at=None)
    row = next(r for r in queries.time_in_locality(sergeant, WEEK, now=NOW) if r.officer == officer)
    assert (row.total, row.patrols) == (0, 0)
    assert queries.hotspot_dosage([hotspot], WEEK, now=NOW)[0].minutes == 0


def test_open_visit_on_an_ended_patrol_counts_to_the_patrols_end(team, officer, sergeant, hotspot):
    patrol = PatrolFactory(
        officer=officer, started_at=at("2026-02-10 09:00"), ended_at=at("2026-02-10 11:00")
    )
    HotspotVisitFactory(patrol=patrol, hotspot=hotspot, arrived_at=at("2026-02-10 10:00"), left_at=None)
    hotspot.dose_cap_minutes = 120  # to see the open visit's whole length
    hotspot.save()
    assert queries.hotspot_dosage([hotspot], WEEK, now=NOW)[0].minutes == 60
