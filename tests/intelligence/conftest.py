"""Intelligence fixtures: reports written, submitted and decided through the services."""

import pytest
from django.utils import timezone

from intelligence.models import ReportType
from intelligence.services import reports as services


def report_type(name="Crime and disorder", years=6) -> ReportType:
    """The migration's report types are gone after a transactional test's flush: make sure."""
    return ReportType.objects.get_or_create(name=name, defaults={"review_after_years": years})[0]


def complete(**overrides) -> dict:
    """Every field a report needs to be submitted: 3x5x2 graded 2/B/P, medium priority."""
    return {
        "report_type": report_type(),
        "text": "A grey van parks behind the shops at night; boxes are loaded into it.",
        "occurred_at": timezone.now(),
        "location_text": "Charterhouse Street",
        "source_type": "public",
        "source_evaluation": "2",
        "intelligence_assessment": "B",
        "handling_code": "P",
        "priority": 2,
        "sanitised": True,
        **overrides,
    }


def make_report(officer, *, status="submitted", reviewer=None, subjects=None, **overrides):
    """A report by `officer`, taken to `status` (draft, submitted, under_review, accepted,
    returned, rejected) by `reviewer` where a review is needed."""
    report = services.save_report(
        officer=officer,
        subjects=subjects
        if subjects is not None
        else [{"role": "vehicle", "description": "Grey van AB12 CDE"}],
        **complete(**overrides),
    )
    if status == "draft":
        return report
    services.submit_report(officer=officer, report=report)
    if status == "submitted":
        return report
    services.start_review(officer=reviewer, report=report)
    if status == "accepted":
        services.accept_report(officer=reviewer, report=report)
    elif status == "returned":
        services.return_report(officer=reviewer, report=report, comment="Say which night.")
    elif status == "rejected":
        services.reject_report(officer=reviewer, report=report, reason="Nothing new.")
    return report


@pytest.fixture
def report(officer, sergeant, inspector):
    """A submitted report of the officer (West); the sergeant and inspector supervise West."""
    return make_report(officer)
