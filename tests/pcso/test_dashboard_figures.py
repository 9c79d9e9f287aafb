"""Dashboard figures against a hand-computed week: Monday 9 to Sunday 15 February 2026.

West (the sergeant's team):
  Aisha (officer)  patrol Sun 8, 23:00 – Mon 9, 01:00 (1 h in the week)
                   patrol Mon 9, 10:00 – 12:30 with Tom as partner (2.5 h each),
                   at a hotspot 10:30 – 10:50 and 11:00 – 11:10 (30 min, each of them)
  Tom (colleague)  patrol Wed 11, 14:00 – 15:00 (1 h)                -> Aisha 3.5 h, Tom 3.5 h
  Follow-ups due in the week: Aisha's Tue (done early), Wed (done a day late), Thu (still open);
  Tom's Fri (done early); one cancelled                             -> Aisha 1 on time 2 overdue,
                                                                       Tom 1 on time 0 overdue
East (another team of the inspector): Dan patrols 5 h on Tuesday, has 1 follow-up due Tue, open.

The community diary, intelligence and penalty notices of the same week:
  Diary            Aisha: entries Mon (2 concerns, one closed Thu) and Tue; a concern raised in
                   her entry of Mon 2 closed Wed                     -> 2 contacts, 2 raised, 2 closed
                   Tom: an entry Fri, no concern                     -> 1 contact
                   Dan: an entry Tue with a concern                  -> 1 contact, 1 raised
  Intelligence     R1 Aisha: submitted Mon, under review Tue, accepted Wed, disseminated Thu
                   R2 Aisha: submitted Tue, under review Tue, returned Wed, submitted again Thu
                   R3 Aisha: submitted Tue 3 (last week), under review and rejected Mon
                   R4 Tom: submitted Fri                             -> Aisha 2 submitted 1 accepted,
                   R5 Dan: submitted Tue, under review and accepted Wed  Tom 1 / 0, Dan 1 / 1
                   West's flow 3 submitted, 3 under review, 1 accepted, 1 returned, 1 rejected,
                   1 disseminated; East's 1, 1, 1, 0, 0, 0. To review now: R2, R4 (West).
  Notices          Aisha: Sun 8 (last week), Mon (paid), Wed; Tom: Fri (cancelled); Dan: Tue
                                                                     -> Aisha 2, Tom 1, Dan 1; West:
                                                                        1 awaiting, 1 paid, 1 cancelled
Neighbourhood queries (72 hours to answer) whose answer fell due in the week:
  Farringdon (West)  received Sat 7, due Tue, answered Mon (in time); received Mon, due Thu,
                     answered Fri (late); received Wed, due Sat, unanswered; received Fri, due
                     Mon 16 (next week)                              -> 3 due, 1 in time, 33%
  Aldgate (East)     received Sun 8, due Wed, answered Tue           -> 1 due, 1 in time, 100%
Priorities: Farringdon reviewed 1 December 2025 (and one 20 February, after the week);
Aldgate 1 October 2025 (more than 3 months before Sunday 15 February). Aisha and Tom have
Farringdon as their own neighbourhood: its contact officers; Aldgate has none.
"""

import csv
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from engagement.models import Concern, DiaryEntry, FollowUp, NeighbourhoodQuery, Priority
from intelligence.models import IntelligenceReport, ReportEvent
from patrols.models import FixedPenaltyNotice
from pcso.models import AuditEntry, Role
from tests.factories import (
    HotspotFactory,
    HotspotVisitFactory,
    OfficerFactory,
    PatrolFactory,
    give_neighbourhoods,
    make_case,
    make_notice,
)

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
    diary_intelligence_and_notices(officer, colleague, other_team_officer, when)


def entry(officer, at, *concerns):
    """A diary entry; concerns as (raised_at, closed_at or None)."""
    area = officer.team.neighbourhoods.get()
    made = DiaryEntry.objects.create(team=officer.team, neighbourhood=area, officer=officer, occurred_at=at)
    for raised, closed in concerns:
        Concern.objects.create(
            entry=made,
            team=officer.team,
            neighbourhood=area,
            category=Concern.Category.ASB,
            description="Youths on the estate",
            raised_at=raised,
            status=Concern.Status.CLOSED if closed else Concern.Status.OPEN,
            closed_at=closed,
        )


def report(officer, status, *steps):
    """An intelligence report with its steps, as (action, at)."""
    made = IntelligenceReport.objects.create(
        team=officer.team, submitted_by=officer, status=status, text="A grey van", submitted_at=steps[0][1]
    )
    for action, at in steps:
        ReportEvent.objects.create(report=made, actor=officer, action=action, at=at)


def notice(officer, at, status=None):
    made = make_notice(officer, issued_at=at, now=at + timedelta(hours=1))
    if status:
        made.status = status
        made.save()


def query(officer, received, answered=None):
    NeighbourhoodQuery.objects.create(
        team=officer.team,
        neighbourhood=officer.team.neighbourhoods.get(),
        received_at=received,
        from_name="A resident",
        question="When is the next PACT meeting?",
        due_at=received + timedelta(hours=72),
        answer="Thursday" if answered else "",
        answered_at=answered,
        answered_by=officer if answered else None,
        recorded_by=officer,
    )


def priority(officer, reviewed_on):
    Priority.objects.create(
        team=officer.team,
        neighbourhood=officer.team.neighbourhoods.get(),
        issue="Cycling on the footway",
        issue_date=reviewed_on,
        reviewed_on=reviewed_on,
    )


def diary_intelligence_and_notices(officer, colleague, other_team_officer, when):
    entry(
        officer,
        when("2026-02-09 10:15"),
        (when("2026-02-09 10:15"), when("2026-02-12 16:00")),
        (when("2026-02-09 10:15"), None),
    )
    entry(officer, when("2026-02-10 15:00"))
    entry(officer, when("2026-02-02 15:00"), (when("2026-02-02 15:00"), when("2026-02-11 09:00")))
    entry(colleague, when("2026-02-13 11:00"))
    entry(other_team_officer, when("2026-02-10 09:00"), (when("2026-02-10 09:00"), None))

    Step = ReportEvent.Action
    report(
        officer,
        "accepted",
        (Step.SUBMITTED, when("2026-02-09 09:00")),
        (Step.REVIEW_STARTED, when("2026-02-10 09:00")),
        (Step.ACCEPTED, when("2026-02-11 09:00")),
        (Step.DISSEMINATED, when("2026-02-12 09:00")),
    )
    report(
        officer,
        "submitted",
        (Step.SUBMITTED, when("2026-02-10 09:00")),
        (Step.REVIEW_STARTED, when("2026-02-10 11:00")),
        (Step.RETURNED, when("2026-02-11 11:00")),
        (Step.SUBMITTED, when("2026-02-12 11:00")),
    )
    report(
        officer,
        "rejected",
        (Step.SUBMITTED, when("2026-02-03 09:00")),
        (Step.REVIEW_STARTED, when("2026-02-09 09:30")),
        (Step.REJECTED, when("2026-02-09 10:00")),
    )
    report(colleague, "submitted", (Step.SUBMITTED, when("2026-02-13 09:00")))
    report(
        other_team_officer,
        "accepted",
        (Step.SUBMITTED, when("2026-02-10 09:00")),
        (Step.REVIEW_STARTED, when("2026-02-11 09:00")),
        (Step.ACCEPTED, when("2026-02-11 10:00")),
    )

    notice(officer, when("2026-02-08 22:00"))
    notice(officer, when("2026-02-09 11:00"), FixedPenaltyNotice.Status.PAID)
    notice(officer, when("2026-02-11 11:00"))
    notice(colleague, when("2026-02-13 11:00"), FixedPenaltyNotice.Status.CANCELLED)
    notice(other_team_officer, when("2026-02-10 11:00"))

    query(officer, when("2026-02-07 09:00"), answered=when("2026-02-09 12:00"))
    query(officer, when("2026-02-09 12:00"), answered=when("2026-02-13 12:00"))
    query(officer, when("2026-02-11 10:00"))
    query(officer, when("2026-02-13 10:00"))
    query(other_team_officer, when("2026-02-08 10:00"), answered=when("2026-02-10 10:00"))
    priority(officer, when("2025-12-01 00:00").date())
    priority(officer, when("2026-02-20 00:00").date())
    priority(other_team_officer, when("2025-10-01 00:00").date())
    give_neighbourhoods(officer)
    give_neighbourhoods(colleague)


@pytest.fixture
def week(officer, colleague, other_team_officer, sergeant):
    week_of_work(officer, colleague, other_team_officer, 0)


def csv_lines(client, page, key, query=WEEK):
    response = client.get(reverse("dashboard-export", args=[page, key]) + query)
    assert response.status_code == 200
    marking, *lines = b"".join(response.streaming_content).decode().splitlines()
    assert marking == "OFFICIAL-SENSITIVE"
    return lines


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
        ["Tom Reilly", "3.5", "30", "1", "0"],  # her partner at the hotspot
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


def csv_rows(client, page, key, query=WEEK):
    return list(csv.reader(csv_lines(client, page, key, query)))


def test_team_page_diary_intelligence_and_notices_per_officer(week, client_for, sergeant):
    lines = csv_lines(client_for(sergeant), "team", "officers")

    assert columns(
        lines,
        "Diary contacts",
        "Concerns raised",
        "Concerns closed",
        "Intelligence submitted",
        "Intelligence accepted",
        "Notices issued",
    ) == [
        ["Marcus Bell", "0", "0", "0", "0", "0", "0"],
        ["Aisha Khan", "2", "2", "2", "2", "1", "2"],
        ["Tom Reilly", "1", "0", "0", "1", "0", "1"],
    ]


def test_a_concern_closed_by_a_colleague_counts_for_the_colleague(
    week, client_for, sergeant, officer, colleague
):
    entry(officer, at("2026-02-03 10:00"), (at("2026-02-03 10:00"), at("2026-02-12 16:07")))
    concern = Concern.objects.get(closed_at=at("2026-02-12 16:07"))
    concern.closed_by = colleague  # Tom completed the last action of Aisha's concern
    concern.save()
    lines = csv_lines(client_for(sergeant), "team", "officers")
    assert columns(lines, "Concerns raised", "Concerns closed") == [
        ["Marcus Bell", "0", "0"],
        ["Aisha Khan", "2", "2"],
        ["Tom Reilly", "0", "1"],
    ]


def test_team_page_queues_hold_intelligence_to_review(week, client_for, sergeant):
    page = client_for(sergeant).get(reverse("team-dashboard") + WEEK).content.decode()

    assert 'Intelligence to review <span class="badge bg-primary rounded-pill" data-count>2</span>' in page
    assert f'href="{reverse("intelligence:review-queue")}"' in page


def test_intelligence_flow_and_notices_by_status_per_team(week, client_for, inspector, sergeant):
    flow = [
        "Team,Submitted,Under review,Accepted,Returned for changes,Rejected,Disseminated",
        "East,1,1,1,0,0,0",
        "West,3,3,1,1,1,1",
    ]
    note = "Reports that took each step in the period; a report counts once per step."
    notices = [
        "Team,Issued,Awaiting payment,Part paid,Paid,Register as fine,Refer to court,"
        "Challenged: hearing requested,Cancelled",
        "East,1,1,0,0,0,0,0,0",
        "West,3,1,0,1,0,0,0,1",
    ]
    for page in ("team", "neighbourhoods"):
        assert csv_lines(client_for(inspector), page, "intelligence-flow") == [*flow, note]
        assert csv_lines(client_for(inspector), page, "notices") == notices
    assert csv_lines(client_for(sergeant), "team", "intelligence-flow") == [flow[0], flow[2], note]
    assert csv_lines(client_for(sergeant), "neighbourhoods", "notices") == [notices[0], notices[2]]


def test_month_holds_the_notice_of_the_sunday_before(week, client_for, sergeant):
    lines = csv_lines(client_for(sergeant), "team", "officers", "?month=2026-02")
    assert columns(lines, "Notices issued", "Diary contacts")[1:] == [
        ["Aisha Khan", "3", "3"],
        ["Tom Reilly", "1", "1"],
    ]


def test_guarantee_measures_per_neighbourhood(week, client_for, inspector, sergeant, other_sergeant):
    header = [
        "Neighbourhood",
        "Contact officers",
        "Queries due",
        "Answered within 72 hours",
        "Queries answered in time",
        "Priorities last reviewed",
        "Reviewed within 3 months",
    ]
    farringdon = ["Farringdon (West)", "Aisha Khan, Tom Reilly", "3", "1", "33%", "01/12/2025", "Yes"]
    aldgate = ["Aldgate (East)", "None named", "1", "1", "100%", "01/10/2025", "No"]

    assert csv_rows(client_for(inspector), "neighbourhoods", "guarantee") == [header, aldgate, farringdon]
    assert csv_rows(client_for(sergeant), "neighbourhoods", "guarantee") == [header, farringdon]
    assert csv_rows(client_for(other_sergeant), "neighbourhoods", "guarantee") == [header, aldgate]


def test_neighbourhood_dashboard_charts_the_guarantee_beside_its_table(week, client_for, inspector):
    page = client_for(inspector).get(reverse("neighbourhood-dashboard") + WEEK).content.decode()

    for key in ("guarantee", "intelligence-flow", "notices", "victims"):
        assert f'canvas data-chart-for="table-{key}"' in page
        assert f'href="{reverse("dashboard-export", args=["neighbourhoods", key])}?week=2026-02-09"' in page
    assert '<th scope="row">Farringdon (West)</th><td data-value="Aisha Khan, Tom Reilly">' in page


def test_another_command_sees_none_of_these_figures(week, client_for, outside_team):
    north_sergeant = OfficerFactory(role=Role.SERGEANT, team=outside_team)
    client = client_for(north_sergeant)

    assert csv_rows(client, "neighbourhoods", "guarantee")[1:] == [
        ["Islington (North)", "None named", "0", "0", "—", "No active priority", "No"]
    ]
    assert csv_lines(client, "neighbourhoods", "notices")[1:] == ["North,0,0,0,0,0,0,0,0"]
    assert csv_lines(client, "team", "intelligence-flow")[1:2] == ["North,0,0,0,0,0,0"]
    officers = csv_lines(client, "team", "officers")
    assert len(officers) == 2 and "Aisha" not in "".join(officers)


@pytest.mark.parametrize("key", ["guarantee", "intelligence-flow", "notices"])
@pytest.mark.parametrize("who", ["officer", "administrator"])
def test_new_tables_are_not_there_for_pcsos_and_administrators(week, client_for, request, key, who):
    client = client_for(request.getfixturevalue(who))
    response = client.get(reverse("dashboard-export", args=["neighbourhoods", key]) + WEEK)
    assert (response.status_code, response["Content-Type"]) == (404, "text/html; charset=utf-8")
    assert b"There is nothing here, or it is not yours to see." in response.content
    assert AuditEntry.objects.filter(action=f"dashboard.neighbourhoods.{key}.exported").count() == 0


def test_the_team_chart_draws_five_headline_figures_an_officer(week, client_for, sergeant):
    page = client_for(sergeant).get(reverse("team-dashboard") + WEEK).content.decode()
    table = page[page.index('id="table-officers"') :]
    charted = [int(i) for i in re.search(r'data-chart-columns="([\d,]+)"', table).group(1).split(",")]
    headers = re.findall(r'<th scope="col"[^>]*>([^<]+)</th>', table[: table.index("</thead>")])
    assert [headers[i] for i in charted] == [
        "Patrol hours",
        "Diary contacts",
        "Follow-ups on time",
        "Follow-ups overdue",
        "Intelligence submitted",
    ]


def test_answered_within_72_hours_counts_real_hours_across_the_clock_change(client_for, inspector, officer):
    """Received Fri 23/10/2026 12:00 BST: due Mon 26/10/2026 11:00 GMT, 72 real hours later (the
    clocks went back on the Sunday). Answered at 10:30 it is in time; at 11:30, late."""
    from engagement.services import diary as diary_services

    received = at("2026-10-23 12:00")
    for answered in ("2026-10-26 10:30", "2026-10-26 11:30"):
        made = diary_services.record_query(
            officer=officer,
            neighbourhood=officer.team.neighbourhoods.get(),
            from_name="A resident",
            question="When is the next PACT meeting?",
            received_at=received,
            now=received,
        )
        diary_services.answer_query(officer=officer, query=made, answer="Thursday", now=at(answered))

    rows = csv_rows(client_for(inspector), "neighbourhoods", "guarantee", "?week=2026-10-26")
    header = rows[0]
    farringdon = dict(zip(header, next(row for row in rows if row[0] == "Farringdon (West)"), strict=True))
    assert [
        farringdon[k] for k in ("Queries due", "Answered within 72 hours", "Queries answered in time")
    ] == [
        "2",
        "1",
        "50%",
    ]


def test_reviewed_within_3_months_is_per_active_priority(client_for, inspector, officer):
    """Farringdon's only active priority was last reviewed on 1 October 2025, more than 3 months
    before Sunday 15 February 2026; a priority closed on 10 February proves nothing about it."""
    area = officer.team.neighbourhoods.get()
    Priority.objects.create(
        team=officer.team, neighbourhood=area, issue="Drinking", issue_date=at("2025-09-01 00:00").date(),
        reviewed_on=at("2025-10-01 00:00").date(),
    )  # fmt: skip
    Priority.objects.create(
        team=officer.team, neighbourhood=area, issue="Cycling", issue_date=at("2025-12-01 00:00").date(),
        reviewed_on=at("2026-02-10 00:00").date(), status=Priority.Status.CLOSED,
    )  # fmt: skip

    rows = csv_rows(client_for(inspector), "neighbourhoods", "guarantee")
    farringdon = dict(zip(rows[0], next(row for row in rows if row[0] == "Farringdon (West)"), strict=True))
    assert [farringdon["Priorities last reviewed"], farringdon["Reviewed within 3 months"]] == [
        "01/10/2025",
        "No",
    ]


def test_hotspot_minutes_and_doses_credit_the_partner_by_each_hotspots_cap(
    client_for, sergeant, officer, colleague
):
    """Aisha patrols with Tom on Monday 9 February, 10:00 – 12:30. At hotspot A (its own cap 25
    minutes) they stay 20 minutes (short of a dose) and then 30 (a dose); at hotspot B (cap 10),
    12 and 11 minutes (two doses). Each of them: 73 minutes, 3 doses."""
    area = officer.team.neighbourhoods.get()
    patrol = PatrolFactory(
        officer=officer,
        partner=colleague,
        neighbourhood=area,
        started_at=at("2026-02-09 10:00"),
        ended_at=at("2026-02-09 12:30"),
    )
    a = HotspotFactory(team=officer.team, neighbourhood=area, name="A", dose_cap_minutes=25)
    b = HotspotFactory(team=officer.team, neighbourhood=area, name="B", dose_cap_minutes=10)
    for hotspot, arrived, left in (
        (a, "10:05", "10:25"),
        (a, "10:30", "11:00"),
        (b, "11:10", "11:22"),
        (b, "11:30", "11:41"),
    ):
        HotspotVisitFactory(
            patrol=patrol,
            hotspot=hotspot,
            arrived_at=at(f"2026-02-09 {arrived}"),
            left_at=at(f"2026-02-09 {left}"),
        )

    lines = csv_lines(client_for(sergeant), "team", "officers")
    assert columns(lines, "Minutes at hotspots", "Hotspot doses met")[1:] == [
        ["Aisha Khan", "73", "3"],
        ["Tom Reilly", "73", "3"],
    ]
