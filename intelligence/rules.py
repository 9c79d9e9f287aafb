"""Who may do what to an intelligence report beyond its scope (supervisors of its team, its
author, whoever it was disseminated to). Each rule has its row form, so lists agree with can()."""

from django.db.models import Q

from pcso.permissions import rule

from .models import Status

REPORT = "intelligence.intelligencereport"
EDITABLE = (Status.DRAFT, Status.RETURNED)
AWAITING_REVIEW = (Status.SUBMITTED, Status.UNDER_REVIEW)


@rule(
    "view", REPORT, rows=lambda user, reports: reports.exclude(Q(status=Status.DRAFT) & ~Q(submitted_by=user))
)
def report_view(user, report) -> bool:
    """A draft is its author's alone until it is submitted."""
    return report.status != Status.DRAFT or report.submitted_by_id == user.pk


@rule(
    "change",
    REPORT,
    rows=lambda user, reports: reports.filter(submitted_by=user, status__in=EDITABLE, disposed_at=None),
)
def report_change(user, report) -> bool:
    """Only the author writes a report, while it is a draft or returned to them."""
    return report.submitted_by_id == user.pk and report.status in EDITABLE and report.disposed_at is None


@rule(
    "review",
    REPORT,
    rows=lambda user, reports: reports.filter(status__in=AWAITING_REVIEW).exclude(submitted_by=user),
)
def report_review(user, report) -> bool:
    """A supervisor of the team reviews a submitted report, never their own (a sergeant's report
    goes to another supervisor of the team)."""
    return report.status in AWAITING_REVIEW and report.submitted_by_id != user.pk


@rule(
    "disseminate",
    REPORT,
    rows=lambda user, reports: reports.filter(status=Status.ACCEPTED, disposed_at=None),
    supervisory=True,
)
def report_disseminate(user, report) -> bool:
    """Only an accepted report is shared beyond its author and supervisors."""
    return report.status == Status.ACCEPTED and report.disposed_at is None


@rule(
    "retention",
    REPORT,
    rows=lambda user, reports: reports.filter(
        status=Status.ACCEPTED, disposed_at=None, review_due_on__isnull=False
    ),
    supervisory=True,
)
def report_retention(user, report) -> bool:
    """Accepted reports kept on record are reviewed for retention by the team's supervisors."""
    return (
        report.status == Status.ACCEPTED and report.disposed_at is None and report.review_due_on is not None
    )
