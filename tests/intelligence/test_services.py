from datetime import date, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from intelligence.grading import Grade, Scheme
from intelligence.models import IntelligenceReport, ReportEvent, RetentionReview, Status
from intelligence.queries import reports as queries
from intelligence.services import reports as services
from pcso import permissions
from pcso.models import AuditEntry, Reminder

from .conftest import complete, make_report, report_type

pytestmark = pytest.mark.django_db


def history(report):
    return [(e.action, e.from_status, e.to_status) for e in report.events.all()]


def reminders_for(report, kind):
    return sorted(
        Reminder.objects.filter(object_id=report.pk, kind=kind, state=Reminder.State.PENDING).values_list(
            "recipient__collar_number", flat=True
        )
    )


# Drafts and submission


def test_draft_saves_with_everything_blank(officer):
    report = services.save_report(officer=officer, subjects=[], text="Half a thought")
    assert (report.status, report.team_id, report.submitted_by_id) == (
        Status.DRAFT,
        officer.team_id,
        officer.pk,
    )
    assert report.events.count() == 0


def test_submit_refuses_an_incomplete_report_and_names_each_gap(officer):
    report = services.save_report(officer=officer, subjects=[], text="Half a thought")
    with pytest.raises(ValidationError) as caught:
        services.submit_report(officer=officer, report=report)
    assert sorted(caught.value.message_dict) == [
        "handling_code",
        "intelligence_assessment",
        "occurred_at",
        "priority",
        "report_type",
        "sanitised",
        "source_evaluation",
        "source_type",
    ]
    report.refresh_from_db()
    assert report.status == Status.DRAFT


def test_handling_code_c_without_conditions_is_refused_by_the_service(officer):
    with pytest.raises(ValidationError) as caught:
        services.save_report(
            officer=officer, subjects=[], **complete(handling_code="C", handling_conditions=" ")
        )
    assert caught.value.message_dict == {
        "handling_conditions": ["Handling code C needs the conditions for sharing."]
    }
    assert IntelligenceReport.objects.count() == 0


def test_handling_code_c_without_conditions_is_refused_by_the_database(officer):
    report = make_report(officer, status="draft")
    report.handling_code = "C"
    with pytest.raises(IntegrityError), transaction.atomic():
        IntelligenceReport.objects.bulk_update([report], ["handling_code"])


def test_grade_values_outside_the_scheme_are_refused(officer):
    with pytest.raises(ValidationError) as caught:
        services.save_report(officer=officer, subjects=[], **complete(source_evaluation="B"))
    assert list(caught.value.message_dict) == ["source_evaluation"]


def test_submit_tells_the_team_supervisors_not_the_author(officer, sergeant, inspector):
    report = make_report(officer)
    assert report.status == Status.SUBMITTED
    assert history(report) == [("submitted", "draft", "submitted")]
    assert reminders_for(report, services.REVIEW_DUE) == sorted(
        [sergeant.collar_number, inspector.collar_number]
    )
    entry = AuditEntry.objects.get(action="intelligence.report.submitted")
    assert (entry.object_id, entry.object_repr, entry.changes["priority"]) == (
        str(report.pk),
        f"Intelligence report #{report.pk}",
        2,
    )
    # The event stands for the save: field names only, never the text.
    assert entry.changes["fields"] == {"status": "changed", "submitted_at": "changed"}
    assert AuditEntry.objects.filter(action="intelligence.intelligencereport.updated").count() == 0


def test_only_the_author_changes_or_submits_a_draft(officer, colleague, sergeant):
    report = make_report(officer, status="draft")
    for other in (colleague, sergeant):
        with pytest.raises(PermissionDenied):
            services.save_report(officer=other, report=report, text="Changed")
        with pytest.raises(PermissionDenied):
            services.submit_report(officer=other, report=report)


def test_a_submitted_report_can_no_longer_be_changed(officer, report):
    with pytest.raises(PermissionDenied):
        services.save_report(officer=officer, report=report, text="Changed")


def test_subjects_are_replaced_and_searchable(officer, sergeant):
    report = make_report(officer, subjects=[{"role": "suspect", "description": "Jason Marlowe"}])
    assert [(s.role, s.description) for s in report.subjects.all()] == [("suspect", "Jason Marlowe")]
    assert list(queries.search(sergeant, "Marlowe")) == [report]
    assert list(queries.search(sergeant, "van")) == [report]  # the text
    assert list(queries.search(sergeant, "bicycle")) == []


# Review: start, accept (with or without a regrade), return, reject — and who may


def test_start_review_by_a_supervisor_of_the_team(report, sergeant):
    services.start_review(officer=sergeant, report=report)
    assert (report.status, report.reviewer) == (Status.UNDER_REVIEW, sergeant)
    assert history(report)[-1] == ("review_started", "submitted", "under_review")
    assert reminders_for(report, services.REVIEW_DUE) == []


@pytest.mark.parametrize(
    "who", ["officer", "colleague", "other_sergeant", "other_inspector", "administrator"]
)
def test_start_review_refused_to_others(request, report, who):
    with pytest.raises(PermissionDenied):
        services.start_review(officer=request.getfixturevalue(who), report=report)
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED


def test_a_sergeants_own_report_goes_to_another_supervisor(sergeant, inspector):
    report = make_report(sergeant)
    assert reminders_for(report, services.REVIEW_DUE) == [inspector.collar_number]
    with pytest.raises(PermissionDenied):
        services.start_review(officer=sergeant, report=report)
    services.start_review(officer=inspector, report=report)
    assert report.status == Status.UNDER_REVIEW


def test_decisions_need_the_review_started(report, sergeant):
    with pytest.raises(ValidationError):
        services.accept_report(officer=sergeant, report=report)
    with pytest.raises(ValidationError):
        services.return_report(officer=sergeant, report=report, comment="x")
    with pytest.raises(ValidationError):
        services.reject_report(officer=sergeant, report=report, reason="x")


def test_accept_as_graded_sets_the_retention_review(report, sergeant, officer):
    services.start_review(officer=sergeant, report=report)
    now = timezone.make_aware(datetime(2027, 3, 10, 14, 0))
    services.accept_report(officer=sergeant, report=report, now=now)
    report.refresh_from_db()
    assert (report.status, report.grade.code, report.review_due_on) == (
        Status.ACCEPTED,
        "3x5x2 2/B/P",
        date(2033, 3, 10),
    )
    assert history(report)[-1] == ("accepted", "under_review", "accepted")
    assert reminders_for(report, services.DECIDED) == [officer.collar_number]
    assert reminders_for(report, services.RETENTION_DUE) == sorted(
        s.collar_number for s in queries.team_supervisors(report.team)
    )


def test_regrade_needs_a_reason_and_is_kept_in_history(report, sergeant):
    services.start_review(officer=sergeant, report=report)
    new = Grade(Scheme.THREE_FIVE_TWO, "1", "A", "C", "Police only.")
    with pytest.raises(ValidationError) as caught:
        services.accept_report(officer=sergeant, report=report, grade=new, reason=" ")
    assert list(caught.value.message_dict) == ["reason"]
    services.accept_report(officer=sergeant, report=report, grade=new, reason="Seen by our own patrol.")
    report.refresh_from_db()
    assert (report.grade.code, report.handling_conditions) == ("3x5x2 1/A/C", "Police only.")
    regrade = report.events.get(action=ReportEvent.Action.REGRADED)
    assert (regrade.grade_before, regrade.grade_after, regrade.comment, regrade.actor) == (
        "3x5x2 2/B/P",
        "3x5x2 1/A/C",
        "Seen by our own patrol.",
        sergeant,
    )
    entry = AuditEntry.objects.get(action="intelligence.report.accepted")
    assert (entry.changes["grade"], entry.changes["regraded_from"]) == ("3x5x2 1/A/C", "3x5x2 2/B/P")
    assert sorted(entry.changes["fields"]) == [
        "decided_at",
        "handling_code",
        "handling_conditions",
        "intelligence_assessment",
        "review_due_on",
        "source_evaluation",
        "status",
    ]


def test_regrade_to_handling_code_c_without_conditions_is_refused(report, sergeant):
    services.start_review(officer=sergeant, report=report)
    with pytest.raises(ValidationError) as caught:
        services.accept_report(
            officer=sergeant,
            report=report,
            grade=Grade(Scheme.THREE_FIVE_TWO, "2", "B", "C"),
            reason="Sensitive",
        )
    assert list(caught.value.message_dict) == ["handling_conditions"]
    assert IntelligenceReport.objects.get(pk=report.pk).status == Status.UNDER_REVIEW


def test_return_needs_a_comment_and_lets_the_author_change_and_resubmit(report, sergeant, officer):
    services.start_review(officer=sergeant, report=report)
    with pytest.raises(ValidationError):
        services.return_report(officer=sergeant, report=report, comment="")
    services.return_report(officer=sergeant, report=report, comment="Which entrance?")
    assert report.status == Status.RETURNED
    assert reminders_for(report, services.DECIDED) == [officer.collar_number]
    services.save_report(officer=officer, report=report, text="The van uses the north entrance.")
    services.submit_report(officer=officer, report=report)
    assert [e[0] for e in history(report)] == ["submitted", "review_started", "returned", "submitted"]
    assert reminders_for(report, services.DECIDED) == []


def test_reject_needs_a_reason_and_ends_the_report(report, sergeant, officer):
    services.start_review(officer=sergeant, report=report)
    with pytest.raises(ValidationError):
        services.reject_report(officer=sergeant, report=report, reason=" ")
    services.reject_report(officer=sergeant, report=report, reason="Duplicate.")
    assert history(report)[-1] == ("rejected", "under_review", "rejected")
    with pytest.raises(PermissionDenied):
        services.save_report(officer=officer, report=report, text="Again")
    with pytest.raises(PermissionDenied):
        services.start_review(officer=sergeant, report=report)


@pytest.mark.parametrize("who", ["officer", "colleague", "other_sergeant"])
def test_decisions_refused_to_others(request, report, sergeant, who):
    services.start_review(officer=sergeant, report=report)
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.accept_report(officer=user, report=report)
    with pytest.raises(PermissionDenied):
        services.return_report(officer=user, report=report, comment="x")
    with pytest.raises(PermissionDenied):
        services.reject_report(officer=user, report=report, reason="x")


# Dissemination


def test_disseminate_to_an_officer_gives_them_sight(officer, sergeant, other_team_officer, colleague):
    report = make_report(officer, status="accepted", reviewer=sergeant)
    assert permissions.can(other_team_officer, "view", report) is False
    services.disseminate_report(officer=sergeant, report=report, to_officer=other_team_officer)
    assert permissions.can(other_team_officer, "view", report) is True
    assert permissions.can(colleague, "view", report) is False
    assert history(report)[-1] == ("disseminated", "accepted", "accepted")
    assert report.events.last().shared_with == other_team_officer.full_name
    assert reminders_for(report, services.DISSEMINATED) == [other_team_officer.collar_number]
    with pytest.raises(ValidationError):
        services.disseminate_report(officer=sergeant, report=report, to_officer=other_team_officer)


def test_disseminate_to_a_team_gives_its_members_sight(officer, sergeant, other_team, other_team_officer):
    report = make_report(officer, status="accepted", reviewer=sergeant)
    services.disseminate_report(officer=sergeant, report=report, to_team=other_team)
    assert permissions.can(other_team_officer, "view", report) is True
    assert queries.disseminated_to(report) == ([], [other_team])
    with pytest.raises(ValidationError):
        services.disseminate_report(officer=sergeant, report=report, to_team=report.team)


def test_only_an_accepted_report_is_disseminated_by_a_supervisor(
    officer, sergeant, other_team_officer, report
):
    with pytest.raises(PermissionDenied):
        services.disseminate_report(officer=sergeant, report=report, to_officer=other_team_officer)
    make_report(officer, status="accepted", reviewer=sergeant)
    accepted = IntelligenceReport.objects.get(status=Status.ACCEPTED)
    with pytest.raises(PermissionDenied):
        services.disseminate_report(officer=officer, report=accepted, to_officer=other_team_officer)


def test_no_dissemination_to_the_administrator(officer, sergeant, administrator):
    report = make_report(officer, status="accepted", reviewer=sergeant)
    with pytest.raises(ValidationError) as caught:
        services.disseminate_report(officer=sergeant, report=report, to_officer=administrator)
    assert list(caught.value.message_dict) == ["to_officer"]


# Retention


def test_retain_needs_a_reason_and_sets_the_next_review(officer, sergeant):
    report = make_report(officer, status="accepted", reviewer=sergeant)
    now = timezone.make_aware(datetime(2032, 3, 11, 9, 0))
    with pytest.raises(ValidationError):
        services.decide_retention(officer=sergeant, report=report, decision="retain", reason="", now=now)
    review = services.decide_retention(
        officer=sergeant, report=report, decision="retain", reason="Still active.", now=now
    )
    report.refresh_from_db()
    assert (review.next_review_on, report.review_due_on) == (date(2038, 3, 11), date(2038, 3, 11))
    assert history(report)[-1] == ("retained", "accepted", "accepted")


def test_dispose_erases_the_content_and_keeps_the_history(officer, sergeant):
    report = make_report(officer, status="accepted", reviewer=sergeant)
    services.decide_retention(officer=sergeant, report=report, decision="dispose")
    report.refresh_from_db()
    assert (report.text, report.location_text, report.subjects.count(), report.review_due_on) == (
        "",
        "",
        0,
        None,
    )
    assert report.disposed_at is not None
    assert list(queries.search(sergeant, "van")) == []
    assert RetentionReview.objects.get(report=report).decision == "dispose"
    assert history(report)[-1][0] == "disposed"
    assert list(queries.report_list(sergeant)) == []


@pytest.mark.parametrize("who", ["officer", "other_sergeant", "administrator"])
def test_retention_decided_only_by_a_supervisor(request, officer, sergeant, who):
    report = make_report(officer, status="accepted", reviewer=sergeant)
    with pytest.raises(PermissionDenied):
        services.decide_retention(officer=request.getfixturevalue(who), report=report, decision="dispose")


def test_retention_due_lists_reports_due_in_the_supervisors_teams(officer, sergeant, other_sergeant):
    report = make_report(officer, status="accepted", reviewer=sergeant)
    assert list(queries.retention_due(sergeant)) == []
    assert list(queries.retention_due(sergeant, on=report.review_due_on)) == [report]
    assert list(queries.retention_due(other_sergeant, on=report.review_due_on)) == []


def test_review_period_comes_from_the_report_type(officer, sergeant):
    serious = report_type("Serious and organised crime", 10)
    report = make_report(officer, status="under_review", reviewer=sergeant, report_type=serious)
    now = timezone.make_aware(datetime(2026, 2, 28, 12, 0))
    services.accept_report(officer=sergeant, report=report, now=now)
    assert report.review_due_on == date(2036, 2, 28)


# Legacy grades


def test_legacy_report_keeps_its_5x5x5_grade(officer):
    report = services.import_legacy_report(
        team=officer.team,
        submitted_by=officer,
        text="Old record",
        grade=Grade(Scheme.FIVE_FIVE_FIVE, "B", "2", "4"),
        report_type=report_type(),
        occurred_at=timezone.now(),
        accepted_at=timezone.now(),
    )
    report.refresh_from_db()
    assert (report.grading_scheme, report.grade.code, report.status) == (
        "5x5x5",
        "5x5x5 B/2/4",
        Status.ACCEPTED,
    )
    assert [str(part) for part, _ in report.grade.meanings()] == [
        "Source evaluation",
        "Intelligence assessment",
        "Handling code",
    ]


def test_legacy_grade_must_be_of_its_scheme(officer):
    with pytest.raises(ValidationError):
        services.import_legacy_report(
            team=officer.team,
            submitted_by=officer,
            text="Old record",
            grade=Grade(Scheme.FIVE_FIVE_FIVE, "2", "B", "P"),
            report_type=report_type(),
            occurred_at=timezone.now(),
            accepted_at=timezone.now(),
        )
