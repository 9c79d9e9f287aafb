"""The intelligence panels on each home page: counts and links, never report content."""

from pcso.home import panel

from .models import Status
from .queries import reports as report_queries


@panel(home=("my_day", "team"), order=60, template="intelligence/reports/panels/submit.html")
def submit_intelligence(user) -> dict | None:
    """Submit intelligence; the officer's drafts and the reports returned to them."""
    if not user.has_perm("intelligence.add_intelligencereport") or not user.team_id:
        return None
    own = report_queries.reports_for(user, "change")
    return {
        "drafts": own.filter(status=Status.DRAFT).count(),
        "returned": own.filter(status=Status.RETURNED).count(),
    }


@panel(home=("team", "neighbourhoods"), order=61, template="intelligence/reports/panels/review.html")
def review_intelligence(user) -> dict | None:
    """Reports awaiting the supervisor's review, and retention reviews due."""
    if not user.has_perm("intelligence.review_intelligencereport"):
        return None
    return {
        "to_review": report_queries.review_queue(user).count(),
        "retention_due": (
            report_queries.retention_due(user).count()
            if user.has_perm("intelligence.retention_intelligencereport")
            else None
        ),
    }
