"""Reads used in several places: weeks, hotspot dosage, time in locality, review queue.

Weeks run Monday 00:00 to Monday 00:00 Europe/London. Time that crosses a week boundary is split
there by the minute.

Dosage of a hotspot in a week: the minutes of its visits clipped to the week; the visits counted
are those that arrived in the week, and a visit counts as "15 minutes or more" by its whole length.
An open visit (patrol still running) counts up to now, but never past its patrol's end, nor past
14 hours from the patrol's start (a patrol left running by mistake).

Time in locality of a patrol: its time is cut at each route point. The stretch from the start to
the first point counts as in locality when the patrol's recorded neighbourhood is one of its
team's; each later stretch, from a point to the next point (or the end), counts when that point
lies inside one of the team's neighbourhood boundaries. A patrol with no points counts wholly by
its recorded neighbourhood. A running patrol counts up to now, and at most 14 hours.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from pcso import permissions
from pcso.models import Neighbourhood, Officer

from . import geo
from .models import MAX_PATROL, Hotspot, HotspotVisit, Patrol, PatrolActivity, PatrolPoint, elapsed

DOSE_MINUTES = 15
LOCALITY_TARGET = 0.8
# Dates the app reads. Anything else is a typing slip, and near the ends of the calendar the week
# arithmetic would overflow.
FIRST_YEAR, LAST_YEAR = 2000, 2100


def london() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def week_start(day: date) -> date:
    """The Monday of the week holding this day."""
    return day - timedelta(days=day.weekday())


def week_bounds(monday: date) -> tuple[datetime, datetime]:
    """Monday 00:00 to the next Monday 00:00, local time (a week may be 167 or 169 hours long)."""
    tz = london()
    start = datetime.combine(monday, time.min, tzinfo=tz)
    end = datetime.combine(monday + timedelta(days=7), time.min, tzinfo=tz)
    # In UTC: Python subtracts two datetimes sharing one tzinfo as wall-clock times.
    return start.astimezone(UTC), end.astimezone(UTC)


def this_week(now: datetime | None = None) -> date:
    return week_start(timezone.localdate(now or timezone.now()))


def within_years(day: date) -> bool:
    return FIRST_YEAR <= day.year <= LAST_YEAR


def parse_week(value: str | None, now: datetime | None = None) -> date:
    """The Monday of the week a ?week=yyyy-mm-dd names; this week when absent, unreadable or
    outside the years the app reads."""
    if value:
        try:
            day = date.fromisoformat(value)
        except ValueError:
            pass
        else:
            if within_years(day):
                return week_start(day)
    return this_week(now)


def overlap_minutes(start: datetime, end: datetime, lo: datetime, hi: datetime) -> float:
    """Minutes of [start, end) inside [lo, hi)."""
    seconds = elapsed(max(start, lo), min(end, hi)).total_seconds()
    return max(seconds, 0) / 60


# Hotspot dosage


@dataclass
class Dosage:
    hotspot: Hotspot
    minutes: int = 0
    visits: int = 0
    full_visits: int = 0

    @property
    def target(self) -> int:
        return self.hotspot.weekly_target_minutes

    @property
    def share_met(self) -> float:
        if not self.target:
            return 1.0
        return min(self.minutes / self.target, 1.0)

    @property
    def unmet(self) -> float:
        return 1.0 - self.share_met

    @property
    def percent_met(self) -> int:
        return round(self.share_met * 100)

    @property
    def colour(self) -> str:
        """Map colour: red under half the target, amber under the target, green when met."""
        if self.share_met >= 1:
            return "green"
        return "amber" if self.share_met >= 0.5 else "red"


def active_hotspots(user, monday: date) -> QuerySet[Hotspot]:
    sunday = monday + timedelta(days=6)
    return (
        permissions.visible(user, Hotspot.objects.all())
        .filter(active_from__lte=sunday)
        .filter(Q(active_to__isnull=True) | Q(active_to__gte=monday))
        .select_related("team", "neighbourhood")
    )


def team_hotspots_today(user, team_id: int) -> QuerySet[Hotspot]:
    """The hotspots of a team active today, as this user may see them (a patrol's choices)."""
    today = timezone.localdate()
    return (
        permissions.visible(user, Hotspot.objects.filter(team_id=team_id))
        .filter(active_from__lte=today)
        .filter(Q(active_to__isnull=True) | Q(active_to__gte=today))
    )


def nearest_first(hotspots, point: PatrolPoint | None) -> list[Hotspot]:
    """The hotspots nearest the point first, each with its distance_m (None without a centre);
    as given when there is no point yet."""
    hotspots = list(hotspots)
    if point is None:
        return hotspots
    lat, lon = float(point.latitude), float(point.longitude)

    def distance(hotspot):
        centre = hotspot.centre
        return geo.haversine_m(lat, lon, *centre) if centre else float("inf")

    for hotspot in hotspots:
        hotspot.distance_m = round(distance(hotspot)) if hotspot.centre else None
    return sorted(hotspots, key=distance)


def hotspot_dosage(hotspots, monday: date, now: datetime | None = None) -> list[Dosage]:
    """Each hotspot's dose this week, most unmet first, so coverage stays even. Two queries."""
    now = now or timezone.now()
    lo, hi = week_bounds(monday)
    rows = {h.pk: Dosage(h) for h in hotspots}
    visits = HotspotVisit.objects.filter(hotspot_id__in=list(rows), arrived_at__lt=hi).filter(
        Q(left_at__gt=lo) | Q(left_at__isnull=True, arrived_at__gt=lo - MAX_PATROL)
    )
    visits = visits.select_related("patrol").only(
        "hotspot_id", "arrived_at", "left_at", "patrol__started_at", "patrol__ended_at"
    )
    minutes: dict[int, float] = defaultdict(float)
    for visit in visits:
        row = rows[visit.hotspot_id]
        end = visit.left_at or max(visit.arrived_at, visit.patrol.counted_end(now))
        minutes[visit.hotspot_id] += overlap_minutes(visit.arrived_at, end, lo, hi)
        if lo <= visit.arrived_at < hi:
            row.visits += 1
            if elapsed(visit.arrived_at, end) >= timedelta(minutes=DOSE_MINUTES):
                row.full_visits += 1
    for pk, row in rows.items():
        row.minutes = int(minutes[pk] + 1e-9)
    return sorted(rows.values(), key=lambda r: (-r.unmet, r.hotspot.name))


def team_dosage(user, monday: date, now: datetime | None = None) -> list[Dosage]:
    return hotspot_dosage(active_hotspots(user, monday), monday, now)


# Time in locality


@dataclass
class Locality:
    officer: Officer
    total_minutes: float = 0.0
    inside_minutes: float = 0.0
    patrols: int = 0

    @property
    def share(self) -> float | None:
        if not self.total_minutes:
            return None
        return self.inside_minutes / self.total_minutes

    @property
    def percent(self) -> int | None:
        share = self.share
        return None if share is None else round(share * 100)

    @property
    def meets_target(self) -> bool:
        share = self.share
        return share is not None and share >= LOCALITY_TARGET

    @property
    def total(self) -> int:
        return round(self.total_minutes)

    @property
    def inside(self) -> int:
        return round(self.inside_minutes)


def patrol_segments(patrol: Patrol, boundaries: list[dict], home_ids: set[int], now: datetime):
    """(start, end, in_locality) stretches of one patrol, by the rule in this module's docstring."""
    end = patrol.counted_end(now)
    points = [p for p in patrol.points.all() if patrol.started_at <= p.recorded_at <= end]
    points.sort(key=lambda p: (p.recorded_at, p.pk))
    by_neighbourhood = patrol.neighbourhood_id is not None and patrol.neighbourhood_id in home_ids
    cursor, inside = patrol.started_at, by_neighbourhood
    segments = []
    for point in points:
        if point.recorded_at > cursor:
            segments.append((cursor, point.recorded_at, inside))
        cursor = point.recorded_at
        lat, lon = float(point.latitude), float(point.longitude)
        inside = any(geo.point_in_polygon(lat, lon, b) for b in boundaries)
    if end > cursor:
        segments.append((cursor, end, inside))
    return segments


def _patrols_in(queryset: QuerySet[Patrol], lo: datetime, hi: datetime) -> QuerySet[Patrol]:
    return (
        queryset.filter(started_at__lt=hi)
        .filter(Q(ended_at__gt=lo) | Q(ended_at__isnull=True, started_at__gt=lo - MAX_PATROL))
        .prefetch_related(Prefetch("points", queryset=PatrolPoint.objects.order_by("recorded_at", "pk")))
    )


def time_in_locality(
    user, monday: date, now: datetime | None = None, officers: QuerySet[Officer] | None = None
) -> list[Locality]:
    """Per officer, this week's patrol minutes and the share spent inside their team's
    neighbourhoods; a partnered patrol counts for both officers. The officers: everyone in the
    teams the user supervises, and the user themselves (a PCSO sees their own share). Three
    queries, however many officers and patrols."""
    now = now or timezone.now()
    lo, hi = week_bounds(monday)
    if officers is None:
        officers = permissions.members_of(permissions.team_ids(user, "view")).filter(
            Q(team_id__in=permissions.team_ids(user, "review")) | Q(pk=user.pk)
        )
    officers = officers.select_related("team").order_by("team__name", "last_name", "first_name")
    rows = {o.pk: Locality(o) for o in officers}
    ids = list(rows)
    patrols = _patrols_in(
        permissions.visible(user, Patrol.objects.filter(Q(officer_id__in=ids) | Q(partner_id__in=ids))),
        lo,
        hi,
    ).only("pk", "officer_id", "partner_id", "team_id", "neighbourhood_id", "started_at", "ended_at")
    patrols = list(patrols)
    boundaries: dict[int, list[dict]] = defaultdict(list)
    home: dict[int, set[int]] = defaultdict(set)
    for n in Neighbourhood.objects.filter(team_id__in={p.team_id for p in patrols}).only(
        "pk", "team_id", "boundary"
    ):
        boundaries[n.team_id].append(n.boundary)
        home[n.team_id].add(n.pk)
    for patrol in patrols:
        credited = [rows[pk] for pk in (patrol.officer_id, patrol.partner_id) if pk in rows]
        segments = patrol_segments(patrol, boundaries[patrol.team_id], home[patrol.team_id], now)
        for row in credited:
            row.patrols += 1
            for start, end, inside in segments:
                minutes = overlap_minutes(start, end, lo, hi)
                row.total_minutes += minutes
                if inside:
                    row.inside_minutes += minutes
    return list(rows.values())


def team_summaries(user, monday: date, now: datetime | None = None) -> list[dict]:
    """Per team: hotspots, hotspots whose dose is met, and the share of time in locality."""
    dosage = team_dosage(user, monday, now)
    locality = time_in_locality(user, monday, now)
    summary: dict[int, dict] = {}
    for team in permissions.teams_for(user, "view").order_by("name"):
        summary[team.pk] = {"team": team, "hotspots": 0, "met": 0, "total": 0.0, "inside": 0.0}
    for row in dosage:
        if row.hotspot.team_id in summary:
            summary[row.hotspot.team_id]["hotspots"] += 1
            summary[row.hotspot.team_id]["met"] += row.share_met >= 1
    for row in locality:
        if row.officer.team_id in summary:
            summary[row.officer.team_id]["total"] += row.total_minutes
            summary[row.officer.team_id]["inside"] += row.inside_minutes
    for item in summary.values():
        item["percent"] = round(100 * item["inside"] / item["total"]) if item["total"] else None
        item["meets_target"] = item["total"] > 0 and item["inside"] / item["total"] >= LOCALITY_TARGET
    return list(summary.values())


# Lists


def with_counts(patrols: QuerySet[Patrol]) -> QuerySet[Patrol]:
    """Each patrol's activities and hotspot visits, as subqueries rather than joins: PostgreSQL
    computes them after the sort and limit, for the rows a page shows (or as an export streams),
    and a count of the list never joins them."""

    def count(model) -> Coalesce:
        rows = model.objects.filter(patrol=OuterRef("pk")).order_by().values("patrol")
        return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")), 0)

    return patrols.annotate(activity_count=count(PatrolActivity), visit_count=count(HotspotVisit))


def patrol_list(user) -> QuerySet[Patrol]:
    """Patrols the user sees in lists: their own (or partnered), and those of the teams they
    supervise (a sergeant's team, an inspector's command)."""
    patrols = permissions.visible(user, Patrol.objects.all())
    supervised = permissions.team_ids(user, "review")
    if not set(permissions.team_ids(user, "view")) <= set(supervised):
        # Only when the user sees a team they do not supervise: the filter is then needed, and a
        # supervisor's list stays a plain team filter that one index answers in order.
        patrols = patrols.filter(Q(officer=user) | Q(partner=user) | Q(team_id__in=supervised))
    return with_counts(
        patrols.select_related("officer", "partner", "neighbourhood").order_by("-started_at", "-pk")
    )


def patrols_for_review(user) -> QuerySet[Patrol]:
    """Ended patrols awaiting the user's sign-off, oldest first."""
    return with_counts(
        permissions.visible(user, Patrol.objects.filter(status=Patrol.Status.ENDED), "signoff")
        .select_related("officer", "partner", "neighbourhood")
        .order_by("ended_at", "pk")
    )


def running_patrol(user) -> Patrol | None:
    return (
        Patrol.objects.filter(officer=user, status=Patrol.Status.IN_PROGRESS)
        .select_related("neighbourhood")
        .order_by("-started_at")
        .first()
    )


def recent_patrols(user, limit: int = 5) -> list[Patrol]:
    return list(
        Patrol.objects.filter(officer=user)
        .exclude(status=Patrol.Status.IN_PROGRESS)
        .select_related("neighbourhood", "reviewed_by")
        .order_by("-started_at")[:limit]
    )
