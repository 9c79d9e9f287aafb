from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from patrols.models import HotspotVisit, Patrol, PatrolActivity
from patrols.services import patrols as services
from pcso.models import AuditEntry, Reminder
from tests.factories import HotspotVisitFactory, PatrolFactory

from .conftest import at

pytestmark = pytest.mark.django_db

NOW = at("2026-02-12 12:00")


def refusal(call) -> dict:
    with pytest.raises(ValidationError) as caught:
        call()
    error = caught.value
    return error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}


def record(officer, start, end, **kwargs):
    return services.record_patrol(
        officer=officer, mode="foot", started_at=at(start), ended_at=at(end), now=NOW, **kwargs
    )


def test_start_patrol_defaults_team_and_neighbourhood(officer, team):
    patrol = services.start_patrol(officer=officer, mode="cycle", now=NOW)
    assert patrol.team == team
    assert patrol.neighbourhood == team.neighbourhoods.get()
    assert patrol.status == Patrol.Status.IN_PROGRESS
    assert patrol.started_at == NOW
    assert patrol.ended_at is None
    assert AuditEntry.objects.filter(action="patrols.patrol.started", object_id=str(patrol.pk)).count() == 1


def test_start_patrol_refused_while_one_is_running(officer):
    services.start_patrol(officer=officer, now=NOW - timedelta(hours=1))
    errors = refusal(lambda: services.start_patrol(officer=officer, now=NOW))
    assert errors == {"started_at": ["This overlaps your patrol of 12/02/2026 11:00, still running."]}


def test_start_patrol_refused_without_a_team(inspector):
    with pytest.raises(PermissionDenied):
        services.start_patrol(officer=inspector, now=NOW)


def test_end_patrol_with_summary_closes_open_visit(officer, hotspot):
    patrol = services.start_patrol(officer=officer, now=NOW - timedelta(hours=2))
    visit = services.arrive_at_hotspot(
        user=officer, patrol=patrol, hotspot=hotspot, now=NOW - timedelta(hours=1)
    )
    services.end_patrol(user=officer, patrol=patrol, summary="Quiet", now=NOW)
    patrol.refresh_from_db()
    visit.refresh_from_db()
    assert (patrol.status, patrol.summary, patrol.ended_at) == (Patrol.Status.ENDED, "Quiet", NOW)
    assert visit.left_at == NOW


def test_only_the_officer_partner_or_supervisor_changes_a_patrol(
    officer, colleague, sergeant, other_sergeant
):
    patrol = services.start_patrol(officer=officer, partner=colleague, now=NOW - timedelta(hours=1))
    services.add_activity(user=colleague, patrol=patrol, kind="engagement", now=NOW)
    services.add_activity(user=sergeant, patrol=patrol, kind="advice", now=NOW)
    from tests.factories import OfficerFactory

    third = OfficerFactory(team=officer.team)
    with pytest.raises(PermissionDenied):
        services.add_activity(user=third, patrol=patrol, kind="engagement", now=NOW)
    with pytest.raises(PermissionDenied):
        services.add_activity(user=other_sergeant, patrol=patrol, kind="engagement", now=NOW)
    assert list(patrol.activities.values_list("kind", flat=True)) == ["engagement", "advice"]


# Each refusal of point 2, with its message


def test_refuses_end_before_start(officer):
    errors = refusal(lambda: record(officer, "2026-02-10 11:00", "2026-02-10 09:00"))
    assert errors == {"ended_at": ["The patrol must end after it starts."]}
    errors = refusal(lambda: record(officer, "2026-02-10 11:00", "2026-02-10 11:00"))
    assert errors == {"ended_at": ["The patrol must end after it starts."]}


def test_refuses_overlapping_patrols(officer):
    record(officer, "2026-02-10 09:00", "2026-02-10 11:00")
    errors = refusal(lambda: record(officer, "2026-02-10 10:30", "2026-02-10 12:00"))
    assert errors == {"started_at": ["This overlaps your patrol of 10/02/2026 09:00 to 10/02/2026 11:00."]}
    errors = refusal(lambda: record(officer, "2026-02-10 08:00", "2026-02-10 13:00"))
    assert errors == {"started_at": ["This overlaps your patrol of 10/02/2026 09:00 to 10/02/2026 11:00."]}
    # Touching ends are not an overlap, and another officer's patrol is not either.
    assert record(officer, "2026-02-10 11:00", "2026-02-10 12:00").pk


def test_other_officers_patrol_is_no_overlap(officer, colleague):
    record(officer, "2026-02-10 09:00", "2026-02-10 11:00")
    assert record(colleague, "2026-02-10 09:00", "2026-02-10 11:00").officer == colleague


def test_refuses_a_patrol_overlapping_one_where_the_officer_was_partner(officer, colleague):
    record(colleague, "2026-02-10 09:00", "2026-02-10 11:00", partner=officer)
    errors = refusal(lambda: record(officer, "2026-02-10 10:00", "2026-02-10 12:00"))
    assert errors == {"started_at": ["This overlaps your patrol of 10/02/2026 09:00 to 10/02/2026 11:00."]}


def test_refuses_a_partner_who_is_already_on_patrol(officer, colleague):
    record(colleague, "2026-02-10 09:00", "2026-02-10 11:00")
    errors = refusal(lambda: record(officer, "2026-02-10 10:00", "2026-02-10 12:00", partner=colleague))
    assert errors == {
        "partner": ["Your partner is already on a patrol at that time: 10/02/2026 09:00 to 10/02/2026 11:00."]
    }
    assert record(officer, "2026-02-10 11:00", "2026-02-10 12:00", partner=colleague).partner == colleague


def test_refuses_patrol_over_14_hours(officer):
    errors = refusal(lambda: record(officer, "2026-02-10 06:00", "2026-02-10 20:01"))
    assert errors == {"ended_at": ["A patrol cannot be longer than 14 hours."]}
    assert record(officer, "2026-02-10 06:00", "2026-02-10 20:00").minutes == 14 * 60


def test_refuses_future_times(officer):
    errors = refusal(lambda: record(officer, "2026-02-12 11:00", "2026-02-12 12:30"))
    assert errors == {"ended_at": ["The end cannot be in the future."]}
    errors = refusal(lambda: record(officer, "2026-02-12 13:00", "2026-02-12 14:00"))
    assert errors == {
        "started_at": ["The start cannot be in the future."],
        "ended_at": ["The end cannot be in the future."],
    }


def test_refuses_patrol_before_2000(officer):
    errors = refusal(lambda: record(officer, "1999-12-31 20:00", "1999-12-31 22:00"))
    assert errors == {"started_at": ["A patrol cannot start before 2000."]}


def test_refuses_hotspot_visit_outside_its_patrol(officer, hotspot):
    patrol = record(officer, "2026-02-10 09:00", "2026-02-10 11:00")
    message = {
        "arrived_at": ["A hotspot visit must fall inside its patrol (10/02/2026 09:00 to 10/02/2026 11:00)."]
    }
    for arrived, left in [("08:50", "09:20"), ("10:50", "11:10"), ("12:00", "12:30")]:
        errors = refusal(
            lambda a=arrived, b=left: services.record_hotspot_visit(
                user=officer,
                patrol=patrol,
                hotspot=hotspot,
                arrived_at=at(f"2026-02-10 {a}"),
                left_at=at(f"2026-02-10 {b}"),
                now=NOW,
            )
        )
        assert errors == message
    errors = refusal(
        lambda: services.record_hotspot_visit(
            user=officer,
            patrol=patrol,
            hotspot=hotspot,
            arrived_at=at("2026-02-10 10:00"),
            left_at=at("2026-02-10 09:30"),
            now=NOW,
        )
    )
    assert errors == {"left_at": ["Leaving must come after arriving."]}
    visit = services.record_hotspot_visit(
        user=officer,
        patrol=patrol,
        hotspot=hotspot,
        arrived_at=at("2026-02-10 09:00"),
        left_at=at("2026-02-10 09:20"),
        now=NOW,
    )
    assert visit.minutes == 20


def test_refuses_moving_a_patrol_away_from_its_visits(officer, hotspot):
    patrol = record(officer, "2026-02-10 09:00", "2026-02-10 11:00")
    HotspotVisitFactory(
        patrol=patrol, hotspot=hotspot, arrived_at=at("2026-02-10 10:30"), left_at=at("2026-02-10 10:50")
    )
    errors = refusal(
        lambda: services.update_patrol(
            user=officer,
            patrol=patrol,
            mode="foot",
            started_at=at("2026-02-10 09:00"),
            ended_at=at("2026-02-10 10:00"),
            neighbourhood=None,
            partner=None,
            summary="",
            now=NOW,
        )
    )
    assert errors == {
        "ended_at": ["A hotspot visit must fall inside its patrol (10/02/2026 09:00 to 10/02/2026 10:00)."]
    }


def _move(officer, patrol, start, end):
    return services.update_patrol(
        user=officer,
        patrol=patrol,
        mode="foot",
        started_at=at(start),
        ended_at=at(end),
        neighbourhood=None,
        partner=None,
        summary="",
        now=NOW,
    )


def test_refuses_moving_a_patrol_away_from_its_activities(officer):
    from tests.factories import PatrolActivityFactory

    patrol = record(officer, "2026-02-10 09:00", "2026-02-10 11:00")
    PatrolActivityFactory(patrol=patrol, kind="school", at=at("2026-02-10 09:15"))
    PatrolActivityFactory(patrol=patrol, kind="cctv", at=at("2026-02-10 10:45"))
    errors = refusal(lambda: _move(officer, patrol, "2026-02-10 09:30", "2026-02-10 11:00"))
    assert errors == {
        "started_at": [
            "The activity “School visit” at 10/02/2026 09:15 would fall outside the patrol: "
            "change the times to include it."
        ]
    }
    errors = refusal(lambda: _move(officer, patrol, "2026-02-10 09:00", "2026-02-10 10:30"))
    assert errors == {
        "ended_at": [
            "The activity “CCTV collected” at 10/02/2026 10:45 would fall outside the patrol: "
            "change the times to include it."
        ]
    }
    assert _move(officer, patrol, "2026-02-10 09:15", "2026-02-10 10:45").minutes == 90


def test_refuses_moving_a_patrol_away_from_its_route_points(officer):
    from tests.factories import PatrolPointFactory

    patrol = record(officer, "2026-02-10 09:00", "2026-02-10 11:00")
    PatrolPointFactory(patrol=patrol, recorded_at=at("2026-02-10 10:40"))
    errors = refusal(lambda: _move(officer, patrol, "2026-02-10 09:00", "2026-02-10 10:00"))
    assert errors == {
        "ended_at": [
            "The route point of 10/02/2026 10:40 would fall outside the patrol: change the times to include it."
        ]
    }
    patrol.refresh_from_db()
    assert patrol.ended_at == at("2026-02-10 11:00")


def test_refuses_other_teams_hotspot(officer, other_hotspot):
    patrol = services.start_patrol(officer=officer, now=NOW - timedelta(hours=1))
    errors = refusal(
        lambda: services.arrive_at_hotspot(user=officer, patrol=patrol, hotspot=other_hotspot, now=NOW)
    )
    assert errors == {"hotspot": ["Choose one of your team's hotspots."]}


def test_arriving_at_a_second_hotspot_leaves_the_first(officer, hotspot, team):
    from tests.factories import HotspotFactory

    second = HotspotFactory(team=team, name="Paternoster Square")
    patrol = services.start_patrol(officer=officer, now=NOW - timedelta(hours=1))
    first = services.arrive_at_hotspot(
        user=officer, patrol=patrol, hotspot=hotspot, now=NOW - timedelta(minutes=40)
    )
    services.arrive_at_hotspot(user=officer, patrol=patrol, hotspot=second, now=NOW - timedelta(minutes=20))
    first.refresh_from_db()
    assert first.minutes == 20
    visit = HotspotVisit.objects.get(hotspot=second)
    services.leave_hotspot(user=officer, visit=visit, now=NOW)
    visit.refresh_from_db()
    assert visit.minutes == 20


def test_second_arrival_at_the_same_hotspot_is_the_same_visit(officer, hotspot):
    patrol = services.start_patrol(officer=officer, now=NOW - timedelta(hours=1))
    first = services.arrive_at_hotspot(
        user=officer, patrol=patrol, hotspot=hotspot, now=NOW - timedelta(minutes=5)
    )
    again = services.arrive_at_hotspot(user=officer, patrol=patrol, hotspot=hotspot, now=NOW)
    assert again == first
    assert list(HotspotVisit.objects.values_list("arrived_at", "left_at")) == [
        (NOW - timedelta(minutes=5), None)
    ]
    assert AuditEntry.objects.filter(action="patrols.hotspot.arrived").count() == 1


def test_refuses_arrival_at_an_inactive_hotspot(officer, team):
    from tests.factories import HotspotFactory

    ended = HotspotFactory(team=team, name="Closed", active_to=NOW.date() - timedelta(days=1))
    later = HotspotFactory(team=team, name="Later", active_from=NOW.date() + timedelta(days=1))
    patrol = services.start_patrol(officer=officer, now=NOW - timedelta(hours=1))
    for hotspot in (ended, later):
        errors = refusal(
            lambda h=hotspot: services.arrive_at_hotspot(user=officer, patrol=patrol, hotspot=h, now=NOW)
        )
        assert errors == {"hotspot": ["This hotspot is not active today."]}
    assert HotspotVisit.objects.count() == 0


def test_arrival_on_a_patrol_ended_meanwhile_is_refused(officer, hotspot):
    patrol = services.start_patrol(officer=officer, now=NOW - timedelta(hours=1))
    stale = Patrol.objects.get(pk=patrol.pk)  # the page the second tap came from
    services.end_patrol(user=officer, patrol=patrol, now=NOW - timedelta(minutes=1))
    errors = refusal(lambda: services.arrive_at_hotspot(user=officer, patrol=stale, hotspot=hotspot, now=NOW))
    assert errors == {"__all__": ["Arrivals can only be recorded while the patrol is running."]}
    assert HotspotVisit.objects.count() == 0


def test_second_end_of_a_patrol_is_refused_and_changes_nothing(officer):
    patrol = services.start_patrol(officer=officer, now=NOW - timedelta(hours=1))
    stale = Patrol.objects.get(pk=patrol.pk)
    services.end_patrol(user=officer, patrol=patrol, summary="First", now=NOW - timedelta(minutes=1))
    errors = refusal(lambda: services.end_patrol(user=officer, patrol=stale, summary="Second", now=NOW))
    assert errors == {"__all__": ["This patrol has already ended."]}
    patrol.refresh_from_db()
    assert (patrol.summary, patrol.ended_at) == ("First", NOW - timedelta(minutes=1))
    assert AuditEntry.objects.filter(action="patrols.patrol.ended").count() == 1


def test_second_leave_of_a_hotspot_is_refused(officer, hotspot):
    patrol = services.start_patrol(officer=officer, now=NOW - timedelta(hours=1))
    visit = services.arrive_at_hotspot(
        user=officer, patrol=patrol, hotspot=hotspot, now=NOW - timedelta(minutes=30)
    )
    stale = HotspotVisit.objects.get(pk=visit.pk)
    services.leave_hotspot(user=officer, visit=visit, now=NOW - timedelta(minutes=10))
    errors = refusal(lambda: services.leave_hotspot(user=officer, visit=stale, now=NOW))
    assert errors == {"__all__": ["You have already left this hotspot."]}
    visit.refresh_from_db()
    assert visit.minutes == 20


def test_other_activity_needs_its_text(officer):
    patrol = services.start_patrol(officer=officer, now=NOW - timedelta(hours=1))
    errors = refusal(
        lambda: services.add_activity(user=officer, patrol=patrol, kind="other", other_text=" ", now=NOW)
    )
    assert errors == {"other_text": ["Say what the activity was."]}
    activity = services.add_activity(
        user=officer, patrol=patrol, kind="other", other_text="Lost dog", now=NOW
    )
    assert (activity.label, activity.at) == ("Lost dog", NOW)
    assert (
        services.add_activity(user=officer, patrol=patrol, kind="school", other_text="x", now=NOW).other_text
        == ""
    )


def test_activity_must_fall_inside_patrol(officer):
    patrol = record(officer, "2026-02-10 09:00", "2026-02-10 11:00")
    errors = refusal(
        lambda: services.add_activity(
            user=officer, patrol=patrol, kind="cctv", at=at("2026-02-10 12:00"), now=NOW
        )
    )
    assert errors == {
        "at": ["The activity must fall inside its patrol (10/02/2026 09:00 to 10/02/2026 11:00)."]
    }
    assert PatrolActivity.objects.count() == 0


def test_points_only_while_running(officer):
    patrol = services.start_patrol(officer=officer, now=NOW - timedelta(hours=1))
    point = services.add_point(
        user=officer, patrol=patrol, latitude="51.5115", longitude="-0.103", source="map", now=NOW
    )
    assert (point.source, point.recorded_at) == ("map", NOW)
    services.end_patrol(user=officer, patrol=patrol, now=NOW)
    errors = refusal(
        lambda: services.add_point(user=officer, patrol=patrol, latitude="51.5", longitude="-0.1", now=NOW)
    )
    assert errors == {"__all__": ["Points can only be added while the patrol is running."]}


# Sign-off


def test_sergeant_approves_and_pcso_is_notified(officer, sergeant):
    patrol = PatrolFactory(officer=officer, started_at=at("2026-02-10 09:00"))
    services.approve_patrol(user=sergeant, patrol=patrol, comment="Good work", now=NOW)
    patrol.refresh_from_db()
    assert (patrol.status, patrol.reviewed_by, patrol.review_comment) == ("approved", sergeant, "Good work")
    reminder = Reminder.objects.get(kind="patrol-approved")
    # Told once the approval can no longer be undone.
    told = NOW + timedelta(minutes=5)
    assert (reminder.recipient, reminder.due_at, reminder.url) == (officer, told, patrol.get_absolute_url())
    assert reminder.title == "Your patrol of 10/02/2026 was approved by Marcus Bell"
    assert AuditEntry.objects.filter(action="patrols.patrol.signed_off").count() == 1
    from pcso import reminders
    from pcso.models import Notification

    assert reminders.deliver_due(now=NOW) == 0
    assert reminders.deliver_due(now=told) == 1
    assert Notification.objects.get(recipient=officer).title == reminder.title


def test_sergeant_returns_with_comment_and_pcso_resubmits(officer, sergeant):
    patrol = PatrolFactory(officer=officer, started_at=at("2026-02-10 09:00"))
    errors = refusal(lambda: services.return_patrol(user=sergeant, patrol=patrol, comment="  ", now=NOW))
    assert errors == {"comment": ["Say what needs changing."]}
    services.return_patrol(user=sergeant, patrol=patrol, comment="Add the school visit", now=NOW)
    patrol.refresh_from_db()
    assert (patrol.status, patrol.review_comment) == ("returned", "Add the school visit")
    assert Reminder.objects.get(kind="patrol-returned").title == (
        "Your patrol of 10/02/2026 was returned: Add the school visit"
    )
    services.update_patrol(
        user=officer,
        patrol=patrol,
        mode="foot",
        started_at=patrol.started_at,
        ended_at=patrol.ended_at,
        neighbourhood=None,
        partner=None,
        summary="With the school visit",
        now=NOW,
    )
    patrol.refresh_from_db()
    assert patrol.status == "ended"
    told = Reminder.objects.get(kind="patrol-resubmitted")
    assert (told.recipient, told.due_at, told.title) == (
        sergeant,
        NOW,
        f"Patrol of 10/02/2026 by {officer.full_name} corrected and back for review",
    )


def test_signoff_needs_supervision_of_the_team(officer, colleague, other_sergeant, inspector, outside_team):
    patrol = PatrolFactory(officer=officer)
    for user in (colleague, officer, other_sergeant):
        with pytest.raises(PermissionDenied):
            services.approve_patrol(user=user, patrol=patrol, now=NOW)
    services.approve_patrol(user=inspector, patrol=patrol, now=NOW)
    assert Patrol.objects.get().status == "approved"


def test_signoff_only_once_and_approved_patrol_is_locked(officer, sergeant):
    patrol = PatrolFactory(officer=officer)
    services.approve_patrol(user=sergeant, patrol=patrol, now=NOW)
    assert refusal(lambda: services.return_patrol(user=sergeant, patrol=patrol, comment="x", now=NOW)) == {
        "__all__": ["Only an ended patrol awaiting review can be signed off."]
    }
    assert refusal(lambda: services.add_activity(user=officer, patrol=patrol, kind="cctv", now=NOW)) == {
        "__all__": ["This patrol has been signed off and can no longer be changed."]
    }


def test_sign_off_reads_the_patrol_afresh(officer, sergeant, inspector):
    patrol = PatrolFactory(officer=officer, started_at=at("2026-02-10 09:00"))
    stale = Patrol.objects.get(pk=patrol.pk)  # the inspector's page, opened before the sergeant acted
    services.approve_patrol(user=sergeant, patrol=patrol, comment="Good", now=NOW)
    for act in (services.approve_patrol, services.return_patrol):
        errors = refusal(lambda a=act: a(user=inspector, patrol=stale, comment="Again", now=NOW))
        assert errors == {"__all__": ["Only an ended patrol awaiting review can be signed off."]}
    patrol.refresh_from_db()
    assert (patrol.status, patrol.reviewed_by, patrol.review_comment) == ("approved", sergeant, "Good")
    assert AuditEntry.objects.filter(action="patrols.patrol.signed_off").count() == 1


def test_running_patrol_cannot_be_signed_off(officer, sergeant):
    patrol = services.start_patrol(officer=officer, now=NOW)
    assert refusal(lambda: services.approve_patrol(user=sergeant, patrol=patrol, now=NOW)) == {
        "__all__": ["Only an ended patrol awaiting review can be signed off."]
    }


def test_partner_must_be_in_the_team(officer, other_team_officer):
    errors = refusal(
        lambda: record(officer, "2026-02-10 09:00", "2026-02-10 11:00", partner=other_team_officer)
    )
    assert errors == {"partner": ["Your partner must be an officer of your team."]}
