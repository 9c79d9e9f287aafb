"""Reads used in several places: weeks, hotspot dosage, time in locality, review queue.

Weeks run Monday 00:00 to Monday 00:00 Europe/London.

Dosage of a hotspot: presence is the union of every officer's time there, so two officers there
together are one presence. Each continuous presence (visits that overlap or follow on without a
gap) is one visit and counts up to the hotspot's cap (15 minutes by default): more adds little
deterrence. A presence belongs to the week in which it began. An open visit (patrol still
running) lasts up to now, never past its patrol's end, nor past 14 hours from the patrol's start
(a patrol left running by mistake). Worked out in SQL with PostgreSQL's range aggregation.

Time in locality of an officer: the share of their patrol time inside their own neighbourhoods,
the ones their sergeant assigned them. A patrol's time is cut at each route point: the stretch
from the start to the first point counts by the patrol's recorded neighbourhood, each later
stretch by whether its point lies inside one of the officer's own neighbourhood boundaries
(PostgreSQL's polygon containment on the GeoJSON rings, holes left out). A partnered patrol
counts for both officers, each against their own neighbourhoods. A running patrol counts up to
now, and at most 14 hours. Time crossing a week boundary is split there. Summed in SQL with
window functions. A team's figure is its PCSOs' (officers without the supervise grant): a
sergeant's own patrols are not the team's locality.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from pcso import geo, permissions
from pcso.models import Officer

from ..models import (
    MAX_PATROL,
    Hotspot,
    HotspotVisit,
    OfficerNeighbourhood,
    Patrol,
    PatrolActivity,
    PatrolPoint,
    elapsed,
)

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
    def cap(self) -> int:
        return self.hotspot.dose_cap_minutes

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


DOSAGE_SQL = """
WITH visit AS (
    SELECT v.hotspot_id,
           v.arrived_at AS began,
           COALESCE(
               v.left_at,
               GREATEST(v.arrived_at, LEAST(COALESCE(p.ended_at, %(now)s), p.started_at + %(longest)s))
           ) AS finished
    FROM patrols_hotspotvisit v
    JOIN patrols_patrol p ON p.id = v.patrol_id
    WHERE v.hotspot_id = ANY(%(hotspots)s)
      AND v.arrived_at >= %(lo)s - %(longest)s
      AND v.arrived_at < %(hi)s
),
presence AS (
    SELECT hotspot_id, unnest(range_agg(tstzrange(began, finished, '[)'))) AS span
    FROM visit
    WHERE finished > began
    GROUP BY hotspot_id
)
SELECT pr.hotspot_id,
       COUNT(*) AS visits,
       SUM(LEAST(EXTRACT(EPOCH FROM upper(pr.span) - lower(pr.span)), h.dose_cap_minutes * 60)) AS seconds,
       COUNT(*) FILTER (WHERE upper(pr.span) - lower(pr.span) >= make_interval(mins => h.dose_cap_minutes))
FROM presence pr
JOIN patrols_hotspot h ON h.id = pr.hotspot_id
WHERE lower(pr.span) >= %(lo)s AND lower(pr.span) < %(hi)s
GROUP BY pr.hotspot_id
"""


def hotspot_dosage(hotspots, monday: date, now: datetime | None = None) -> list[Dosage]:
    """Each hotspot's dose this week, most unmet first, so coverage stays even. One query for
    the hotspots, one for their doses."""
    now = now or timezone.now()
    lo, hi = week_bounds(monday)
    rows = {h.pk: Dosage(h) for h in hotspots}
    if not rows:
        return []
    params = {"now": now, "longest": MAX_PATROL, "hotspots": list(rows), "lo": lo, "hi": hi}
    with connection.cursor() as cursor:
        cursor.execute(DOSAGE_SQL, params)
        for hotspot_id, visits, seconds, full_visits in cursor.fetchall():
            row = rows[hotspot_id]
            row.visits, row.full_visits = visits, full_visits
            row.minutes = int(float(seconds) / 60 + 1e-9)
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
    assigned: bool = True  # has their own neighbourhoods

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


@dataclass
class TeamLocality(Locality):
    """A team's subtotal: its PCSOs' time added up."""

    team: object = None
    officers: list = field(default_factory=list)


LOCALITY_SQL = """
WITH credited AS (
    SELECT p.id, c.officer_id, p.started_at, p.neighbourhood_id,
           LEAST(COALESCE(p.ended_at, %s), p.started_at + %s) AS finish
    FROM patrols_patrol p
    CROSS JOIN LATERAL (VALUES (p.officer_id), (p.partner_id)) AS c(officer_id)
    WHERE c.officer_id = ANY(%s)
      AND (p.officer_id = ANY(%s) OR p.partner_id = ANY(%s))
      AND p.started_at < %s
      -- A patrol is credited for MAX_PATROL at most: one that started earlier ended before the
      -- week, and this bound keeps the officers' (and partners') indexes to the week.
      AND p.started_at > %s
      AND (p.ended_at > %s OR (p.ended_at IS NULL AND p.started_at > %s))
      AND p.id IN ({visible})
),
own_ring AS (
    -- The rings of each officer's own neighbourhoods, from their GeoJSON boundaries, as
    -- PostgreSQL polygons: ring 1 of each polygon is its outline, the others its holes.
    SELECT own.officer_id, own.neighbourhood_id, poly.no AS polygon_no, ring.no AS ring_no,
           (SELECT ('(' || string_agg(format('(%%s,%%s)', c.xy->>0, c.xy->>1), ',' ORDER BY c.no) || ')')
                   ::polygon
            FROM jsonb_array_elements(ring.coordinates) WITH ORDINALITY AS c(xy, no)) AS shape
    FROM patrols_officerneighbourhood own
    JOIN pcso_neighbourhood n ON n.id = own.neighbourhood_id
    CROSS JOIN LATERAL jsonb_array_elements(
        CASE n.boundary->>'type'
            WHEN 'Polygon' THEN jsonb_build_array(n.boundary->'coordinates')
            WHEN 'MultiPolygon' THEN n.boundary->'coordinates'
            ELSE '[]'::jsonb
        END
    ) WITH ORDINALITY AS poly(rings, no)
    CROSS JOIN LATERAL jsonb_array_elements(poly.rings) WITH ORDINALITY AS ring(coordinates, no)
    WHERE own.officer_id = ANY(%s) AND jsonb_array_length(ring.coordinates) >= 3
),
mark AS (
    -- Where the officer was from each moment: by the patrol's recorded neighbourhood from its
    -- start, then at each route point.
    SELECT id, officer_id, started_at AS at, 0 AS point_id, finish,
           EXISTS (
               SELECT 1 FROM patrols_officerneighbourhood own
               WHERE own.officer_id = credited.officer_id AND own.neighbourhood_id = credited.neighbourhood_id
           ) AS inside
    FROM credited
    UNION ALL
    SELECT c.id, c.officer_id, pt.recorded_at, pt.id, c.finish,
           EXISTS (
               SELECT 1 FROM own_ring outline
               WHERE outline.officer_id = c.officer_id AND outline.ring_no = 1
                 AND outline.shape @> point(pt.longitude::float8, pt.latitude::float8)
                 AND NOT EXISTS (
                     SELECT 1 FROM own_ring hole
                     WHERE hole.officer_id = outline.officer_id
                       AND hole.neighbourhood_id = outline.neighbourhood_id
                       AND hole.polygon_no = outline.polygon_no AND hole.ring_no > 1
                       AND hole.shape @> point(pt.longitude::float8, pt.latitude::float8)
                 )
           )
    FROM credited c
    JOIN patrols_patrolpoint pt ON pt.patrol_id = c.id
    WHERE pt.recorded_at >= c.started_at AND pt.recorded_at <= c.finish
),
stretch AS (
    SELECT id, officer_id, inside,
           GREATEST(at, %s) AS began,
           LEAST(COALESCE(LEAD(at) OVER (PARTITION BY id, officer_id ORDER BY at, point_id), finish), %s)
               AS ended
    FROM mark
)
SELECT officer_id,
       COUNT(DISTINCT id),
       COALESCE(SUM(GREATEST(EXTRACT(EPOCH FROM ended - began), 0)), 0),
       COALESCE(SUM(GREATEST(EXTRACT(EPOCH FROM ended - began), 0)) FILTER (WHERE inside), 0)
FROM stretch
GROUP BY officer_id
"""


def pcsos(user) -> QuerySet[Officer]:
    """The officers whose locality this user reads: the PCSOs of the teams they supervise, and
    themselves when they are a PCSO. A PCSO is a team's officer without the supervise grant."""
    return Officer.objects.filter(
        Q(team__in=permissions.teams_for(user, "review"))
        | Q(pk=user.pk, team__in=permissions.teams_for(user, "view")),
        is_active=True,
    ).exclude(pk__in=permissions.supervisors_of(permissions.teams_for(user, "view")).values("pk"))


def time_in_locality(
    user, monday: date, now: datetime | None = None, officers: QuerySet[Officer] | None = None
) -> list[Locality]:
    """Per PCSO, this week's patrol minutes and the share spent inside their own
    neighbourhoods. Two queries, however many officers and patrols."""
    now = now or timezone.now()
    lo, hi = week_bounds(monday)
    officers = pcsos(user) if officers is None else officers
    officers = (
        officers.select_related("team")
        .annotate(assigned=Exists(OfficerNeighbourhood.objects.filter(officer=OuterRef("pk"))))
        .order_by("team__name", "last_name", "first_name")
    )
    rows = {o.pk: Locality(o, assigned=o.assigned) for o in officers}
    if not rows:
        return []
    visible_sql, visible_params = (
        permissions.visible(user, Patrol.objects.all()).order_by().values("pk").query.sql_with_params()
    )
    sql = LOCALITY_SQL.format(visible=visible_sql)
    ids = list(rows)
    params = [
        now,
        MAX_PATROL,
        ids,
        ids,
        ids,
        hi,
        lo - MAX_PATROL,
        lo,
        lo - MAX_PATROL,
        *visible_params,
        ids,
        lo,
        hi,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for officer_id, patrols, total, inside in cursor.fetchall():
            row = rows[officer_id]
            row.patrols, row.total_minutes, row.inside_minutes = (
                patrols,
                float(total) / 60,
                float(inside) / 60,
            )
    return list(rows.values())


def team_localities(rows: list[Locality]) -> list[TeamLocality]:
    """The rows grouped by team, each team with its subtotal (its PCSOs' minutes added up)."""
    teams: dict[int, TeamLocality] = {}
    for row in rows:
        team = teams.setdefault(row.officer.team_id, TeamLocality(row.officer, team=row.officer.team))
        team.officers.append(row)
        team.total_minutes += row.total_minutes
        team.inside_minutes += row.inside_minutes
        team.patrols += row.patrols
    return list(teams.values())


def team_summaries(user, monday: date, now: datetime | None = None) -> list[dict]:
    """Per team: hotspots, hotspots whose dose is met, and its PCSOs' share of time in locality."""
    dosage = team_dosage(user, monday, now)
    locality = team_localities(time_in_locality(user, monday, now))
    summary: dict[int, dict] = {}
    for team in permissions.teams_for(user, "view").order_by("name"):
        summary[team.pk] = {"team": team, "hotspots": 0, "met": 0, "total": 0.0, "inside": 0.0}
    for row in dosage:
        if row.hotspot.team_id in summary:
            summary[row.hotspot.team_id]["hotspots"] += 1
            summary[row.hotspot.team_id]["met"] += row.share_met >= 1
    for team in locality:
        if team.team.pk in summary:
            summary[team.team.pk]["total"] += team.total_minutes
            summary[team.team.pk]["inside"] += team.inside_minutes
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


def patrol_at(user, at: datetime) -> Patrol | None:
    """The officer's patrol whose time covers `at` (running, or ended since: a notice written
    without signal arrives after the patrol it was issued on)."""
    return (
        Patrol.objects.filter(officer=user, started_at__lte=at)
        .filter(Q(ended_at__isnull=True) | Q(ended_at__gte=at))
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
