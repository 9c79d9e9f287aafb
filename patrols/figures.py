"""What patrols adds to the dashboards (pcso/figures.py): per officer patrol hours, time in
locality, minutes at hotspots and penalty notices issued; the sign-off queue; hotspot dosage and
notices by status per team; each neighbourhood's named contact officers (the officers whose own
neighbourhood it is); the hotspots on the map, coloured by dose."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, StringAgg, Sum, Value
from django.db.models.functions import Coalesce, Concat, Greatest, Least
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pcso import permissions
from pcso.figures import (
    Column,
    Layer,
    Period,
    Queue,
    Table,
    map_layer,
    neighbourhood_columns,
    officer_columns,
    queue,
    section,
)
from pcso.models import Team

from .models import FixedPenaltyNotice, HotspotVisit, OfficerNeighbourhood, Patrol
from .queries import patrols as queries


def _hours(duration) -> float:
    return round(duration.total_seconds() / 3600, 1) if duration else 0.0


def _clipped(start: str, end: str, period: Period, now):
    """The part of [start, end) inside the period, an interval; a running record counts to now."""
    upper = min(period.hi, now)
    return ExpressionWrapper(
        Least(Coalesce(F(end), Value(now)), Value(upper)) - Greatest(F(start), Value(period.lo)),
        output_field=DurationField(),
    )


def patrol_hours(user, officer_ids, period: Period) -> dict[int, float]:
    """Hours on patrol in the period; a partnered patrol counts for both officers. Two queries."""
    now = timezone.now()
    patrols = permissions.visible(user, Patrol.objects.all()).filter(
        started_at__lt=min(period.hi, now), started_at__gte=period.lo - queries.MAX_PATROL
    )
    patrols = patrols.filter(Q(ended_at__gt=period.lo) | Q(ended_at=None))
    hours: dict[int, float] = {}
    for who in ("officer", "partner"):
        rows = (
            patrols.filter(**{f"{who}_id__in": officer_ids})
            .values(who)
            .annotate(time=Sum(_clipped("started_at", "ended_at", period, now)))
        )
        for row in rows:
            hours[row[who]] = round(hours.get(row[who], 0) + _hours(row["time"]), 1)
    return hours


def hotspot_visits(user, officer_ids, period: Period) -> tuple[dict[int, int], dict[int, int]]:
    """Per officer, minutes at hotspots in the period, and the visits that gave a full dose (a
    continuous presence of at least the hotspot's own cap), from their patrols' visits; a
    partnered patrol's visits count for both officers, as its hours do. Two queries."""
    now = timezone.now()
    visits = (
        permissions.visible(user, HotspotVisit.objects.all())
        .filter(arrived_at__lt=min(period.hi, now))
        .filter(Q(left_at__gt=period.lo) | Q(left_at=None))
    )
    cap = ExpressionWrapper(
        F("hotspot__dose_cap_minutes") * timedelta(minutes=1), output_field=DurationField()
    )
    seconds: dict[int, float] = {}
    doses: dict[int, int] = {}
    for who in ("patrol__officer", "patrol__partner"):
        rows = (
            visits.filter(**{f"{who}_id__in": officer_ids})
            .values(who)
            .annotate(
                time=Sum(_clipped("arrived_at", "left_at", period, now)),
                doses=Count("pk", filter=Q(left_at__gte=F("arrived_at") + cap)),
            )
        )
        for row in rows:
            time = row["time"].total_seconds() if row["time"] else 0
            seconds[row[who]] = seconds.get(row[who], 0) + time
            doses[row[who]] = doses.get(row[who], 0) + row["doses"]
    return {pk: int(total // 60) for pk, total in seconds.items()}, doses


@officer_columns(order=10)
def patrol_columns(user, officer_ids, period: Period) -> list[Column]:
    locality = {}
    if period.kind == "week":
        for row in queries.time_in_locality(user, period.start):
            if row.percent is not None:
                locality[row.officer.pk] = f"{row.percent}%"
    minutes, doses = hotspot_visits(user, officer_ids, period)
    return [
        Column("patrol_hours", _("Patrol hours"), patrol_hours(user, officer_ids, period), chart=True),
        Column("locality", _("Time in locality"), locality, default="—"),
        Column("hotspot_minutes", _("Minutes at hotspots"), minutes),
        Column("hotspot_doses", _("Hotspot doses met"), doses),
    ]


def _issued(user, period: Period):
    """The penalty notices issued in the period that this user may see."""
    return permissions.visible(user, FixedPenaltyNotice.objects.all()).filter(
        issued_at__gte=period.lo, issued_at__lt=period.hi
    )


@officer_columns(order=50)
def notice_columns(user, officer_ids, period: Period) -> list[Column]:
    issued = dict(
        _issued(user, period)
        .filter(officer_id__in=officer_ids)
        .values("officer")
        .annotate(n=Count("pk"))
        .values_list("officer", "n")
    )
    return [Column("notices_issued", _("Notices issued"), issued)]


@section(page=("team", "neighbourhoods"), key="notices", order=50)
def notices_by_status(user, period: Period) -> Table:
    """Per team, the notices issued in the period by where each stands now. One query."""
    statuses = FixedPenaltyNotice.Status
    counts = {
        row["team"]: row
        for row in _issued(user, period)
        .values("team")
        .annotate(
            total=Count("pk"),
            **{status.value: Count("pk", filter=Q(status=status)) for status in statuses},
        )
    }
    rows = []
    for team in permissions.visible(user, Team.objects.order_by("name")):
        row = counts.get(team.pk, {})
        rows.append([team.name, row.get("total", 0), *(row.get(status.value, 0) for status in statuses)])
    return Table(
        key="notices",
        title=_("Penalty notices issued, by status now"),
        headers=[_("Team"), _("Issued"), *(status.label for status in statuses)],
        rows=rows,
        chart="stacked",
        chart_columns=list(range(2, len(statuses) + 2)),
        links=[(_("Notice register"), reverse("patrols:notice-list"))],
        headline={1: _("Penalty notices issued")},
    )


@neighbourhood_columns(order=10)
def contact_officers(user, neighbourhood_ids, period: Period) -> list[Column]:
    """The active officers whose own neighbourhood it is (set by their sergeant): its named
    contact officers. The ids are the neighbourhoods the user may see. One query."""
    names = dict(
        OfficerNeighbourhood.objects.filter(neighbourhood_id__in=neighbourhood_ids, officer__is_active=True)
        .values("neighbourhood")
        .annotate(
            names=StringAgg(
                Concat("officer__first_name", Value(" "), "officer__last_name"),
                Value(", "),
                order_by=("officer__last_name", "officer__first_name"),
            )
        )
        .values_list("neighbourhood", "names")
    )
    return [
        Column(
            "contact_officers",
            _("Contact officers"),
            names,
            default=_("None named"),
            met={pk: pk in names for pk in neighbourhood_ids},  # a guarantee measure: named officers
        )
    ]


@queue(order=10)
def patrols_to_sign_off(user) -> Queue:
    return Queue(
        _("Patrols to sign off"), queries.patrols_for_review(user).count(), reverse("patrols:review-queue")
    )


@section(page=("team", "neighbourhoods"), key="hotspot-dosage", order=20)
def hotspot_dosage(user, period: Period) -> Table:
    """The week's dose of each active hotspot (the period's first week for a month)."""
    rows = [
        [
            f"{row.hotspot.name} ({row.hotspot.team.name})",
            row.minutes,
            row.target,
            f"{row.percent_met}%",
            row.visits,
        ]
        for row in queries.team_dosage(user, period.start)
    ]
    return Table(
        key="hotspot-dosage",
        title=_("Hotspot dosage, week of %(day)s") % {"day": f"{queries.week_start(period.start):%d/%m/%Y}"},
        headers=[_("Hotspot"), _("Minutes"), _("Weekly target"), _("Dose met"), _("Visits")],
        rows=rows,
        chart="bar",
        chart_columns=[1, 2],
    )


@section(page="neighbourhoods", key="patrol-teams", order=10)
def team_patrols(user, period: Period) -> Table:
    rows = [
        [s["team"].name, s["hotspots"], s["met"], f"{s['percent']}%" if s["percent"] is not None else "—"]
        for s in queries.team_summaries(user, queries.week_start(period.start))
    ]
    return Table(
        key="patrol-teams",
        title=_("Hotspots dosed and time in locality per team, week of %(day)s")
        % {"day": f"{queries.week_start(period.start):%d/%m/%Y}"},
        headers=[_("Team"), _("Active hotspots"), _("Dose met"), _("Time in locality")],
        rows=rows,
        chart="bar",
        chart_columns=[1, 2],
    )


@map_layer(order=30)
def hotspots_by_dose(user, period: Period) -> Layer:
    monday = queries.week_start(period.start)
    url = reverse("patrols:map-hotspots") + f"?week={monday:%Y-%m-%d}"
    return Layer(_("Hotspots by dose, week of %(day)s") % {"day": f"{monday:%d/%m/%Y}"}, url, "dose")
