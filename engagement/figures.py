"""What engagement adds to the dashboards (pcso/figures.py): per officer follow-ups on time and
overdue; the overdue follow-ups queue; per team victim follow-up compliance and open high-risk
cases. Counts only: no victim's name reaches a dashboard."""

from __future__ import annotations

from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pcso import permissions
from pcso.figures import Column, Period, Queue, Table, officer_columns, queue, section
from pcso.models import Team

from .models import FollowUp, VictimCase

LATE = Q(completed_at=None) | Q(completed_at__gt=F("due_at"))


def _fell_due(user, period: Period):
    """Follow-ups that fell due in the period (up to now), cancelled ones aside."""
    upper = min(period.hi, timezone.now())
    return permissions.visible(user, FollowUp.objects.all()).filter(
        due_at__gte=period.lo, due_at__lt=upper, cancelled_at=None
    )


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
        .filter(status=VictimCase.Status.OPEN, band__code="high")
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
    )
