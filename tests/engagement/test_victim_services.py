from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from engagement import workdays
from engagement.models import FollowUp, RiskAssessment, RiskBand, Victim, VictimCase, VictimCodeSettings
from engagement.services import victims as services
from pcso import permissions
from pcso.models import AuditEntry, Reminder, Role
from tests.factories import OfficerFactory, make_case

from .conftest import answers_scoring

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=LONDON)  # a Monday


def reminders_of(follow_up):
    return sorted(
        (r.kind, r.recipient.collar_number, r.due_at)
        for r in Reminder.objects.filter(object_id=follow_up.pk, state=Reminder.State.PENDING)
    )


def test_create_case_refers_a_consenting_victim_within_two_days(officer, sergeant):
    case = make_case(officer, consents_to_referral=True, now=NOW)
    referral = case.follow_ups.get()
    assert referral.kind == FollowUp.Kind.REFERRAL
    assert referral.due_at == NOW + timedelta(days=2)
    assert referral.assigned_to == officer
    assert reminders_of(referral) == [
        ("follow-up-due-tomorrow", officer.collar_number, NOW + timedelta(days=1)),
        ("follow-up-overdue", officer.collar_number, NOW + timedelta(days=2)),
        ("follow-up-overdue", sergeant.collar_number, NOW + timedelta(days=2)),
    ]
    assert case.victim.team == officer.team
    assert (
        AuditEntry.objects.filter(action="engagement.victim_case.opened", object_id=str(case.pk)).count() == 1
    )


def test_create_case_without_consent_has_no_referral(officer):
    case = make_case(officer, consents_to_referral=False, now=NOW)
    assert case.follow_ups.count() == 0


def test_referral_days_are_data(officer):
    settings = VictimCodeSettings.current()
    settings.referral_days = 3
    settings.save()
    case = make_case(officer, consents_to_referral=True, now=NOW)
    assert case.follow_ups.get().due_at == NOW + timedelta(days=3)


@pytest.fixture
def on_23_november(monkeypatch):
    """Today is Monday 23/11/2026: the repeat flag is read against today's date, and lapses."""
    from django.utils import timezone

    real = timezone.localdate

    def localdate(value=None, timezone=None):
        return real(value, timezone) if value is not None else NOW.date()

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)


def test_repeat_victim_flagged_on_third_asb_incident_within_three_months(officer, on_23_november):
    first = make_case(officer, occurred_on=date(2026, 9, 1), reference="A1")
    victim = first.victim
    second = make_case(officer, victim=victim, occurred_on=date(2026, 10, 15), reference="A2")
    assert (first.repeat_victim, second.repeat_victim) == (False, False)
    third = make_case(officer, victim=victim, occurred_on=date(2026, 11, 23), reference="A3")
    assert third.repeat_victim is True
    victim.refresh_from_db()
    assert victim.repeat_victim is True
    assert third.enhanced_rights_reasons(date(2026, 11, 23)) == ["persistently targeted"]
    assert AuditEntry.objects.filter(action="engagement.victim.flagged_repeat").count() == 1


def test_repeat_victim_window_excludes_the_day_three_months_before(officer):
    first = make_case(officer, occurred_on=date(2026, 8, 23), reference="A1")
    make_case(officer, victim=first.victim, occurred_on=date(2026, 10, 15), reference="A2")
    third = make_case(officer, victim=first.victim, occurred_on=date(2026, 11, 23), reference="A3")
    assert third.repeat_victim is False


def test_repeat_victim_counts_only_asb(officer):
    first = make_case(officer, occurred_on=date(2026, 11, 1), reference="A1")
    make_case(
        officer, victim=first.victim, occurred_on=date(2026, 11, 2), reference="B1", category="burglary"
    )
    third = make_case(officer, victim=first.victim, occurred_on=date(2026, 11, 3), reference="A2")
    assert third.repeat_victim is False


def test_repeat_victim_rule_is_data(officer):
    settings = VictimCodeSettings.current()
    settings.repeat_incidents, settings.repeat_months = 2, 1
    settings.save()
    first = make_case(officer, occurred_on=date(2026, 10, 20), reference="A1")
    second = make_case(officer, victim=first.victim, occurred_on=date(2026, 11, 23), reference="A2")
    assert second.repeat_victim is False  # 20/10 is more than a month before 23/11
    third = make_case(officer, victim=first.victim, occurred_on=date(2026, 11, 24), reference="A3")
    assert third.repeat_victim is True


def test_repeat_victim_flagged_when_cases_are_entered_out_of_date_order(officer, on_23_november):
    first = make_case(officer, occurred_on=date(2026, 9, 1), reference="A1")
    make_case(officer, victim=first.victim, occurred_on=date(2026, 10, 20), reference="A2")
    late = make_case(officer, victim=first.victim, occurred_on=date(2026, 10, 1), reference="A3")
    first.victim.refresh_from_db()
    assert (late.repeat_victim, first.victim.repeat_victim) == (True, True)


def test_late_entry_outside_every_window_does_not_flag(officer):
    first = make_case(officer, occurred_on=date(2026, 6, 1), reference="A1")
    make_case(officer, victim=first.victim, occurred_on=date(2026, 11, 20), reference="A2")
    late = make_case(officer, victim=first.victim, occurred_on=date(2026, 8, 20), reference="A3")
    first.victim.refresh_from_db()
    assert (late.repeat_victim, first.victim.repeat_victim) == (False, False)


def test_repeat_victim_has_enhanced_rights_on_earlier_cases(officer):
    first = make_case(officer, occurred_on=date(2026, 11, 1), reference="A1")
    make_case(officer, victim=first.victim, occurred_on=date(2026, 11, 10), reference="A2")
    make_case(officer, victim=first.victim, occurred_on=date(2026, 11, 20), reference="A3")
    first.refresh_from_db()
    assert first.enhanced_rights_reasons(date(2026, 11, 23)) == ["persistently targeted"]
    update = services.record_key_event(officer=officer, case=first, event="charged", at=NOW)
    assert update.due_at == workdays.add_working_days_at(NOW, 1)


@pytest.mark.parametrize(
    ("weights", "score", "band"),
    [
        ([], 0, "standard"),
        ([4, 3], 7, "standard"),
        ([4, 4], 8, "medium"),
        ([4, 4, 3, 3], 14, "medium"),
        ([4, 4, 3, 2, 2], 15, "high"),
    ],
)
def test_risk_band_from_exact_score(officer, case, questions, weights, score, band):
    assessment = services.assess_risk(
        officer=officer, case=case, answers=answers_scoring(questions, weights), action_plan="Weekly visits."
    )
    assert (assessment.score, assessment.computed_band.code, assessment.final_band.code) == (
        score,
        band,
        band,
    )
    case.refresh_from_db()
    assert case.band.code == band


def test_raising_the_band_needs_a_rationale(officer, case, questions, bands):
    answers = answers_scoring(questions, [4, 3])
    with pytest.raises(ValidationError) as error:
        services.assess_risk(
            officer=officer, case=case, answers=answers, final_band=bands["high"], action_plan="Plan"
        )
    assert error.value.message_dict == {"rationale": ["Write why you raise the band from Standard to High."]}
    assert RiskAssessment.objects.count() == 0
    assessment = services.assess_risk(
        officer=officer,
        case=case,
        answers=answers,
        final_band=bands["high"],
        rationale="Suspect lives next door.",
        action_plan="Plan",
    )
    assert (assessment.computed_band.code, assessment.final_band.code) == ("standard", "high")
    entry = AuditEntry.objects.get(action="engagement.risk.band_raised")
    # The event stands for the case's own update entry too: which fields changed, not their values.
    assert entry.changes == {
        "computed": "standard",
        "final": "high",
        "assessment_id": assessment.pk,
        "fields": {"band_id": "changed", "action_plan": "changed"},
    }
    assert assessment.rationale == "Suspect lives next door."


def test_lowering_the_band_is_refused_without_a_rationale(officer, case, questions, bands):
    answers = answers_scoring(questions, [4, 4, 3, 2, 2])
    with pytest.raises(ValidationError) as error:
        services.assess_risk(officer=officer, case=case, answers=answers, final_band=bands["medium"])
    assert error.value.message_dict == {"rationale": ["Write why you lower the band from High to Medium."]}
    assessment = services.assess_risk(
        officer=officer,
        case=case,
        answers=answers,
        final_band=bands["medium"],
        rationale="Offender has moved away.",
        action_plan="Plan",
    )
    assert assessment.final_band.code == "medium"
    assert AuditEntry.objects.filter(action="engagement.risk.band_lowered").count() == 1


def test_medium_band_needs_a_vulnerable_victim_action_plan(officer, case, questions):
    answers = answers_scoring(questions, [4, 4])
    with pytest.raises(ValidationError) as error:
        services.assess_risk(officer=officer, case=case, answers=answers)
    assert error.value.message_dict == {
        "action_plan": ["A Medium risk victim needs a Vulnerable Victim Action Plan: write it before saving."]
    }
    assert RiskAssessment.objects.count() == 0
    services.assess_risk(officer=officer, case=case, answers=answers, action_plan="Visit weekly; CCTV.")
    case.refresh_from_db()
    assert case.action_plan == "Visit weekly; CCTV."
    assert case.enhanced_rights_reasons() == ["vulnerable"]


def test_each_assessment_is_kept(officer, case, questions):
    services.assess_risk(officer=officer, case=case, answers=answers_scoring(questions, [3]))
    services.assess_risk(
        officer=officer, case=case, answers=answers_scoring(questions, [4, 4]), action_plan="P"
    )
    assert list(case.assessments.order_by("pk").values_list("score", "final_band__code")) == [
        (3, "standard"),
        (8, "medium"),
    ]


def test_high_band_plans_visit_and_reviews(officer, sergeant, inspector, case, questions):
    services.assess_risk(
        officer=officer,
        case=case,
        answers=answers_scoring(questions, [4, 4, 3, 2, 2]),
        action_plan="P",
        now=NOW,
    )
    planned = list(case.follow_ups.filter(cancelled_at=None).values_list("kind", "due_at", "assigned_to"))
    assert planned == [
        (FollowUp.Kind.VISIT, NOW + timedelta(hours=24), officer.pk),
        (FollowUp.Kind.SERGEANT_REVIEW, NOW + timedelta(days=14), sergeant.pk),
        (FollowUp.Kind.INSPECTOR_REVIEW, NOW + timedelta(days=28), inspector.pk),
    ]
    review = case.follow_ups.get(kind=FollowUp.Kind.INSPECTOR_REVIEW)
    assert reminders_of(review) == [
        ("follow-up-due-tomorrow", inspector.collar_number, NOW + timedelta(days=27)),
        ("follow-up-overdue", inspector.collar_number, NOW + timedelta(days=28)),
        ("follow-up-overdue", sergeant.collar_number, NOW + timedelta(days=28)),
    ]


def test_new_band_replaces_the_old_schedule(officer, sergeant, case, questions):
    services.assess_risk(
        officer=officer, case=case, answers=answers_scoring(questions, [4, 4]), action_plan="P", now=NOW
    )
    later = NOW + timedelta(days=1)
    services.assess_risk(officer=officer, case=case, answers={}, rationale="Neighbour moved away", now=later)
    assert list(case.follow_ups.filter(cancelled_at=None).values_list("kind", "due_at")) == [
        (FollowUp.Kind.VISIT, later + timedelta(days=7))
    ]
    cancelled = case.follow_ups.exclude(cancelled_at=None)
    assert cancelled.count() == 3
    assert (
        Reminder.objects.filter(object_id__in=cancelled.values("pk"), state=Reminder.State.PENDING).count()
        == 0
    )


def test_record_contact_completes_and_sets_the_next_visit(officer, case, questions):
    services.assess_risk(
        officer=officer,
        case=case,
        answers=answers_scoring(questions, [4, 4, 3, 2, 2]),
        action_plan="P",
        now=NOW,
    )
    visit = case.follow_ups.get(kind=FollowUp.Kind.VISIT)
    done_at = NOW + timedelta(hours=20)
    following = services.record_contact(
        officer=officer,
        follow_up=visit,
        at=done_at,
        contact_method="visit",
        spoke_to="Jane Doe",
        notes="Door camera fitted.",
        outcome="contacted",
    )
    visit.refresh_from_db()
    assert (visit.completed_at, visit.completed_by, visit.state()) == (done_at, officer, "done")
    assert (following.kind, following.due_at) == (FollowUp.Kind.VISIT, done_at + timedelta(days=7))
    assert Reminder.objects.filter(object_id=visit.pk, state=Reminder.State.PENDING).count() == 0
    assert (
        AuditEntry.objects.filter(action="engagement.follow_up.completed", object_id=str(visit.pk)).count()
        == 1
    )


def test_standard_band_has_one_follow_up_only(officer, case):
    services.assess_risk(officer=officer, case=case, answers={}, now=NOW)
    visit = case.follow_ups.get()
    assert visit.due_at == NOW + timedelta(days=7)
    following = services.record_contact(
        officer=officer, follow_up=visit, contact_method="phone", outcome="contacted"
    )
    assert following is None


def test_record_contact_needs_method_and_outcome(officer, case):
    services.assess_risk(officer=officer, case=case, answers={}, now=NOW)
    visit = case.follow_ups.get()
    with pytest.raises(ValidationError) as error:
        services.record_contact(officer=officer, follow_up=visit, outcome="contacted")
    assert error.value.message_dict == {"contact_method": ["Say how the contact was made."]}
    visit.refresh_from_db()
    assert visit.completed_at is None


def test_key_event_update_within_five_working_days_over_christmas(officer, case):
    at = datetime(2026, 12, 24, 10, 0, tzinfo=LONDON)
    update = services.record_key_event(officer=officer, case=case, event="charged", at=at)
    assert (update.kind, update.event) == (FollowUp.Kind.UPDATE, "charged")
    assert update.due_at == datetime(2027, 1, 5, 10, 0, tzinfo=LONDON)


def test_key_event_update_within_one_working_day_with_enhanced_rights(officer):
    case = make_case(officer, intimidated=True)
    at = datetime(2026, 12, 24, 10, 0, tzinfo=LONDON)
    update = services.record_key_event(officer=officer, case=case, event="arrested", at=at)
    assert update.due_at == datetime(2026, 12, 29, 10, 0, tzinfo=LONDON)


def test_key_event_over_easter_for_a_child_victim(officer):
    case = make_case(officer, date_of_birth=date(2012, 5, 1))
    at = datetime(2027, 3, 25, 16, 0, tzinfo=LONDON)  # the Thursday before Good Friday
    update = services.record_key_event(officer=officer, case=case, event="bailed", at=at)
    assert case.enhanced_rights_reasons(at.date()) == ["vulnerable"]
    assert update.due_at == datetime(2027, 3, 30, 16, 0, tzinfo=LONDON)


def test_close_case_cancels_open_follow_ups_and_reminders(officer, case):
    services.assess_risk(officer=officer, case=case, answers={}, now=NOW)
    with pytest.raises(ValidationError):
        services.close_case(officer=officer, case=case, reason="  ")
    services.close_case(officer=officer, case=case, reason="Victim moved away; no further contact wanted.")
    case.refresh_from_db()
    assert (case.status, case.closed_reason) == ("closed", "Victim moved away; no further contact wanted.")
    assert case.follow_ups.filter(cancelled_at=None).count() == 0
    assert Reminder.objects.filter(state=Reminder.State.PENDING).count() == 0


def test_share_case_lets_the_other_team_see_case_victim_and_follow_ups(
    officer, sergeant, other_team, other_team_officer
):
    case = make_case(officer, consents_to_referral=True)
    assert permissions.visible(other_team_officer, VictimCase.objects.all()).count() == 0
    assert permissions.visible(other_team_officer, Victim.objects.all()).count() == 0
    services.share_case(officer=sergeant, case=case, team=other_team)
    assert list(permissions.visible(other_team_officer, VictimCase.objects.all())) == [case]
    assert list(permissions.visible(other_team_officer, Victim.objects.all())) == [case.victim]
    assert list(permissions.visible(other_team_officer, FollowUp.objects.all())) == list(
        case.follow_ups.all()
    )
    # Sharing gives sight, not the right to change.
    assert permissions.can(other_team_officer, "change", case) is False
    entry = AuditEntry.objects.get(action="engagement.victim_case.shared")
    assert entry.changes == {"team": "East", "team_id": other_team.pk}


def test_victim_with_two_cases_shared_once_appears_once(officer, sergeant, other_team, other_team_officer):
    first = make_case(officer, reference="A1")
    second = make_case(officer, victim=first.victim, reference="A2")
    services.share_case(officer=sergeant, case=first, team=other_team)
    services.share_case(officer=sergeant, case=second, team=other_team)
    assert list(permissions.visible(other_team_officer, Victim.objects.all())) == [first.victim]


def test_only_a_supervisor_shares_a_case(officer, other_team, other_sergeant, case):
    with pytest.raises(PermissionDenied):
        services.share_case(officer=officer, case=case, team=other_team)
    with pytest.raises(PermissionDenied):
        services.share_case(officer=other_sergeant, case=case, team=other_team)


def test_administrator_sees_no_victim_content(administrator, case):
    for model in (Victim, VictimCase, FollowUp, RiskAssessment):
        assert permissions.visible(administrator, model.objects.all()).count() == 0
    assert administrator.has_perm("engagement.change_riskband") is True
    assert administrator.has_perm("engagement.view_victim") is False


def test_inspector_sees_cases_in_command_only(inspector, other_inspector, case):
    assert list(permissions.visible(inspector, VictimCase.objects.all())) == [case]
    assert permissions.visible(other_inspector, VictimCase.objects.all()).count() == 0


def test_other_team_cannot_record_contact(officer, other_team_officer, case):
    services.assess_risk(officer=officer, case=case, answers={})
    with pytest.raises(PermissionDenied):
        services.record_contact(
            officer=other_team_officer,
            follow_up=case.follow_ups.get(),
            contact_method="phone",
            outcome="contacted",
        )


def _assess_high(case, officer):
    high = RiskBand.objects.get(code="high")
    services.assess_risk(
        officer=officer, case=case, answers={}, final_band=high, rationale="threats", action_plan="P", now=NOW
    )
    return case


# Reviews are the reviewer's or a supervisor's to record, never a PCSO's.


def test_pcso_cannot_record_an_inspector_review(officer, sergeant, inspector, case):
    _assess_high(case, officer)
    review = case.follow_ups.get(kind=FollowUp.Kind.INSPECTOR_REVIEW, cancelled_at__isnull=True)
    with pytest.raises(PermissionDenied):
        services.record_contact(officer=officer, follow_up=review, outcome="reviewed")
    review.refresh_from_db()
    assert review.completed_at is None


def test_reviewer_and_team_supervisor_record_reviews(officer, sergeant, inspector, case):
    _assess_high(case, officer)
    sergeant_review = case.follow_ups.get(kind=FollowUp.Kind.SERGEANT_REVIEW, cancelled_at__isnull=True)
    inspector_review = case.follow_ups.get(kind=FollowUp.Kind.INSPECTOR_REVIEW, cancelled_at__isnull=True)
    visit = case.follow_ups.get(kind=FollowUp.Kind.VISIT, cancelled_at__isnull=True)
    assert [
        permissions.can(user, "change", follow_up)
        for user in (officer, sergeant, inspector)
        for follow_up in (sergeant_review, inspector_review, visit)
    ] == [False, False, True, True, True, True, True, True, True]
    services.record_contact(officer=sergeant, follow_up=sergeant_review, outcome="reviewed", at=NOW)
    sergeant_review.refresh_from_db()
    assert sergeant_review.completed_by == sergeant


def test_second_submit_of_one_contact_form_is_refused(officer, sergeant, case):
    _assess_high(case, officer)
    visit = case.follow_ups.get(kind=FollowUp.Kind.VISIT, cancelled_at__isnull=True)
    first, second = FollowUp.objects.get(pk=visit.pk), FollowUp.objects.get(pk=visit.pk)
    services.record_contact(officer=officer, follow_up=first, contact_method="visit", outcome="contacted")
    with pytest.raises(ValidationError) as refused:
        services.record_contact(
            officer=officer, follow_up=second, contact_method="phone", outcome="contacted"
        )
    assert refused.value.messages == [
        "This follow-up was already completed or cancelled: nothing was recorded."
    ]
    visit.refresh_from_db()
    assert visit.contact_method == "visit"
    assert case.follow_ups.filter(kind=FollowUp.Kind.VISIT, cancelled_at__isnull=True).count() == 2


def test_no_answer_keeps_the_update_owed_and_records_the_attempt(officer, sergeant, case):
    update = services.record_key_event(officer=officer, case=case, event="charged", at=NOW)
    reminders_before = reminders_of(update)
    following = services.record_contact(
        officer=officer,
        follow_up=update,
        contact_method="phone",
        outcome="no-answer",
        notes="Voicemail",
        at=NOW + timedelta(hours=1),
    )
    update.refresh_from_db()
    assert (following, update.completed_at, update.state(NOW + timedelta(hours=2))) == (None, None, "planned")
    assert list(update.attempts.values_list("attempted_by", "contact_method", "notes")) == [
        (officer.pk, "phone", "Voicemail")
    ]
    assert reminders_of(update) == reminders_before
    assert AuditEntry.objects.filter(action="engagement.follow_up.attempted").count() == 1
    services.record_contact(officer=officer, follow_up=update, contact_method="phone", outcome="contacted")
    update.refresh_from_db()
    assert update.outcome == "contacted"


# When an officer moves on, and when a supervisor reassigns a case.


def pending_to(officer):
    return Reminder.objects.filter(recipient=officer, state=Reminder.State.PENDING).count()


def test_moved_officer_hands_cases_follow_ups_and_reminders_to_the_sergeant(
    officer, sergeant, inspector, case, other_team
):
    from pcso import services as pcso_services

    _assess_high(case, officer)
    visit = case.follow_ups.get(kind=FollowUp.Kind.VISIT, cancelled_at__isnull=True)
    pcso_services.move_officer(officer=officer, team=other_team)
    case.refresh_from_db()
    visit.refresh_from_db()
    assert (case.assigned_officer, visit.assigned_to, pending_to(officer)) == (sergeant, sergeant, 0)
    assert reminders_of(visit) == [
        ("follow-up-due-tomorrow", sergeant.collar_number, NOW),
        ("follow-up-overdue", sergeant.collar_number, NOW + timedelta(hours=24)),
    ]
    assert list(
        case.follow_ups.filter(cancelled_at=None).order_by("kind").values_list("kind", "assigned_to")
    ) == [
        (FollowUp.Kind.INSPECTOR_REVIEW, inspector.pk),
        (FollowUp.Kind.SERGEANT_REVIEW, sergeant.pk),
        (FollowUp.Kind.VISIT, sergeant.pk),
    ]
    assert AuditEntry.objects.filter(action="engagement.victim_case.handed_over").count() == 1


def test_officer_moved_in_the_admin_hands_over_too(
    client_for, administrator, officer, sergeant, case, other_team
):
    from django.urls import reverse

    _assess_high(case, officer)
    visit = case.follow_ups.get(kind=FollowUp.Kind.VISIT, cancelled_at__isnull=True)
    response = client_for(administrator).post(
        reverse("admin:pcso_officer_change", args=[officer.pk]),
        {
            "collar_number": officer.collar_number,
            "first_name": officer.first_name,
            "last_name": officer.last_name,
            "email": officer.email,
            "role": officer.role,
            "team": other_team.pk,
            "is_active": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "09:00:00",
        },
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    case.refresh_from_db()
    assert (case.assigned_officer, visit.assigned_to, pending_to(officer)) == (sergeant, sergeant, 0)


def test_moved_sergeant_drops_off_the_overdue_reminders(officer, sergeant, case, other_team):
    from pcso import services as pcso_services

    second = OfficerFactory(role=Role.SERGEANT, team=case.team, first_name="Zoe", last_name="Young")
    _assess_high(case, officer)
    review = case.follow_ups.get(kind=FollowUp.Kind.SERGEANT_REVIEW, cancelled_at__isnull=True)
    reviewer = review.assigned_to
    pcso_services.move_officer(officer=reviewer, team=other_team)
    review.refresh_from_db()
    assert pending_to(reviewer) == 0
    assert review.assigned_to == ({sergeant, second} - {reviewer}).pop()


def test_sergeant_assigns_a_case_with_its_visits_to_a_colleague(officer, colleague, sergeant, case):
    _assess_high(case, officer)
    services.assign_case(officer=sergeant, case=case, assigned_officer=colleague)
    case.refresh_from_db()
    visit = case.follow_ups.get(kind=FollowUp.Kind.VISIT, cancelled_at__isnull=True)
    review = case.follow_ups.get(kind=FollowUp.Kind.SERGEANT_REVIEW, cancelled_at__isnull=True)
    assert (case.assigned_officer, visit.assigned_to, review.assigned_to) == (colleague, colleague, sergeant)
    assert pending_to(officer) == 0
    assert [r[:2] for r in reminders_of(visit)] == sorted(
        [
            ("follow-up-due-tomorrow", colleague.collar_number),
            ("follow-up-overdue", colleague.collar_number),
            ("follow-up-overdue", sergeant.collar_number),
        ]
    )
    entry = AuditEntry.objects.get(action="engagement.victim_case.assigned")
    assert (entry.actor, entry.changes["to"], entry.changes["follow_up_ids"]) == (
        sergeant,
        colleague.collar_number,
        [visit.pk],
    )


def test_assign_case_is_a_supervisors_act_within_the_team(
    officer, colleague, sergeant, case, other_team_officer
):
    with pytest.raises(PermissionDenied):
        services.assign_case(officer=officer, case=case, assigned_officer=colleague)
    with pytest.raises(ValidationError):
        services.assign_case(officer=sergeant, case=case, assigned_officer=other_team_officer)
    case.refresh_from_db()
    assert case.assigned_officer == officer


def test_reassessment_below_the_current_band_needs_a_rationale(officer, sergeant, case):
    _assess_high(case, officer)
    with pytest.raises(ValidationError) as refused:
        services.assess_risk(officer=officer, case=case, answers={}, now=NOW)
    assert refused.value.message_dict == {
        "rationale": ["The case is High risk now: write why the band goes down to Standard."]
    }
    case.refresh_from_db()
    assert (case.band.code, case.assessments.count()) == ("high", 1)
    services.assess_risk(officer=officer, case=case, answers={}, rationale="Offender rehoused", now=NOW)
    case.refresh_from_db()
    assert case.band.code == "standard"


def test_only_a_supervisor_closes_a_high_risk_case(officer, sergeant, case, bands):
    medium = make_case(officer, reference="M1")
    services.assess_risk(
        officer=officer,
        case=medium,
        answers={},
        final_band=bands["medium"],
        rationale="fear",
        action_plan="P",
    )
    services.close_case(officer=officer, case=medium, reason="Resolved")
    _assess_high(case, officer)
    assert (permissions.can(officer, "close", case), permissions.can(sergeant, "close", case)) == (
        False,
        True,
    )
    with pytest.raises(PermissionDenied):
        services.close_case(officer=officer, case=case, reason="Resolved")
    services.close_case(officer=sergeant, case=case, reason="Offender imprisoned")
    case.refresh_from_db()
    medium.refresh_from_db()
    assert (medium.status, case.status) == ("closed", "closed")


def test_supervisor_stops_sharing_a_case(officer, sergeant, case, other_team, other_team_officer):
    services.share_case(officer=sergeant, case=case, team=other_team)
    assert services.shared_teams(case) == [other_team]
    with pytest.raises(PermissionDenied):
        services.unshare_case(officer=officer, case=case, team=other_team)
    services.unshare_case(officer=sergeant, case=case, team=other_team)
    assert services.shared_teams(case) == []
    assert permissions.visible(other_team_officer, VictimCase.objects.all()).count() == 0
    assert permissions.visible(other_team_officer, Victim.objects.all()).count() == 0
    entry = AuditEntry.objects.get(action="engagement.victim_case.unshared")
    assert (entry.actor, entry.changes) == (sergeant, {"team": "East", "team_id": other_team.pk})
    with pytest.raises(ValidationError):
        services.unshare_case(officer=sergeant, case=case, team=other_team)


def test_shared_teams_query_count_does_not_grow(officer, sergeant, case, other_team, outside_team):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    services.share_case(officer=sergeant, case=case, team=other_team)
    with CaptureQueriesContext(connection) as one:
        assert services.shared_teams(case) == [other_team]
    services.share_case(officer=sergeant, case=case, team=outside_team)
    with CaptureQueriesContext(connection) as two:
        assert services.shared_teams(case) == sorted([other_team, outside_team], key=lambda team: team.name)
    assert len(one) == len(two)


def test_a_visit_cannot_be_recorded_as_reviewed(officer, case):
    services.assess_risk(officer=officer, case=case, answers={}, now=NOW)
    visit = case.follow_ups.get()
    with pytest.raises(ValidationError):
        services.record_contact(officer=officer, follow_up=visit, contact_method="phone", outcome="reviewed")
    visit.refresh_from_db()
    assert visit.completed_at is None
