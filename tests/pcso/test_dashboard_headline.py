"""The neighbourhood dashboard opens with what an inspector reads first: the Neighbourhood Policing
Guarantee per neighbourhood, worst first, and the numbers that changed since the previous period,
each linking to its table. The world is the hand-computed week of test_dashboard_figures.py
(Monday 9 to Sunday 15 February 2026); the figures below were counted from its docstring:

Guarantee measures of the week (contact officers named; queries answered in time, measured
where a query fell due; priorities reviewed within 3 months):
  Aldgate (East)     none named (missed); 1 of 1 in time, 100%; last review 01/10/2025 (missed)
  Farringdon (West)  Aisha Khan, Tom Reilly; 1 of 3 in time, 33% (missed); 01/12/2025
                                              -> Aldgate 2 of 3 missed, then Farringdon 1 of 3
The same figures for the week before (2 to 8 February) against this week:
  queries due           0 -> 4 (Farringdon Tue, Thu, Sat; Aldgate Wed)
  answered in time      0 -> 2
  follow-ups due        0 -> 5 (Aisha Tue, Wed, Thu; Tom Fri; Dan Tue; the cancelled one aside)
  follow-ups on time    0 -> 2 (Aisha Tue, Tom Fri)
  notices issued        1 -> 4 (Aisha's of Sunday 8 the week before; Aisha Mon and Wed, Tom Fri,
                                Dan Tue)
  intelligence submitted 1 -> 4 (R3 on Tuesday 3; R1, R2 once, R4, R5)
  intelligence accepted 0 -> 2 (R1, R5)
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from engagement.models import NeighbourhoodQuery, Priority
from pcso import services
from pcso.models import Role
from tests.factories import NeighbourhoodFactory, OfficerFactory, TeamFactory, give_neighbourhoods

from .test_dashboard_figures import WEEK, at, week_of_work

pytestmark = pytest.mark.django_db


@pytest.fixture
def week(officer, colleague, other_team_officer, sergeant):
    week_of_work(officer, colleague, other_team_officer, 0)


def dashboard(client, query=WEEK) -> str:
    response = client.get(reverse("neighbourhood-dashboard") + query)
    assert response.status_code == 200
    return response.content.decode()


def headline(page: str) -> str:
    start = page.index("data-headline")
    return page[start : page.index("</section>", start)]


def worst_first(page: str) -> list:
    """(neighbourhood, missed, measured, [(measure, value)...]) in the order shown."""
    areas = []
    for match in re.finditer(
        r'<li data-area="([^"]+)" data-missed="(\d+)" data-measured="(\d+)">(.*?)</li>', headline(page), re.S
    ):
        missed = re.findall(r'<strong data-measure="([^"]+)">(.*?)</strong>', match.group(4), re.S)
        areas.append((match.group(1), int(match.group(2)), int(match.group(3)), missed))
    return areas


def changes(page: str) -> list:
    """(label, this period, the period before, link) in the order shown."""
    return re.findall(
        r'<li data-change="([^"]+)" data-now="([^"]+)" data-before="([^"]+)">\s*<a href="([^"]+)"',
        headline(page),
    )


def test_the_headline_comes_first_with_the_guarantee_worst_first(week, client_for, inspector):
    page = dashboard(client_for(inspector))

    first = page.index("data-headline")
    assert page.index("<h1") < first
    for later in ('aria-label="Period"', "data-table=", "data-dashboard-map"):
        assert first < page.index(later), later
    assert worst_first(page) == [
        (
            "Aldgate (East)",
            2,
            3,
            [("Contact officers", "None named"), ("Reviewed within 3 months", "No")],
        ),
        ("Farringdon (West)", 1, 3, [("Queries answered in time", "33%")]),
    ]
    assert 'href="#t-guarantee"' in headline(page)
    assert 'id="t-guarantee"' in page  # the anchor it links to


def test_the_headline_holds_the_numbers_that_changed_since_the_previous_week(week, client_for, inspector):
    page = dashboard(client_for(inspector))

    assert changes(page) == [
        ("Queries due", "4", "0", "#t-guarantee"),
        ("Queries answered within 72 hours", "2", "0", "#t-guarantee"),
        ("Victim follow-ups due", "5", "0", "#t-victims"),
        ("Victim follow-ups done on time", "2", "0", "#t-victims"),
        ("Intelligence reports submitted", "4", "1", "#t-intelligence-flow"),
        ("Intelligence reports accepted", "2", "0", "#t-intelligence-flow"),
        ("Penalty notices issued", "4", "1", "#t-notices"),
    ]
    for _label, _now, _before, anchor in changes(page):
        assert f'id="{anchor[1:]}"' in page


def test_a_sergeant_reads_the_headline_of_their_own_team(week, client_for, sergeant):
    page = dashboard(client_for(sergeant))

    assert worst_first(page) == [("Farringdon (West)", 1, 3, [("Queries answered in time", "33%")])]
    assert changes(page) == [
        ("Queries due", "3", "0", "#t-guarantee"),
        ("Queries answered within 72 hours", "1", "0", "#t-guarantee"),
        ("Victim follow-ups due", "4", "0", "#t-victims"),
        ("Victim follow-ups done on time", "2", "0", "#t-victims"),
        ("Intelligence reports submitted", "3", "1", "#t-intelligence-flow"),
        ("Intelligence reports accepted", "1", "0", "#t-intelligence-flow"),
        ("Penalty notices issued", "3", "1", "#t-notices"),
    ]


def test_a_month_is_compared_with_the_month_before(week, client_for, inspector):
    """February 2026 against January, when nothing of the world happened. February holds the
    week, Aisha's notice of Sunday 8, R3 (Tuesday 3) and Farringdon's query due Monday 16."""
    page = dashboard(client_for(inspector), "?month=2026-02")

    assert changes(page) == [
        ("Queries due", "5", "0", "#t-guarantee"),
        ("Queries answered within 72 hours", "2", "0", "#t-guarantee"),
        ("Victim follow-ups due", "5", "0", "#t-victims"),
        ("Victim follow-ups done on time", "2", "0", "#t-victims"),
        ("Intelligence reports submitted", "5", "0", "#t-intelligence-flow"),
        ("Intelligence reports accepted", "2", "0", "#t-intelligence-flow"),
        ("Penalty notices issued", "5", "0", "#t-notices"),
    ]
    assert "(previous month 0)" in headline(page)


def test_a_quiet_week_says_nothing_changed(week, client_for, inspector):
    page = dashboard(client_for(inspector), "?week=2026-01-19")

    assert changes(page) == []
    assert "Nothing changed since the previous week." in headline(page)


def _more_neighbourhoods(inspector, n):
    """n more teams of the inspector, each with a neighbourhood, a PCSO, an unanswered query due
    in the week and a stale priority."""
    for i in range(n):
        team = TeamFactory(name=f"Extra {i}")
        services.set_team_inspector(team=team, inspector=inspector)
        area = NeighbourhoodFactory(team=team, name=f"Extra area {i}")
        pcso = OfficerFactory(role=Role.PCSO, team=team)
        give_neighbourhoods(pcso)
        received = at("2026-02-10 09:00")
        NeighbourhoodQuery.objects.create(
            team=team,
            neighbourhood=area,
            received_at=received,
            from_name="A resident",
            question="Who is our PCSO?",
            due_at=at("2026-02-13 09:00"),
            recorded_by=pcso,
        )
        day = at("2025-06-01 00:00").date()
        Priority.objects.create(
            team=team, neighbourhood=area, issue="Litter", issue_date=day, reviewed_on=day
        )


def test_the_headline_costs_the_same_queries_with_more_neighbourhoods(week, client_for, inspector):
    client = client_for(inspector)
    dashboard(client)
    with CaptureQueriesContext(connection) as few:
        dashboard(client)

    _more_neighbourhoods(inspector, 6)
    dashboard(client)
    with CaptureQueriesContext(connection) as many:
        page = dashboard(client)

    assert len(many) == len(few)
    # Each extra area misses its query and its review, and has a named contact officer.
    assert [area[:3] for area in worst_first(page)][:3] == [
        ("Aldgate (East)", 2, 3),
        ("Extra area 0 (Extra 0)", 2, 3),
        ("Extra area 1 (Extra 1)", 2, 3),
    ]
