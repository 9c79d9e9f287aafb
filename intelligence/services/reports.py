"""Writes for intelligence reports: each checks permission, validates, records the step in the
report's history, keeps reminders in step and leaves an audit event (ids and codes only: the
trail never holds intelligence text)."""

from __future__ import annotations

from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from guardian.shortcuts import assign_perm

from pcso import audit, permissions, reminders
from pcso.models import Officer, Team
from pcso.services import team_group

from .. import inbox
from ..grading import Grade, Scheme
from ..models import IntelligenceReport, ReportEvent, ReportType, RetentionReview, Status, Subject
from ..queries import reports as report_queries

VIEW = "intelligence.view_intelligencereport"
REVIEW_DUE = "intelligence-review"
DECIDED = "intelligence-decided"
DISSEMINATED = "intelligence-disseminated"
RETENTION_DUE = "intelligence-retention-review"

# What the report form writes, in the order it asks for them (intelligence/forms/reports.py);
# everything else is set by the workflow.
FIELDS = (
    "text",
    "occurred_at",
    "location_text",
    "latitude",
    "longitude",
    "report_type",
    "source_type",
    "source_evaluation",
    "intelligence_assessment",
    "handling_code",
    "handling_conditions",
    "priority",
    "places_of_interest",
    "sanitised",
)
# What a report needs before it can be submitted (a draft may lack any of it).
NEEDED_TO_SUBMIT = {
    "text": gettext_lazy("Say what was seen or heard."),
    "occurred_at": gettext_lazy("Say when it was seen or heard."),
    "report_type": gettext_lazy("Choose the type of report."),
    "source_type": gettext_lazy("Choose the source."),
    "source_evaluation": gettext_lazy("Choose the source evaluation."),
    "intelligence_assessment": gettext_lazy("Choose the intelligence assessment."),
    "handling_code": gettext_lazy("Choose the handling code."),
    "priority": gettext_lazy("Choose the priority."),
    "sanitised": gettext_lazy("Confirm that nothing in the report could identify the source."),
}


def _event(report, actor, action, previous: str = "", **details) -> ReportEvent:
    return ReportEvent.objects.create(
        report=report,
        actor=actor,
        action=action,
        from_status=previous,
        to_status=report.status,
        at=details.pop("at", None) or timezone.now(),
        **details,
    )


def _set_subjects(report: IntelligenceReport, subjects: list[dict]) -> None:
    """Replace the report's subjects with these (role, description) entries."""
    wanted = [(s["role"], s["description"].strip()) for s in subjects if s.get("description", "").strip()]
    existing = list(report.subjects.all())
    for subject in existing[len(wanted) :]:
        subject.delete()
    for index, (role, description) in enumerate(wanted):
        subject = existing[index] if index < len(existing) else Subject(report=report)
        if subject.pk is None or (subject.role, subject.description) != (role, description):
            subject.role, subject.description = role, description
            subject.full_clean()
            subject.save()
    subjects_text = "\n".join(description for _, description in wanted)
    if report.subjects_text != subjects_text:
        report.subjects_text = subjects_text
        report.save()


def _notify(report, recipients, kind: str, message: str, due: datetime | None = None, **values) -> None:
    """Tell each recipient: the report's number (and what else the message needs), never its text."""
    for recipient in recipients:
        reminders.schedule(
            report,
            kind=kind,
            recipient=recipient,
            due=due or timezone.now(),
            message=message,
            values={"number": report.pk, **values},
        )


@audit.service
def save_report(
    *,
    officer: Officer,
    report: IntelligenceReport | None = None,
    subjects: list[dict] | None = None,
    submit: bool = False,
    **fields,
) -> IntelligenceReport:
    """Write a new report or change a draft (or a report returned for changes); with `submit`,
    send it for review in the same transaction."""
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"Not report fields: {', '.join(sorted(unknown))}")
    if report is None:
        report = IntelligenceReport(team_id=officer.team_id, submitted_by=officer)
        permissions.require(officer, "add", report)
    else:
        permissions.require(officer, "change", report)
    for name, value in fields.items():
        setattr(report, name, value.strip() if isinstance(value, str) else value)
    report.full_clean()
    report.save()
    if subjects is not None:
        _set_subjects(report, subjects)
    if submit:
        submit_report(officer=officer, report=report)
    return report


@audit.service
def submit_report(
    *, officer: Officer, report: IntelligenceReport, now: datetime | None = None
) -> IntelligenceReport:
    """The author sends a complete report for review; the team's supervisors are told."""
    now = now or timezone.now()
    permissions.require(officer, "change", report)
    missing = {field: message for field, message in NEEDED_TO_SUBMIT.items() if not getattr(report, field)}
    if report.grading_scheme != Scheme.THREE_FIVE_TWO:
        missing["grading_scheme"] = _("New reports are graded 3x5x2.")
    if missing:
        raise ValidationError(missing)
    previous = report.status
    report.status = Status.SUBMITTED
    report.submitted_at = now
    report.reviewer = None
    report.decided_at = None
    report.full_clean()
    report.save()
    _event(report, officer, ReportEvent.Action.SUBMITTED, previous, at=now)
    reminders.cancel(report, kind=DECIDED)
    reviewers = [s for s in report_queries.team_supervisors(report.team_id) if s.pk != officer.pk]
    _notify(report, reviewers, REVIEW_DUE, inbox.REVIEW_DUE, now, priority=report.priority)
    audit.record(officer, "intelligence.report.submitted", report, {"priority": report.priority})
    return report


@audit.service
def start_review(
    *, officer: Officer, report: IntelligenceReport, now: datetime | None = None
) -> IntelligenceReport:
    """A supervisor takes a submitted report under review."""
    now = now or timezone.now()
    permissions.require(officer, "review", report)
    if report.status != Status.SUBMITTED:
        raise ValidationError(_("This report is already under review."))
    report.status = Status.UNDER_REVIEW
    report.reviewer = officer
    report.save()
    _event(report, officer, ReportEvent.Action.REVIEW_STARTED, Status.SUBMITTED, at=now)
    reminders.cancel(report, kind=REVIEW_DUE)
    audit.record(officer, "intelligence.report.review_started", report)
    return report


def _under_review(officer: Officer, report: IntelligenceReport) -> None:
    permissions.require(officer, "review", report)
    if report.status != Status.UNDER_REVIEW:
        raise ValidationError(_("Start the review before deciding."))


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _retention_reminders(report: IntelligenceReport) -> None:
    """The team's supervisors owe the retention review on its date (worded at delivery: "Due
    today", "Overdue by 3 days")."""
    reminders.cancel(report, kind=RETENTION_DUE)
    due = timezone.make_aware(datetime.combine(report.review_due_on, time(9)))
    for supervisor in report_queries.team_supervisors(report.team_id):
        reminders.schedule(
            report,
            kind=RETENTION_DUE,
            recipient=supervisor,
            due=due,
            message=inbox.RETENTION_DUE,
            values={"number": report.pk},
            deadline=due,
        )


@audit.service
def accept_report(
    *,
    officer: Officer,
    report: IntelligenceReport,
    grade: Grade | None = None,
    reason: str = "",
    now: datetime | None = None,
) -> IntelligenceReport:
    """The reviewer accepts the report, regrading it if they judge otherwise (with a reason).
    Acceptance sets the retention review date for its type."""
    now = now or timezone.now()
    _under_review(officer, report)
    before = report.grade
    grade = grade or before
    regraded = (grade.code, grade.conditions.strip()) != (before.code, before.conditions.strip())
    if grade.scheme != Scheme.THREE_FIVE_TWO and regraded:
        raise ValidationError({"grading_scheme": _("A report is regraded in 3x5x2.")})
    if regraded and not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the new grade.")})
    if not grade.is_complete:
        raise ValidationError(_("A report is accepted with a complete grade."))
    report.grading_scheme = grade.scheme
    report.source_evaluation = grade.source
    report.intelligence_assessment = grade.intelligence
    report.handling_code = grade.handling
    report.handling_conditions = grade.conditions.strip()
    report.status = Status.ACCEPTED
    report.reviewer = officer
    report.decided_at = now
    years = report.report_type.review_after_years if report.report_type else 6
    report.review_due_on = _years_after(timezone.localtime(now).date(), years)
    report.full_clean()
    report.save()
    if regraded:
        _event(
            report,
            officer,
            ReportEvent.Action.REGRADED,
            Status.UNDER_REVIEW,
            at=now,
            grade_before=before.code,
            grade_after=grade.code,
            comment=reason.strip(),
        )
    _event(report, officer, ReportEvent.Action.ACCEPTED, Status.UNDER_REVIEW, at=now, grade_after=grade.code)
    _notify(report, [report.submitted_by], DECIDED, inbox.ACCEPTED, now)
    _retention_reminders(report)
    audit.record(
        officer,
        "intelligence.report.accepted",
        report,
        {"grade": grade.code, "regraded_from": before.code if regraded else None},
    )
    return report


def _decide(
    officer, report, status, action, text, now, *, field, missing, message, event
) -> IntelligenceReport:
    """Return or reject: the reviewer's words are required, the author is told."""
    now = now or timezone.now()
    _under_review(officer, report)
    if not text.strip():
        raise ValidationError({field: missing})
    report.status = status
    report.decided_at = now
    report.save()
    _event(report, officer, action, Status.UNDER_REVIEW, at=now, comment=text.strip())
    _notify(report, [report.submitted_by], DECIDED, message, now)
    audit.record(officer, event, report)
    return report


@audit.service
def return_report(
    *, officer: Officer, report: IntelligenceReport, comment: str, now: datetime | None = None
) -> IntelligenceReport:
    """The reviewer sends the report back to its author with what to change."""
    return _decide(
        officer,
        report,
        Status.RETURNED,
        ReportEvent.Action.RETURNED,
        comment,
        now,
        field="comment",
        missing=_("Say what the author should change."),
        message=inbox.RETURNED,
        event="intelligence.report.returned",
    )


@audit.service
def reject_report(
    *, officer: Officer, report: IntelligenceReport, reason: str, now: datetime | None = None
) -> IntelligenceReport:
    """The reviewer rejects the report, with the reason."""
    return _decide(
        officer,
        report,
        Status.REJECTED,
        ReportEvent.Action.REJECTED,
        reason,
        now,
        field="reason",
        missing=_("Give the reason for rejecting the report."),
        message=inbox.REJECTED,
        event="intelligence.report.rejected",
    )


@audit.service
def disseminate_report(
    *,
    officer: Officer,
    report: IntelligenceReport,
    to_officer: Officer | None = None,
    to_team: Team | None = None,
) -> IntelligenceReport:
    """Share an accepted report with a named officer or another team: an object-level grant."""
    permissions.require(officer, "disseminate", report)
    if (to_officer is None) == (to_team is None):
        raise ValidationError(_("Choose either an officer or a team."))
    officers, teams = report_queries.disseminated_to(report)
    if to_officer is not None:
        if not to_officer.is_active or not to_officer.has_perm(VIEW):
            raise ValidationError({"to_officer": _("This officer cannot receive intelligence.")})
        if to_officer in officers or permissions.can(to_officer, "view", report):
            raise ValidationError({"to_officer": _("This officer can already see the report.")})
        assign_perm(VIEW, to_officer, report)
        recipients, label, changes = [to_officer], to_officer.full_name, {"officer": to_officer.collar_number}
    else:
        if to_team.pk == report.team_id or to_team in teams:
            raise ValidationError({"to_team": _("This team can already see the report.")})
        assign_perm(VIEW, team_group(to_team), report)
        recipients, label, changes = (
            report_queries.team_supervisors(to_team),
            to_team.name,
            {"team_id": to_team.pk},
        )
    _event(report, officer, ReportEvent.Action.DISSEMINATED, Status.ACCEPTED, shared_with=label)
    _notify(report, recipients, DISSEMINATED, inbox.DISSEMINATED)
    audit.record(officer, "intelligence.report.disseminated", report, changes)
    return report


@audit.service
def decide_retention(
    *,
    officer: Officer,
    report: IntelligenceReport,
    decision: str,
    reason: str = "",
    next_review_on: date | None = None,
    now: datetime | None = None,
) -> RetentionReview:
    """A supervisor's retention review: retain with a reason (and the next review date), or
    dispose, which erases the report's content and keeps only its history."""
    now = now or timezone.now()
    permissions.require(officer, "retention", report)
    today = timezone.localdate(now)
    if decision == RetentionReview.Decision.RETAIN:
        if not reason.strip():
            raise ValidationError({"reason": _("Give the reason for keeping the report.")})
        years = report.report_type.review_after_years if report.report_type else 6
        next_review_on = next_review_on or _years_after(today, years)
        if next_review_on <= today:
            raise ValidationError({"next_review_on": _("The next review must be after today.")})
    elif decision == RetentionReview.Decision.DISPOSE:
        next_review_on = None
    else:
        raise ValidationError({"decision": _("Choose retain or dispose.")})
    review = RetentionReview(
        report=report,
        decided_by=officer,
        decided_at=now,
        decision=decision,
        reason=reason.strip(),
        next_review_on=next_review_on,
    )
    review.full_clean()
    review.save()
    report.review_due_on = next_review_on
    if decision == RetentionReview.Decision.RETAIN:
        report.save()
        _event(report, officer, ReportEvent.Action.RETAINED, Status.ACCEPTED, at=now, comment=reason.strip())
        _retention_reminders(report)
    else:
        _dispose(report, now)
        _event(report, officer, ReportEvent.Action.DISPOSED, Status.ACCEPTED, at=now)
        reminders.cancel(report)
    audit.record(
        officer, f"intelligence.report.{'retained' if review.next_review_on else 'disposed'}", report
    )
    return review


def _dispose(report: IntelligenceReport, now: datetime) -> None:
    """Erase what the report says and who it is about; the shell, grade and history remain."""
    report.text = ""
    report.location_text = ""
    report.subjects_text = ""
    report.latitude = report.longitude = None
    report.disposed_at = now
    report.save()
    for subject in report.subjects.all():
        subject.delete()
    for event in report.events.exclude(comment=""):
        event.comment = ""
        event.save()


@audit.service
def import_legacy_report(
    *,
    team: Team,
    submitted_by: Officer,
    text: str,
    grade: Grade,
    report_type: ReportType,
    occurred_at: datetime,
    accepted_at: datetime,
    subjects: list[dict] | None = None,
    location_text: str = "",
) -> IntelligenceReport:
    """A report carried over from the old system with its 5x5x5 grade, kept in that scheme."""
    report = IntelligenceReport(
        team=team,
        submitted_by=submitted_by,
        status=Status.ACCEPTED,
        report_type=report_type,
        text=text,
        location_text=location_text,
        occurred_at=occurred_at,
        grading_scheme=grade.scheme,
        source_evaluation=grade.source,
        intelligence_assessment=grade.intelligence,
        handling_code=grade.handling,
        handling_conditions=grade.conditions,
        sanitised=True,
        created_at=accepted_at,
        submitted_at=accepted_at,
        decided_at=accepted_at,
        review_due_on=_years_after(timezone.localtime(accepted_at).date(), report_type.review_after_years),
    )
    report.full_clean()
    report.save()
    _set_subjects(report, subjects or [])
    _event(report, None, ReportEvent.Action.IMPORTED, at=accepted_at, grade_after=grade.code)
    audit.record(None, "intelligence.report.imported", report, {"grade": grade.code})
    return report
