"""Reads of victims and their follow-ups used on several pages: an officer's follow-ups, a team's
on-time share, reviewers, high-risk cases, finding a known victim."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Count, F, Func, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Upper
from django.utils import timezone
from django.utils.translation import gettext as _

from pcso import permissions
from pcso.models import Officer, Team

from ..models import FollowUp, Victim, VictimCase, in_highest_band

ON_TIME_WINDOW_DAYS = 90


def _end_of_today(now: datetime) -> datetime:
    local = timezone.localtime(now)
    return local.replace(hour=23, minute=59, second=59, microsecond=0)


def open_follow_ups(user) -> QuerySet[FollowUp]:
    """The open follow-ups on open cases this user may see, soonest first."""
    return (
        permissions.visible(user, FollowUp.objects.all())
        .filter(completed_at__isnull=True, cancelled_at__isnull=True, case__status=VictimCase.Status.OPEN)
        .select_related("case", "case__victim", "case__band", "assigned_to")
        .order_by("due_at", "pk")
    )


def follow_ups_due(user, now: datetime | None = None) -> QuerySet[FollowUp]:
    """This officer's overdue follow-ups and those due by the end of today."""
    now = now or timezone.now()
    return open_follow_ups(user).filter(assigned_to=user, due_at__lte=_end_of_today(now))


def follow_ups_coming(user, now: datetime | None = None, days: int = 7) -> QuerySet[FollowUp]:
    now = now or timezone.now()
    end = _end_of_today(now)
    return open_follow_ups(user).filter(
        assigned_to=user, due_at__gt=end, due_at__lte=end + timedelta(days=days)
    )


def on_time_by_officer(user, now: datetime | None = None, days: int = ON_TIME_WINDOW_DAYS) -> list[dict]:
    """Per officer of the teams this user supervises: of the follow-ups that fell due in the
    window (cancelled ones aside), how many were done on time."""
    now = now or timezone.now()
    since = now - timedelta(days=days)

    def count(condition: Q) -> Coalesce:
        # Per officer, from the index on (officer, due date): the window only, never their
        # whole history joined to every officer.
        rows = FollowUp.objects.filter(condition, assigned_to=OuterRef("pk")).order_by().values("assigned_to")
        return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")), 0)

    fell_due = Q(due_at__gte=since, due_at__lte=now, cancelled_at__isnull=True)
    officers = (
        permissions.members_of(permissions.team_ids(user, "review"))
        .annotate(
            fell_due=count(fell_due),
            on_time=count(fell_due & Q(completed_at__lte=F("due_at"))),
            overdue=count(Q(due_at__lt=now, completed_at__isnull=True, cancelled_at__isnull=True)),
        )
        .select_related("team")
        .order_by("team__name", "last_name", "first_name")
    )
    return [
        {
            "officer": officer,
            "fell_due": officer.fell_due,
            "on_time": officer.on_time,
            "overdue": officer.overdue,
            "share": round(100 * officer.on_time / officer.fell_due) if officer.fell_due else None,
        }
        for officer in officers
    ]


def team_sergeants(team: Team) -> list[Officer]:
    """The team's own supervisors (its sergeants): those holding the supervise grant on it,
    other than the inspector commanding it."""
    supervisors = permissions.supervisors_of(team).exclude(pk=team.inspector_id)
    return list(supervisors.order_by("collar_number"))


def reviewer_of(team: Team, kind: str) -> Officer | None:
    """Who is given a case review of this kind: the team's first sergeant, or its inspector."""
    if kind == FollowUp.Kind.SERGEANT_REVIEW:
        sergeants = team_sergeants(team)
        return sergeants[0] if sergeants else None
    return team.inspector


def open_high_risk_cases(user) -> QuerySet[VictimCase]:
    return (
        permissions.visible(user, VictimCase.objects.all())
        .filter(in_highest_band("band"), status=VictimCase.Status.OPEN)
        .select_related("victim", "assigned_officer", "team", "band")
        .order_by("team__name", "-created_at")
    )


def reviews_due(user) -> QuerySet[FollowUp]:
    """The open case reviews this user owes."""
    return open_follow_ups(user).filter(
        assigned_to=user, kind__in=[FollowUp.Kind.SERGEANT_REVIEW, FollowUp.Kind.INSPECTOR_REVIEW]
    )


def review_gaps(case: VictimCase) -> list[tuple[str, str, bool]]:
    """The reviews the case's band calls for that are not planned, as (kind, message, can be
    planned now): a team without a sergeant or inspector has nobody to give them to. Shown on
    the case page so the gap is never silent."""
    if case.band is None or not case.is_open:
        return []
    team, band = case.team, case.band
    planned = set(
        case.follow_ups.filter(
            completed_at__isnull=True,
            cancelled_at__isnull=True,
            kind__in=[FollowUp.Kind.SERGEANT_REVIEW, FollowUp.Kind.INSPECTOR_REVIEW],
        ).values_list("kind", flat=True)
    )
    gaps = []
    for kind, days, unplanned, missing in (
        (
            FollowUp.Kind.SERGEANT_REVIEW,
            band.sergeant_review_days,
            _("No sergeant review is planned (one is due every %(days)s days)."),
            _("%(team)s has no sergeant: the sergeant review every %(days)s days is not planned."),
        ),
        (
            FollowUp.Kind.INSPECTOR_REVIEW,
            band.inspector_review_days,
            _("No inspector review is planned (one is due every %(days)s days)."),
            _("%(team)s has no inspector: the inspector review every %(days)s days is not planned."),
        ),
    ):
        if not days or kind in planned:
            continue
        present = reviewer_of(team, kind) is not None
        if present:
            gaps.append((kind, unplanned % {"days": days}, True))
        else:
            gaps.append((kind, missing % {"team": team.name, "days": days}, False))
    return gaps


def _digits(expression):
    return Func(expression, Value(r"\D"), Value(""), Value("g"), function="regexp_replace")


def _squeezed(expression):
    return Upper(Func(expression, Value(r"\s"), Value(""), Value("g"), function="regexp_replace"))


def matching_victims(user, *, name="", date_of_birth=None, postcode="", phone="", limit=20):
    """The people this user may see who match any detail given: part of the name, the date of
    birth, the postcode or the phone number (spaces and punctuation aside)."""
    match = Q()
    if name.strip():
        words = name.split()
        match |= Q(*[Q(name__icontains=word) for word in words])
    if date_of_birth:
        match |= Q(date_of_birth=date_of_birth)
    postcode = "".join(postcode.split()).upper()
    if postcode:
        match |= Q(postcode_key=postcode)
    phone = "".join(ch for ch in phone if ch.isdigit())
    if len(phone) >= 6:
        match |= Q(phone_key=phone)
    if not match:
        return []
    victims = permissions.visible(user, Victim.objects.all()).annotate(
        postcode_key=_squeezed("postcode"), phone_key=_digits("phone")
    )
    return list(victims.filter(match).order_by("name", "pk")[:limit])
