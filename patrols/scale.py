"""Patrols for `manage.py scale_data` (see pcso/scale.py): per team a year of patrols (ten for a
long-history team), route points, activities, hotspots and visits, and their audit entries.

A PCSO patrols 195 times a year, a sergeant 60 times (1,680 patrols a team); a patrol lasts two
to four hours with 20 route points, mostly inside the team's neighbourhoods; one in five PCSO
patrols has a partner; patrols of the last week await review, the rest are signed off (one in
fifty returned)."""

from django.apps import apps

from pcso.scale import Force

from .models import Hotspot, HotspotVisit, Patrol, PatrolActivity, PatrolPoint

PCSO_PATROLS_A_YEAR = 195
SERGEANT_PATROLS_A_YEAR = 60
POINTS_PER_PATROL = 20
HOTSPOTS_PER_TEAM = 5
MINUTES_A_YEAR = 525_600

SUMMARIES = [
    "Foot patrol of the high street and the park; spoke to shop staff about shoplifting.",
    "Evening patrol around the estate after reports of youths on mopeds; nothing found.",
    "School gate patrol at closing time, then the bus station; advice on parking given.",
    "Checked the void properties on the parade and spoke to residents about fly-tipping.",
    "Visited licensed premises ahead of the weekend; door staff briefed on the new PSPO.",
    "Patrol of the canal path with the council warden; two bikes recovered, owners traced.",
]
KINDS = [
    "engagement",
    "asb",
    "advice",
    "licensed_premises",
    "school",
    "void_property",
    "cctv",
    "house_to_house",
]


def _array(values: list[str]) -> str:
    return "ARRAY[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def load(force: Force) -> None:
    force.sql(
        "patrols",
        f"""
        INSERT INTO patrols_patrol (officer_id, partner_id, team_id, neighbourhood_id, mode, started_at,
            ended_at, summary, status, reviewed_by_id, reviewed_at, review_comment)
        SELECT g.officer_id, g.partner_id, g.team_id, g.neighbourhood_id, g.mode, g.started_at, g.ended_at,
               g.summary, g.status,
               CASE WHEN g.status IN ('approved', 'returned') THEN g.reviewer_id END,
               CASE WHEN g.status IN ('approved', 'returned') THEN g.ended_at + interval '20 hours' END,
               CASE WHEN g.status = 'returned' THEN 'Please add the hotspot visits you mentioned.' ELSE '' END
        FROM (
            SELECT o.officer_id, o.team_id,
                   CASE WHEN o.role = 'pcso' AND mod(k, 5) = 0 THEN p.officer_id END AS partner_id,
                   CASE WHEN mod(k, 10) = 9 THEN NULL ELSE t.neighbourhood_ids[1 + mod(k, 2)] END
                       AS neighbourhood_id,
                   (ARRAY['foot', 'foot', 'foot', 'cycle', 'vehicle'])[1 + mod(k * 7 + o.idx, 5)] AS mode,
                   s.started_at,
                   s.started_at + make_interval(mins => 120 + mod(k * 37 + o.idx * 11, 120)) AS ended_at,
                   ({_array(SUMMARIES)})[1 + mod(k + o.idx, {len(SUMMARIES)})] AS summary,
                   CASE WHEN s.started_at > %(now)s - interval '7 days' THEN 'ended'
                        WHEN mod(k, 50) = 25 THEN 'returned' ELSE 'approved' END AS status,
                   CASE WHEN o.role = 'pcso' THEN t.sergeant_id ELSE t.inspector_id END AS reviewer_id
            FROM scale_officer o
            JOIN scale_team t ON t.team_id = o.team_id
            LEFT JOIN scale_officer p ON p.team_id = o.team_id AND p.role = 'pcso'
                 AND p.idx = CASE WHEN o.idx = 9 THEN 2 ELSE o.idx + 1 END
            CROSS JOIN LATERAL (SELECT CASE WHEN o.role = 'pcso' THEN {PCSO_PATROLS_A_YEAR}
                                            ELSE {SERGEANT_PATROLS_A_YEAR} END AS per_year) y
            CROSS JOIN LATERAL generate_series(0, y.per_year * t.years - 1) AS k
            CROSS JOIN LATERAL (
                SELECT date_trunc('minute', %(now)s - make_interval(
                    mins => (k + 1) * ({MINUTES_A_YEAR} / y.per_year) + mod(o.idx * 47, 600))) AS started_at
            ) s
            WHERE o.role IN ('pcso', 'sergeant')
        ) g
        ORDER BY g.started_at, g.officer_id
        """,
    )
    force.sql(
        "patrol activities",
        f"""
        INSERT INTO patrols_patrolactivity (patrol_id, kind, other_text, note, at)
        SELECT p.id, ({_array(KINDS)})[1 + mod(p.id + j * 3, {len(KINDS)})], '',
               CASE WHEN mod(p.id, 3) = 0 THEN 'Spoke to the manager; follow-up visit next week.' ELSE '' END,
               p.started_at + (p.ended_at - p.started_at) * j / 4
        FROM patrols_patrol p
        CROSS JOIN LATERAL generate_series(1, mod(p.id, 4)::int) AS j
        WHERE {{part}}
        """,
        split="p.id",
    )
    force.sql(
        "hotspots",
        f"""
        INSERT INTO patrols_hotspot (team_id, neighbourhood_id, name, geometry, radius_m,
            weekly_target_minutes, dose_cap_minutes, active_from, active_to, source)
        SELECT t.team_id, t.neighbourhood_ids[CASE WHEN h < 3 THEN 1 ELSE 2 END],
               'Hotspot ' || (h + 1) || ' of team ' || (t.idx + 1),
               jsonb_build_object('type', 'Point', 'coordinates', jsonb_build_array(
                   round((t.west + (t.east - t.west) * (0.15 + 0.17 * h))::numeric, 6),
                   round((t.south + (t.north - t.south) * (0.2 + 0.15 * h))::numeric, 6))),
               150, 60 + 15 * h, 15, (%(now)s - make_interval(years => t.years))::date, NULL,
               'Street-level crime data and community concern'
        FROM scale_team t CROSS JOIN generate_series(0, {HOTSPOTS_PER_TEAM - 1}) AS h
        """,
    )
    force.sql(
        "hotspot visits",
        f"""
        INSERT INTO patrols_hotspotvisit (patrol_id, hotspot_id, arrived_at, left_at)
        SELECT p.id, h.id, p.started_at + interval '30 minutes',
               p.started_at + interval '30 minutes' + make_interval(mins => 8 + mod(p.id, 20)::int)
        FROM patrols_patrol p
        JOIN (SELECT id, team_id, row_number() OVER (PARTITION BY team_id ORDER BY id) - 1 AS n
              FROM patrols_hotspot) h
          ON h.team_id = p.team_id AND h.n = mod(p.id / 2, {HOTSPOTS_PER_TEAM})
        WHERE mod(p.id, 2) = 0
        """,
    )
    _route_points(force)
    _audit(force)
    _own_neighbourhoods(force)


def _own_neighbourhoods(force: Force) -> None:
    """Each officer's own neighbourhoods (time in locality counts inside them): their team's,
    as the sergeant sets them first. Only where the app has them."""
    try:
        apps.get_model("patrols", "OfficerNeighbourhood")
    except LookupError:
        return
    force.sql(
        "officers' own neighbourhoods",
        """
        INSERT INTO patrols_officerneighbourhood (officer_id, neighbourhood_id, assigned_by_id, assigned_at)
        SELECT o.officer_id, n.id, t.sergeant_id, %(now)s - make_interval(years => t.years)
        FROM scale_officer o
        JOIN scale_team t ON t.team_id = o.team_id
        CROSS JOIN LATERAL unnest(t.neighbourhood_ids) AS n(id)
        WHERE o.role IN ('pcso', 'sergeant')
        """,
    )


def _route_points(force: Force) -> None:
    """The route points and their audit entries in one statement: each point is written once and
    read back from the INSERT, not scanned again."""
    force.audit(
        "route points (points and entries)",
        model=PatrolPoint,
        action="created",
        cte=f"""points AS (
            INSERT INTO patrols_patrolpoint (patrol_id, recorded_at, latitude, longitude, source)
            SELECT p.id, p.started_at + (p.ended_at - p.started_at) * ((i + 0.5) / {POINTS_PER_PATROL}),
                   t.south + (t.north - t.south) * (mod(p.id * 7919 + i * 104729, 1100) / 1000.0 - 0.05),
                   t.west + (t.east - t.west) * (mod(p.id * 6007 + i * 7727, 1100) / 1000.0 - 0.05),
                   CASE WHEN mod(i, 7) = 6 THEN 'map' ELSE 'gps' END
            FROM patrols_patrol p
            JOIN scale_team t ON t.team_id = p.team_id
            CROSS JOIN generate_series(0, {POINTS_PER_PATROL - 1}) AS i
            WHERE {{part}}
            RETURNING id, patrol_id, recorded_at, latitude, longitude, source
        )""",  # noqa: S608
        source="""(SELECT pt.*, p.officer_id, pt.latitude || ', ' || pt.longitude || ' at '
                   || to_char(pt.recorded_at AT TIME ZONE 'Europe/London', 'HH24:MI') AS scale_repr
                   FROM points pt JOIN patrols_patrol p ON p.id = pt.patrol_id) r""",
        at="r.recorded_at",
        actor="r.officer_id",
        # Text made into jsonb: cheaper than jsonb_build_object over millions of rows.
        split="p.id",
        changes="""('{"patrol_id": [null, ' || r.patrol_id || '], "recorded_at": [null, "' || r.recorded_at
            || '"], "latitude": [null, "' || r.latitude || '"], "longitude": [null, "' || r.longitude
            || '"], "source": [null, "' || r.source || '"]}')::jsonb""",
    )


def _audit(force: Force) -> None:
    """A patrol's three entries (started, ended, signed off) in one pass over the patrols."""
    force.audit(
        "patrols started, ended, signed off",
        model=Patrol,
        action="r.action",
        source="""(SELECT p.id, e.at, e.actor, e.action, e.changes, initcap(p.mode) || ' patrol '
                || to_char(p.started_at AT TIME ZONE 'Europe/London', 'DD/MM/YYYY HH24:MI') || ' by '
                || o.first_name || ' ' || o.last_name AS scale_repr
            FROM patrols_patrol p JOIN pcso_officer o ON o.id = p.officer_id
            CROSS JOIN LATERAL (VALUES
                (p.started_at, p.officer_id, 'created', jsonb_build_object(
                    'officer_id', jsonb_build_array(NULL, p.officer_id),
                    'partner_id', jsonb_build_array(NULL, p.partner_id),
                    'team_id', jsonb_build_array(NULL, p.team_id),
                    'neighbourhood_id', jsonb_build_array(NULL, p.neighbourhood_id),
                    'mode', jsonb_build_array(NULL, p.mode), 'started_at', jsonb_build_array(NULL, p.started_at),
                    'status', jsonb_build_array(NULL, 'in_progress'))),
                (p.ended_at, p.officer_id, 'updated', jsonb_build_object(
                    'ended_at', jsonb_build_array(NULL, p.ended_at), 'summary', jsonb_build_array('', p.summary),
                    'status', jsonb_build_array('in_progress', 'ended'))),
                (p.reviewed_at, p.reviewed_by_id, 'updated', jsonb_build_object(
                    'status', jsonb_build_array('ended', p.status),
                    'reviewed_by_id', jsonb_build_array(NULL, p.reviewed_by_id),
                    'reviewed_at', jsonb_build_array(NULL, p.reviewed_at)))
            ) AS e(at, actor, action, changes)
            WHERE e.actor IS NOT NULL AND {part}) r""",
        split="p.id",
        at="r.at",
        actor="r.actor",
        changes="r.changes",
    )
    force.audit(
        "patrol activities",
        model=PatrolActivity,
        action="created",
        source="""(SELECT a.*, p.officer_id, a.kind AS scale_repr FROM patrols_patrolactivity a
                   JOIN patrols_patrol p ON p.id = a.patrol_id WHERE {part}) r""",
        split="a.id",
        at="r.at",
        actor="r.officer_id",
        changes="""jsonb_build_object('patrol_id', jsonb_build_array(NULL, r.patrol_id),
            'kind', jsonb_build_array(NULL, r.kind), 'other_text', jsonb_build_array(NULL, ''),
            'note', jsonb_build_array(NULL, r.note), 'at', jsonb_build_array(NULL, r.at))""",
    )
    force.audit(
        "hotspot visits",
        model=HotspotVisit,
        action="created",
        source="""(SELECT v.*, p.officer_id, h.name || ' visit' AS scale_repr FROM patrols_hotspotvisit v
                   JOIN patrols_patrol p ON p.id = v.patrol_id
                   JOIN patrols_hotspot h ON h.id = v.hotspot_id) r""",
        at="r.arrived_at",
        actor="r.officer_id",
        changes="""jsonb_build_object('patrol_id', jsonb_build_array(NULL, r.patrol_id),
            'hotspot_id', jsonb_build_array(NULL, r.hotspot_id),
            'arrived_at', jsonb_build_array(NULL, r.arrived_at), 'left_at', jsonb_build_array(NULL, r.left_at))""",
    )
    force.audit(
        "hotspots",
        model=Hotspot,
        action="created",
        source="(SELECT h.*, h.name AS scale_repr, t.sergeant_id FROM patrols_hotspot h "
        "JOIN scale_team t ON t.team_id = h.team_id) r",
        at="r.active_from::timestamptz",
        actor="r.sergeant_id",
        changes="jsonb_build_object('name', jsonb_build_array(NULL, r.name))",
    )
