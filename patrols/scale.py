"""Patrols for `manage.py scale_data` (see pcso/scale.py): per team a year of patrols (ten for a
long-history team), route points, activities, hotspots and visits, and their audit entries.

A PCSO patrols 195 times a year, a sergeant 60 times (1,680 patrols a team); a patrol lasts two
to four hours with 20 route points, mostly inside the team's neighbourhoods; one in five PCSO
patrols has a partner; patrols of the last week await review, the rest are signed off (one in
fifty returned).

Penalty notices: each PCSO is designated for five of the catalogue's offences and issues twelve
notices a year, numbered from one unbroken sequence in the order issued (the counter ends at the
last). Each PCSO's latest notice is still within its time to pay: awaiting payment, part paid or
paid; of the older ones eight in ten were paid (half of those early where the offence has a
discount), one in ten registered as a fine or referred to court as its offence says, one in ten
challenged and one in ten cancelled by the sergeant."""

from django.apps import apps

from pcso import scale
from pcso.scale import Force

from .models import (
    Designation,
    FixedPenaltyNotice,
    Hotspot,
    HotspotVisit,
    Patrol,
    PatrolActivity,
    PatrolPoint,
    Payment,
)

PCSO_PATROLS_A_YEAR = 195
SERGEANT_PATROLS_A_YEAR = 60
POINTS_PER_PATROL = 20
HOTSPOTS_PER_TEAM = 5
MINUTES_A_YEAR = 525_600
DESIGNATIONS_PER_PCSO = 5
NOTICES_A_YEAR = 12  # per PCSO

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
    _notices(force)


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
    """The route points, by COPY (the biggest table but the audit trail), then their audit entries."""
    force.copy(
        "route points",
        "patrols_patrolpoint",
        "patrol_id, recorded_at, latitude, longitude, source",
        f"""
        SELECT p.id, p.started_at + (p.ended_at - p.started_at) * ((i + 0.5) / {POINTS_PER_PATROL}),
               (t.south + (t.north - t.south) * (mod(p.id * 7919 + i * 104729, 1100) / 1000.0 - 0.05))::numeric(9, 6),
               (t.west + (t.east - t.west) * (mod(p.id * 6007 + i * 7727, 1100) / 1000.0 - 0.05))::numeric(9, 6),
               (CASE WHEN mod(i, 7) = 6 THEN 'map' ELSE 'gps' END)::varchar
        FROM patrols_patrol p
        JOIN scale_team t ON t.team_id = p.team_id
        CROSS JOIN generate_series(0, {POINTS_PER_PATROL - 1}) AS i
        WHERE {{part}}
        """,  # noqa: S608
        split="p.id",
    )
    force.audit(
        "route points",
        model=PatrolPoint,
        action="created",
        source="""(SELECT pt.id, pt.patrol_id, pt.recorded_at, pt.source, pt.latitude::text AS latitude,
                   pt.longitude::text AS longitude, p.officer_id FROM patrols_patrolpoint pt
                   JOIN patrols_patrol p ON p.id = pt.patrol_id WHERE {part}) r
                   CROSS JOIN LATERAL (SELECT r.latitude || ', ' || r.longitude || ' at '
                   || to_char(r.recorded_at AT TIME ZONE 'Europe/London', 'HH24:MI') AS scale_repr) x""",
        at="r.recorded_at",
        actor="r.officer_id",
        # Text made into jsonb: cheaper than jsonb_build_object over millions of rows.
        split="pt.patrol_id",
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


def _notices(force: Force) -> None:
    offences = "(SELECT array_agg(id ORDER BY id) FROM patrols_offencetype)"
    force.sql(
        "designations",
        f"""
        INSERT INTO patrols_designation (officer_id, offence_id, team_id, granted_by_id, granted_at)
        SELECT o.officer_id, ({offences})[1 + mod(o.idx + j, (SELECT count(*) FROM patrols_offencetype)::int)],
               o.team_id, t.sergeant_id, %(now)s - make_interval(years => t.years, days => 20)
        FROM scale_officer o
        JOIN scale_team t ON t.team_id = o.team_id
        CROSS JOIN generate_series(0, {DESIGNATIONS_PER_PCSO - 1}) AS j
        WHERE o.role = 'pcso'
        """,
    )
    # Numbers in the order issued: row_number over the whole force, as one counter would give them.
    force.sql(
        "penalty notices",
        f"""
        INSERT INTO patrols_fixedpenaltynotice (number, offence_id, officer_id, team_id, patrol_id, recipient_name,
            recipient_date_of_birth, recipient_address, identity_check, place, latitude, longitude, issued_at,
            circumstances, amount, early_amount, early_pay_by, pay_by, if_unpaid, fine_multiplier, status,
            status_changed_at, fine_amount, cancelled_by_id, cancel_reason)
        SELECT row_number() OVER (ORDER BY g.issued_at, g.officer_id), g.offence_id, g.officer_id, g.team_id, NULL,
               'Recipient ' || g.team_idx || '-' || g.officer_idx || '-' || g.k,
               (g.issued_at - make_interval(years => 18 + mod(g.k * 7, 50), days => mod(g.k * 13, 360)))::date,
               (1 + mod(g.k, 120)) || ' Market Street', (ARRAY['photo_id', 'document', 'police_check', 'known',
               'not_confirmed'])[1 + mod(g.k, 5)], 'Outside ' || (1 + mod(g.k, 60)) || ' High Street',
               round((g.south + (g.north - g.south) * mod(g.k * 11, 100) / 100.0)::numeric, 6),
               round((g.west + (g.east - g.west) * mod(g.k * 29, 100) / 100.0)::numeric, 6), g.issued_at,
               'Seen by me committing the offence; the recipient was told the offence and given the notice.',
               g.amount, g.early_amount, g.issued_on + g.early_days, g.issued_on + g.days_to_pay, g.if_unpaid,
               g.fine_multiplier, g.status,
               CASE WHEN g.status <> 'issued' THEN g.issued_at + make_interval(days => g.days_to_pay + 1) END,
               CASE WHEN g.status = 'register_fine' THEN round(g.amount * g.fine_multiplier, 2) END,
               CASE WHEN g.status = 'cancelled' THEN g.sergeant_id END,
               CASE WHEN g.status = 'cancelled' THEN 'Issued to the wrong person: identity not confirmed.'
                    ELSE '' END
        FROM (
            SELECT o.officer_id, o.team_id, o.idx AS officer_idx, t.idx AS team_idx, t.sergeant_id, k,
                   t.south, t.north, t.west, t.east, f.*, f.id AS offence_id, i.issued_at,
                   (i.issued_at AT TIME ZONE 'Europe/London')::date AS issued_on,
                   CASE WHEN (i.issued_at AT TIME ZONE 'Europe/London')::date + f.days_to_pay
                             >= (%(now)s AT TIME ZONE 'Europe/London')::date
                        THEN (ARRAY['paid', 'part_paid', 'issued'])[1 + mod(o.idx, 3)]
                        WHEN mod(k, 10) = 6 THEN CASE WHEN f.if_unpaid = 'fine' THEN 'register_fine'
                                                      ELSE 'refer_court' END
                        WHEN mod(k, 10) = 7 THEN 'challenged'
                        WHEN mod(k, 10) = 8 THEN 'cancelled'
                        ELSE 'paid' END AS status
            FROM scale_officer o
            JOIN scale_team t ON t.team_id = o.team_id
            CROSS JOIN LATERAL generate_series(0, {NOTICES_A_YEAR} * t.years - 1) AS k
            JOIN patrols_offencetype f
              ON f.id = ({offences})[1 + mod(o.idx + mod(k, {DESIGNATIONS_PER_PCSO}),
                                             (SELECT count(*) FROM patrols_offencetype)::int)]
            CROSS JOIN LATERAL (SELECT date_trunc('minute', %(now)s - make_interval(
                mins => k * ({MINUTES_A_YEAR} / {NOTICES_A_YEAR}) + 300 + o.idx * 1440 + t.idx * 7)) AS issued_at) i
            WHERE o.role = 'pcso'
        ) g
        ORDER BY g.issued_at, g.officer_id
        """,
    )
    force.sql(
        "notice counter",
        """
        UPDATE patrols_noticecounter SET last_number = (SELECT coalesce(max(number), 0)
                                                        FROM patrols_fixedpenaltynotice)
        WHERE name = 'notice'
        """,
    )
    # Paid in full (early where the offence has a discount, for one in two), or a part.
    force.sql(
        "notice payments",
        """
        INSERT INTO patrols_payment (notice_id, amount, paid_on, reference, recorded_by_id, recorded_at)
        SELECT n.id, p.amount, p.paid_on, 'PAY-' || lpad(n.number::text, 7, '0'), t.sergeant_id,
               p.paid_on + interval '1 day 10 hours'
        FROM patrols_fixedpenaltynotice n
        JOIN scale_team t ON t.team_id = n.team_id
        CROSS JOIN LATERAL (SELECT
            CASE WHEN n.status = 'paid' AND n.early_amount IS NOT NULL AND mod(n.number, 2) = 0 THEN n.early_amount
                 WHEN n.status = 'paid' THEN n.amount ELSE round(n.amount / 2, 2) END AS amount,
            CASE WHEN n.status = 'paid' AND n.early_amount IS NOT NULL AND mod(n.number, 2) = 0 THEN n.early_pay_by
                 ELSE least(n.pay_by, (n.issued_at AT TIME ZONE 'Europe/London')::date + 5) END AS paid_on) p
        WHERE n.status IN ('paid', 'part_paid')
        ORDER BY p.paid_on, n.id
        """,
    )
    _audit_notices(force)


def _audit_notices(force: Force) -> None:
    force.audit(
        "designations",
        model=Designation,
        action="created",
        source="(SELECT d.*, o.label || ': ' || f.wording AS scale_repr FROM patrols_designation d "
        "JOIN scale_officer o ON o.officer_id = d.officer_id JOIN patrols_offencetype f ON f.id = d.offence_id) r",
        at="r.granted_at",
        actor="r.granted_by_id",
        changes="jsonb_build_object('officer_id', jsonb_build_array(NULL, r.officer_id), "
        "'offence_id', jsonb_build_array(NULL, r.offence_id))",
    )
    force.audit(
        "penalty notices issued",
        model=FixedPenaltyNotice,
        action="created",
        source="(SELECT n.*, f.kind || ' ' || lpad(n.number::text, 7, '0') AS scale_repr "
        "FROM patrols_fixedpenaltynotice n JOIN patrols_offencetype f ON f.id = n.offence_id) r",
        at="r.issued_at",
        actor="r.officer_id",
        changes="""jsonb_build_object('number', jsonb_build_array(NULL, r.number),
            'offence_id', jsonb_build_array(NULL, r.offence_id), 'place', jsonb_build_array(NULL, r.place),
            'issued_at', jsonb_build_array(NULL, r.issued_at), 'amount', jsonb_build_array(NULL, r.amount::text),
            'pay_by', jsonb_build_array(NULL, r.pay_by), 'status', jsonb_build_array(NULL, 'issued'))""",
    )
    force.audit(
        "penalty notices' status",
        model=FixedPenaltyNotice,
        action="updated",
        source="(SELECT n.*, f.kind || ' ' || lpad(n.number::text, 7, '0') AS scale_repr, t.sergeant_id "
        "FROM patrols_fixedpenaltynotice n JOIN patrols_offencetype f ON f.id = n.offence_id "
        "JOIN scale_team t ON t.team_id = n.team_id WHERE n.status <> 'issued') r",
        at="r.status_changed_at",
        actor="r.sergeant_id",
        changes="jsonb_build_object('status', jsonb_build_array('issued', r.status))",
    )
    force.audit(
        "notice payments",
        model=Payment,
        action="created",
        source="(SELECT p.*, '£' || p.amount || ' on ' || to_char(p.paid_on, 'DD/MM/YYYY') || ' (' || p.reference "
        "|| ')' AS scale_repr FROM patrols_payment p) r",
        at="r.recorded_at",
        actor="r.recorded_by_id",
        changes="jsonb_build_object('notice_id', jsonb_build_array(NULL, r.notice_id), "
        "'amount', jsonb_build_array(NULL, r.amount::text), 'paid_on', jsonb_build_array(NULL, r.paid_on))",
    )


scale.register(load, models=[PatrolPoint, Patrol, PatrolActivity, HotspotVisit])
