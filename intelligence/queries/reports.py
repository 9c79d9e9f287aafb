"""Reads used in more than one place: the lists, the review queue, search, retention reviews."""

from __future__ import annotations

from datetime import date

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import F, QuerySet
from django.utils import timezone

from pcso import permissions
from pcso.models import Officer, Team

from ..models import (
    IntelligenceReport,
    IntelligenceReportGroupObjectPermission,
    IntelligenceReportUserObjectPermission,
    Status,
)


def team_supervisors(team: Team | int) -> list[Officer]:
    """The officers holding the supervise grant on a team: its reviewers."""
    return list(permissions.supervisors_of(team).order_by("collar_number"))


def _listed(reports: QuerySet) -> QuerySet:
    return reports.filter(disposed_at__isnull=True).select_related("team", "submitted_by", "report_type")


def reports_for(user, action: str = "view") -> QuerySet[IntelligenceReport]:
    """The reports this user may act on, newest first."""
    return _listed(permissions.visible(user, IntelligenceReport.objects.all(), action))


def report_list(user, *, status: str = "", mine: bool = False) -> QuerySet[IntelligenceReport]:
    reports = reports_for(user)
    if status in Status.values:
        reports = reports.filter(status=status)
    if mine:
        reports = reports.filter(submitted_by=user)
    return reports.order_by("-created_at", "-pk")


def search(user, text: str) -> QuerySet[IntelligenceReport]:
    """Full-text search over the report text and its subjects, within what the user may see,
    best match first."""
    query = SearchQuery(text, config="english", search_type="websearch")
    return (
        reports_for(user)
        .filter(search_vector=query)
        .annotate(rank=SearchRank(F("search_vector"), query))
        .order_by("-rank", "-created_at", "-pk")
    )


def review_queue(user) -> QuerySet[IntelligenceReport]:
    """Reports awaiting this supervisor's review: high priority first, then oldest submitted."""
    return reports_for(user, "review").order_by("priority", "submitted_at", "pk")


def retention_due(user, on: date | None = None) -> QuerySet[IntelligenceReport]:
    """Accepted reports whose retention review is due by `on` (today), in the user's teams."""
    on = on or timezone.localdate()
    return reports_for(user, "retention").filter(review_due_on__lte=on).order_by("review_due_on", "pk")


def disseminated_to(report: IntelligenceReport) -> tuple[list[Officer], list[Team]]:
    """The officers and teams a report was disseminated to."""
    officer_ids = IntelligenceReportUserObjectPermission.objects.filter(
        content_object=report, permission__codename="view_intelligencereport"
    ).values("user_id")
    group_names = IntelligenceReportGroupObjectPermission.objects.filter(
        content_object=report, permission__codename="view_intelligencereport"
    ).values_list("group__name", flat=True)
    team_ids = [int(name[5:]) for name in group_names if name.startswith("team:")]
    return (
        list(Officer.objects.filter(pk__in=officer_ids).order_by("last_name", "first_name")),
        list(Team.objects.filter(pk__in=team_ids).order_by("name")),
    )
