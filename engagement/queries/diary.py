"""Reads of the community diary used on several pages: groups due for contact, "You said, we
did", neighbourhoods whose priorities need review, the query queue, the handover pack."""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import Count, IntegerField, Min, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from pcso import permissions
from pcso.dates import months_before
from pcso.models import Neighbourhood

from ..models import (
    Action,
    CommunityGroup,
    Concern,
    DiaryEntry,
    DiarySettings,
    Meeting,
    NeighbourhoodQuery,
    Priority,
)


def groups(user) -> QuerySet[CommunityGroup]:
    return permissions.visible(user, CommunityGroup.objects.all()).select_related(
        "neighbourhood", "contact_officer", "team"
    )


def groups_due(user, today: date | None = None) -> QuerySet[CommunityGroup]:
    """Active groups whose contact has fallen due (overdue ones first: they fell due earliest)."""
    today = today or timezone.localdate()
    return groups(user).filter(active=True, next_contact_due__lte=today).order_by("next_contact_due", "pk")


def my_groups_due(user, today: date | None = None) -> QuerySet[CommunityGroup]:
    return groups_due(user, today).filter(contact_officer=user)


# Counted for the page's rows only: a correlated subquery, never a join over every entry.
_concern_count = (
    Concern.objects.filter(entry=OuterRef("pk"))
    .order_by()
    .values("entry")
    .annotate(n=Count("pk"))
    .values("n")
)


def entries(user) -> QuerySet[DiaryEntry]:
    return (
        permissions.visible(user, DiaryEntry.objects.all())
        .select_related("officer", "neighbourhood")
        .prefetch_related("groups")
        .annotate(concern_count=Subquery(_concern_count, output_field=IntegerField()))
        .order_by("-occurred_at", "-pk")
    )


def you_said_we_did(neighbourhood: Neighbourhood) -> QuerySet[Action]:
    """The closed concern and action pairs of a neighbourhood, latest first."""
    return (
        Action.objects.filter(
            concern__neighbourhood=neighbourhood,
            concern__status=Concern.Status.CLOSED,
            status=Action.Status.DONE,
        )
        .select_related("concern", "concern__entry")
        .order_by("-completed_at", "-pk")
    )


def police_uk_date(value: date | datetime | None) -> str | None:
    """The date format of the police.uk priorities API: 2015-10-08T00:00:00 (local day)."""
    if value is None:
        return None
    day = timezone.localdate(value) if isinstance(value, datetime) else value
    return f"{day.isoformat()}T00:00:00"


def police_uk_pairs(actions) -> list[dict]:
    """Closed pairs in the police.uk priorities shape: issue, issue-date, action, action-date."""
    return [
        {
            "issue": action.concern.description,
            "issue-date": police_uk_date(action.concern.raised_at),
            "action": action.outcome,
            "action-date": police_uk_date(action.completed_at),
        }
        for action in actions
    ]


def review_cutoff(today: date) -> date:
    return months_before(today, DiarySettings.current().priority_review_months)


def neighbourhood_priorities(user, today: date | None = None) -> list[Neighbourhood]:
    """The visible neighbourhoods, each with its active priorities counted, the oldest last
    review among them (`oldest_review`), and `flagged` when it has no active priority or any
    active priority was last reviewed before the cutoff (a review on the cutoff day counts).
    Closed priorities prove nothing: the flag is per active priority."""
    today = today or timezone.localdate()
    cutoff = review_cutoff(today)
    active = Q(priorities__status=Priority.Status.ACTIVE)
    neighbourhoods = (
        permissions.visible(user, Neighbourhood.objects.all())
        .select_related("team")
        .annotate(
            active_priorities=Count("priorities", filter=active),
            oldest_review=Min("priorities__reviewed_on", filter=active),
        )
        .order_by("team__name", "name")
    )
    result = list(neighbourhoods)
    for neighbourhood in result:
        neighbourhood.flagged = neighbourhood.oldest_review is None or neighbourhood.oldest_review < cutoff
    return result


def priorities_flagged(neighbourhood: Neighbourhood, today: date | None = None) -> bool:
    """No active priority, or one not reviewed since the cutoff."""
    today = today or timezone.localdate()
    oldest = neighbourhood.priorities.filter(status=Priority.Status.ACTIVE).aggregate(
        oldest=Min("reviewed_on")
    )["oldest"]
    return oldest is None or oldest < review_cutoff(today)


def meetings(user) -> QuerySet[Meeting]:
    return (
        permissions.visible(user, Meeting.objects.all())
        .select_related("neighbourhood", "recorded_by")
        .order_by("-held_at", "-pk")
    )


def query_queue(user, state: str = "open") -> QuerySet[NeighbourhoodQuery]:
    """Unanswered queries soonest due first ("open", overdue ones among them), or answered ones
    latest first ("answered")."""
    queries = permissions.visible(user, NeighbourhoodQuery.objects.all()).select_related(
        "neighbourhood", "answered_by"
    )
    if state == "answered":
        return queries.filter(answered_at__isnull=False).order_by("-received_at", "-pk")
    return queries.filter(answered_at__isnull=True).order_by("due_at", "pk")


def handover_pack(user, neighbourhood: Neighbourhood, now: datetime | None = None) -> dict:
    """What an officer taking over the beat needs: groups and contacts, open concerns and actions,
    active priorities, coming meetings, open queries."""
    now = now or timezone.now()
    return {
        "groups": list(groups(user).filter(neighbourhood=neighbourhood, active=True).order_by("name", "pk")),
        "concerns": list(
            permissions.visible(user, Concern.objects.all())
            .filter(neighbourhood=neighbourhood, status=Concern.Status.OPEN)
            .select_related("entry", "entry__officer")
            .order_by("raised_at", "pk")
        ),
        "actions": list(
            permissions.visible(user, Action.objects.all())
            .filter(status=Action.Status.OPEN, entry__neighbourhood=neighbourhood)
            .select_related("owner", "concern")
            .order_by("due_on", "pk")
        ),
        "priorities": list(
            permissions.visible(user, Priority.objects.all())
            .filter(neighbourhood=neighbourhood, status=Priority.Status.ACTIVE)
            .order_by("-issue_date", "-pk")
        ),
        "meetings": list(
            meetings(user).filter(neighbourhood=neighbourhood, held_at__gte=now).order_by("held_at")
        ),
        "queries": list(query_queue(user).filter(neighbourhood=neighbourhood)),
    }


def home(user) -> dict:
    """The diary's part of each home page: a PCSO's groups due for contact; the groups due in
    the team and the queries running out of time; the neighbourhoods whose priorities need review."""
    today = timezone.localdate()
    context = {
        "diary_groups_due": list(my_groups_due(user, today)[:5]),
        "diary_team_due": groups_due(user, today).count(),
        "diary_queries_open": list(query_queue(user)[:5]),
        "diary_can_record": bool(user.team_id) and user.has_perm("engagement.add_diaryentry"),
        "diary_flagged": [n for n in neighbourhood_priorities(user, today) if n.flagged],
    }
    for group in context["diary_groups_due"]:
        group.state = group.contact_state(today)
    now = timezone.now()
    for query in context["diary_queries_open"]:
        query.state = query.clock(now)
    return context
