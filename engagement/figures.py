"""What engagement adds to the dashboards (pcso/figures.py): per officer diary contacts, concerns
raised and closed, follow-ups on time and overdue; the overdue follow-ups queue; per
neighbourhood the guarantee measures (queries answered in time, priorities reviewed); per team
victim follow-up compliance and open high-risk cases. Counts only: no victim's name reaches a
dashboard."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Case, Count, F, Min, Q, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pcso import permissions
from pcso.dates import months_before
from pcso.figures import Column, Period, Queue, Table, neighbourhood_columns, officer_columns, queue, section
from pcso.models import Team

from .models import (
    Concern,
    DiaryEntry,
    DiarySettings,
    FollowUp,
    NeighbourhoodQuery,
    Priority,
    VictimCase,
    in_highest_band,
)

LATE = Q(completed_at=None) | Q(completed_at__gt=F("due_at"))


def _fell_due(user, period: Period):
    """Follow-ups that fell due in the period (up to now), cancelled ones aside."""
    upper = min(period.hi, timezone.now())
    # The teams' own cases: a case shared with a team counts for the team that owns it.
    return permissions.own_teams_rows(user, FollowUp.objects.all()).filter(
        due_at__gte=period.lo, due_at__lt=upper, cancelled_at=None
    )


@officer_columns(order=20)
def diary_columns(user, officer_ids, period: Period) -> list[Column]:
    """Per officer: their diary entries in the period, the concerns raised in their entries in
    the period, and the concerns they closed in it (by completing the last open action; for a
    concern closed before closers were recorded, the officer whose entry raised it). Three
    queries."""
    contacts = dict(
        permissions.visible(user, DiaryEntry.objects.all())
        .filter(officer_id__in=officer_ids, occurred_at__gte=period.lo, occurred_at__lt=period.hi)
        .values("officer")
        .annotate(n=Count("pk"))
        .values_list("officer", "n")
    )
    concerns = permissions.visible(user, Concern.objects.all())
    raised = dict(
        concerns.filter(raised_at__gte=period.lo, raised_at__lt=period.hi, entry__officer_id__in=officer_ids)
        .values("entry__officer")
        .annotate(n=Count("pk"))
        .values_list("entry__officer", "n")
    )
    closed = dict(
        concerns.filter(closed_at__gte=period.lo, closed_at__lt=period.hi)
        .annotate(closer=Coalesce("closed_by", "entry__officer"))
        .filter(closer__in=officer_ids)
        .values("closer")
        .annotate(n=Count("pk"))
        .values_list("closer", "n")
    )
    return [
        Column("diary_contacts", _("Diary contacts"), contacts, chart=True),
        Column("concerns_raised", _("Concerns raised"), raised),
        Column("concerns_closed", _("Concerns closed"), closed),
    ]


@neighbourhood_columns(order=20)
def guarantee_columns(user, neighbourhood_ids, period: Period) -> list[Column]:
    """Per neighbourhood: the queries whose answer fell due in the period (up to now) and those
    answered in time; the last priority review on or before the period's last day (today for
    the current period) of each active priority, the oldest of them shown, and whether it lies
    within the review window. Three queries."""
    config = DiarySettings.current()
    now = timezone.now()
    due = {
        row["neighbourhood"]: row
        for row in permissions.visible(user, NeighbourhoodQuery.objects.all())
        .filter(neighbourhood_id__in=neighbourhood_ids, due_at__gte=period.lo, due_at__lt=min(period.hi, now))
        .values("neighbourhood")
        .annotate(due=Count("pk"), in_time=Count("pk", filter=Q(answered_at__lte=F("due_at"))))
    }
    as_of = min(period.end - timedelta(days=1), timezone.localdate(now))
    cutoff = months_before(as_of, config.priority_review_months)
    # Per active priority (a closed one's review proves nothing about the others): the oldest of
    # their last reviews. For a past period, a priority reviewed since counts from the day it was
    # set, the last day it is known to have been looked at by then.
    last_review = Case(When(reviewed_on__lte=as_of, then=F("reviewed_on")), default=F("issue_date"))
    reviewed = dict(
        permissions.visible(user, Priority.objects.all())
        .filter(neighbourhood_id__in=neighbourhood_ids, status=Priority.Status.ACTIVE, issue_date__lte=as_of)
        .values("neighbourhood")
        .annotate(oldest=Min(last_review))
        .values_list("neighbourhood", "oldest")
    )
    counts = {pk: row["due"] for pk, row in due.items()}
    in_time = {pk: row["in_time"] for pk, row in due.items()}
    share = {pk: f"{round(100 * row['in_time'] / row['due'])}%" for pk, row in due.items()}
    yes, no = _("Yes"), _("No")
    hours, months = config.query_response_hours, config.priority_review_months
    return [
        Column("queries_due", _("Queries due"), counts, chart=True, headline=_("Queries due")),
        Column(
            "queries_in_time",
            _("Answered within %(hours)s hours") % {"hours": hours},
            in_time,
            chart=True,
            headline=_("Queries answered within %(hours)s hours") % {"hours": hours},
        ),
        # Guarantee measures: every query that fell due answered in time (where one fell due),
        # and every active priority reviewed within the window.
        Column(
            "queries_share",
            _("Queries answered in time"),
            share,
            default="—",
            met={pk: row["in_time"] == row["due"] for pk, row in due.items()},
        ),
        Column(
            "priorities_reviewed",
            _("Priorities last reviewed"),
            {pk: f"{day:%d/%m/%Y}" for pk, day in reviewed.items()},
            default=_("No active priority"),
        ),
        Column(
            "priorities_in_time",
            _("Reviewed within %(months)s months") % {"months": months},
            {pk: yes if day >= cutoff else no for pk, day in reviewed.items()},
            default=no,
            met={pk: pk in reviewed and reviewed[pk] >= cutoff for pk in neighbourhood_ids},
        ),
    ]


@officer_columns(order=30)
def follow_up_columns(user, officer_ids, period: Period) -> list[Column]:
    rows = (
        _fell_due(user, period)
        .filter(assigned_to_id__in=officer_ids)
        .values("assigned_to")
        .annotate(on_time=Count("pk", filter=Q(completed_at__lte=F("due_at"))), late=Count("pk", filter=LATE))
    )
    on_time, late = {}, {}
    for row in rows:
        on_time[row["assigned_to"]], late[row["assigned_to"]] = row["on_time"], row["late"]
    return [
        Column("follow_ups_on_time", _("Follow-ups on time"), on_time, chart=True),
        Column("follow_ups_overdue", _("Follow-ups overdue"), late, chart=True),
    ]


@queue(order=30)
def overdue_follow_ups(user) -> Queue:
    overdue = permissions.visible(user, FollowUp.objects.all()).filter(
        case__team__in=permissions.teams_for(user, "review"),
        case__status=VictimCase.Status.OPEN,
        completed_at=None,
        cancelled_at=None,
        due_at__lt=timezone.now(),
    )
    return Queue(_("Follow-ups overdue"), overdue.count(), reverse("engagement:case-list"))


@section(page="neighbourhoods", key="victims", order=30)
def victim_compliance(user, period: Period) -> Table:
    """Per team: follow-ups that fell due in the period, done on time, and open high-risk cases."""
    due = {
        row["case__team"]: row
        for row in _fell_due(user, period)
        .values("case__team")
        .annotate(fell_due=Count("pk"), on_time=Count("pk", filter=Q(completed_at__lte=F("due_at"))))
    }
    high = dict(
        permissions.visible(user, VictimCase.objects.all())
        .filter(in_highest_band("band"), status=VictimCase.Status.OPEN)
        .values("team")
        .annotate(n=Count("pk"))
        .values_list("team", "n")
    )
    rows = []
    for team in permissions.visible(user, Team.objects.order_by("name")):
        row = due.get(team.pk, {"fell_due": 0, "on_time": 0})
        share = f"{round(100 * row['on_time'] / row['fell_due'])}%" if row["fell_due"] else "—"
        rows.append([team.name, row["fell_due"], row["on_time"], share, high.get(team.pk, 0)])
    return Table(
        key="victims",
        title=_("Victim follow-ups and open high-risk cases"),
        headers=[_("Team"), _("Follow-ups due"), _("Done on time"), _("On time"), _("Open high-risk cases")],
        rows=rows,
        chart="bar",
        chart_columns=[1, 2, 4],
        headline={1: _("Victim follow-ups due"), 2: _("Victim follow-ups done on time")},
    )
