"""Reads of penalty notices used by the register, its export, the home pages and the bench."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db.models import Count, Q, QuerySet

from pcso import permissions
from pcso.models import Officer

from ..models import Designation, FixedPenaltyNotice, NoticeNumber
from .patrols import london

Status = FixedPenaltyNotice.Status
UNPAID = (Status.REGISTER_AS_FINE, Status.REFER_TO_COURT)


def notices(user, action: str = "view") -> QuerySet[FixedPenaltyNotice]:
    return permissions.visible(user, FixedPenaltyNotice.objects.all(), action)


def register(user, filters: dict | None = None) -> QuerySet[FixedPenaltyNotice]:
    """The notices this user sees, newest number first, narrowed by the register's filters."""
    rows = notices(user).select_related("offence", "officer", "team").order_by("-number")
    filters = filters or {}
    if filters.get("status"):
        rows = rows.filter(status=filters["status"])
    if filters.get("offence"):
        rows = rows.filter(offence=filters["offence"])
    if filters.get("officer"):
        rows = rows.filter(officer=filters["officer"])
    tz = london()
    if filters.get("start"):
        rows = rows.filter(issued_at__gte=datetime.combine(filters["start"], time.min, tzinfo=tz))
    if filters.get("end"):
        rows = rows.filter(
            issued_at__lt=datetime.combine(filters["end"] + timedelta(days=1), time.min, tzinfo=tz)
        )
    return rows


def register_officers(user) -> QuerySet[Officer]:
    """The officers the register can be filtered by: those of the teams the user sees."""
    team_ids = list(permissions.teams_for(user).values_list("pk", flat=True))
    return Officer.objects.filter(team_id__in=team_ids).order_by("last_name", "first_name")


def officer_counts(user) -> list[dict]:
    """Per officer of the teams this user supervises: notices issued, awaiting payment, paid,
    unpaid (fine or court), challenged and cancelled. One grouped query."""
    team_ids = list(permissions.teams_for(user, "review").values_list("pk", flat=True))
    rows = (
        permissions.visible(user, FixedPenaltyNotice.objects.filter(team_id__in=team_ids))
        .values("officer_id", "officer__first_name", "officer__last_name", "officer__collar_number")
        .annotate(
            total=Count("pk"),
            open=Count("pk", filter=Q(status__in=FixedPenaltyNotice.OPEN)),
            paid=Count("pk", filter=Q(status=Status.PAID)),
            unpaid=Count("pk", filter=Q(status__in=UNPAID)),
            challenged=Count("pk", filter=Q(status=Status.CHALLENGED)),
            cancelled=Count("pk", filter=Q(status=Status.CANCELLED)),
        )
        .order_by("officer__last_name", "officer__first_name")
    )
    return [
        {**row, "name": f"{row['officer__first_name']} {row['officer__last_name']}".strip()} for row in rows
    ]


def designations(user) -> QuerySet[Designation]:
    return permissions.visible(user, Designation.objects.all()).select_related("officer", "offence", "team")


def reserved_numbers(user, state: str = "") -> QuerySet[NoticeNumber]:
    """The reserved numbers this user sees (their own; a supervisor's teams'), newest first: with
    the notices, the register of every number (issued, spoilt, returned, or held since a date)."""
    rows = permissions.visible(user, NoticeNumber.objects.all()).select_related("officer", "team", "notice")
    if state:
        rows = rows.filter(state=state)
    return rows.order_by("-number")
