"""Dashboard figures against a hand-computed week: Monday 9 to Sunday 15 February 2026.

West (the sergeant's team):
  Aisha (officer)  patrol Sun 8, 23:00 – Mon 9, 01:00 (1 h in the week)
                   patrol Mon 9, 10:00 – 12:30 with Tom as partner (2.5 h each),
                   at a hotspot 10:30 – 10:50 and 11:00 – 11:10 (30 min)
  Tom (colleague)  patrol Wed 11, 14:00 – 15:00 (1 h)                -> Aisha 3.5 h, Tom 3.5 h
  Follow-ups due in the week: Aisha's Tue (done early), Wed (done a day late), Thu (still open);
  Tom's Fri (done early); one cancelled                             -> Aisha 1 on time 2 overdue,
                                                                       Tom 1 on time 0 overdue
East (another team of the inspector): Dan patrols 5 h on Tuesday, has 1 follow-up due Tue, open.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from engagement.models import FollowUp
from tests.factories import HotspotFactory, HotspotVisitFactory, PatrolFactory, make_case

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
WEEK = "?week=2026-02-09"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=LONDON)


def follow_up(case, officer, due, completed=None, cancelled=None):
    return FollowUp.objects.create(
        case=case,
        kind=FollowUp.Kind.VISIT,
        assigned_to=officer,
        due_at=due,
        completed_at=completed,
        cancelled_at=cancelled,
    )


def week_of_work(officer, colleague, other_team_officer, start):
    """One week as in the module docstring, moved `start` weeks on from 9 February."""
    shift = timedelta(weeks=start)

    def when(text):
        return at(text) + shift

    area = officer.team.neighbourhoods.get()
    PatrolFactory(officer=officer, started_at=when("2026-02-08 23:00"), ended_at=when("2026-02-09 01:00"))
    patrol = PatrolFactory(
        officer=officer,
        partner=colleague,
        neighbourhood=area,
        started_at=when("2026-02-09 10:00"),
        ended_at=when("2026-02-09 12:30"),
    )
    hotspot = HotspotFactory(team=officer.team, neighbourhood=area)
    HotspotVisitFactory(
        patrol=patrol, hotspot=hotspot, arrived_at=when("2026-02-09 10:30"), left_at=when("2026-02-09 10:50")
    )
    HotspotVisitFactory(
        patrol=patrol, hotspot=hotspot, arrived_at=when("2026-02-09 11:00"), left_at=when("2026-02-09 11:10")
    )
    PatrolFactory(officer=colleague, started_at=when("2026-02-11 14:00"), ended_at=when("2026-02-11 15:00"))
    PatrolFactory(
        officer=other_team_officer, started_at=when("2026-02-10 08:00"), ended_at=when("2026-02-10 13:00")
    )

    case = make_case(officer, now=at("2026-01-05 09:00") + shift)
    FollowUp.objects.filter(case=case).delete()

    follow_up(case, officer, when("2026-02-10 10:00"), completed=when("2026-02-10 09:00"))
    follow_up(case, officer, when("2026-02-11 10:00"), completed=when("2026-02-12 10:00"))
    follow_up(case, officer, when("2026-02-12 10:00"))
    follow_up(case, colleague, when("2026-02-13 10:00"), completed=when("2026-02-13 09:30"))
    follow_up(case, colleague, when("2026-02-13 11:00"), cancelled=when("2026-02-12 09:00"))
    other_case = make_case(other_team_officer, now=at("2026-01-05 09:00") + shift)
    FollowUp.objects.filter(case=other_case).delete()
    follow_up(other_case, other_team_officer, when("2026-02-10 10:00"))


@pytest.fixture
def week(officer, colleague, other_team_officer, sergeant):
    week_of_work(officer, colleague, other_team_officer, 0)


def csv_lines(client, page, key, query=WEEK):
    response = client.get(reverse("dashboard-export", args=[page, key]) + query)
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode().splitlines()


def columns(lines, *names):
    header = lines[0].split(",")
    picked = [header.index(n) for n in names]
    return [[row.split(",")[0]] + [row.split(",")[i] for i in picked] for row in lines[1:]]


def test_team_page_per_officer_figures(week, client_for, sergeant):
    lines = csv_lines(client_for(sergeant), "team", "officers")

    assert columns(
        lines, "Patrol hours", "Minutes at hotspots", "Follow-ups on time", "Follow-ups overdue"
    ) == [
        ["Marcus Bell", "0", "0", "0", "0"],
        ["Aisha Khan", "3.5", "30", "1", "2"],
        ["Tom Reilly", "3.5", "0", "1", "0"],
    ]


def test_team_page_queues(week, client_for, sergeant):
    page = client_for(sergeant).get(reverse("team-dashboard") + WEEK).content.decode()

    assert 'Patrols to sign off <span class="badge bg-primary rounded-pill" data-count>3</span>' in page
    assert 'Follow-ups overdue <span class="badge bg-primary rounded-pill" data-count>1</span>' in page


def test_inspector_sees_every_team_of_the_command(week, client_for, inspector):
    lines = csv_lines(client_for(inspector), "team", "officers")
    assert columns(lines, "Patrol hours", "Follow-ups overdue") == [
        ["Dan Hughes (East)", "5.0", "1"],
        ["Marcus Bell (West)", "0", "0"],
        ["Aisha Khan (West)", "3.5", "2"],
        ["Tom Reilly (West)", "3.5", "0"],
    ]
    victims = csv_lines(client_for(inspector), "neighbourhoods", "victims")
    assert victims == [
        "Team,Follow-ups due,Done on time,On time,Open high-risk cases",
        "East,1,0,0%,0",
        "West,4,2,50%,0",
    ]


def test_month_of_february_holds_the_week(week, client_for, sergeant):
    lines = csv_lines(client_for(sergeant), "team", "officers", "?month=2026-02")
    assert columns(lines, "Patrol hours", "Follow-ups on time", "Follow-ups overdue")[1:] == [
        ["Aisha Khan", "4.5", "1", "2"],
        ["Tom Reilly", "3.5", "1", "0"],
    ]


def test_other_teams_and_commands_see_none_of_it(week, client_for, other_sergeant, other_inspector):
    assert columns(csv_lines(client_for(other_sergeant), "team", "officers"), "Patrol hours") == [
        ["Dan Hughes", "5.0"],
        ["Priya Shah", "0"],
    ]
    client = client_for(other_inspector)  # commands no team here
    assert client.get(reverse("dashboard-export", args=["team", "officers"]) + WEEK).status_code == 404
    assert client.get(reverse("team-dashboard") + WEEK).status_code == 404


@pytest.mark.parametrize("name", ["team-dashboard", "neighbourhood-dashboard"])
def test_dashboard_queries_are_the_same_with_one_week_and_ten(
    officer, colleague, other_team_officer, sergeant, inspector, client_for, name
):
    url = reverse(name) + WEEK
    week_of_work(officer, colleague, other_team_officer, 0)
    one = {}
    for user in (sergeant, inspector):
        client = client_for(user)
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        one[user.pk] = len(queries)

    for n in range(1, 10):
        week_of_work(officer, colleague, other_team_officer, -n)

    for user in (sergeant, inspector):
        client = client_for(user)
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        assert len(queries) == one[user.pk]
