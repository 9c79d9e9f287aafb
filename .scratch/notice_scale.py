"""Penalty notices for `manage.py scale_data` (see pcso/scale.py): every PCSO designated for every
offence in the catalogue, and a notice a fortnight from each PCSO (26 a year), numbered in one
unbroken sequence. Notices still inside their time to pay await payment (one in four part paid);
older ones are mostly paid, the rest registered as a fine or referred to court as their offence
says, challenged, or cancelled by the sergeant."""

from pcso.scale import Force

from .models import Designation, FixedPenaltyNotice

NOTICES_A_YEAR = 26
MINUTES_A_YEAR = 525_600
PLACES = ["High Street, by the bus stop", "The park gates", "Station forecourt", "Market square"]


def _array(values: list[str]) -> str:
    return "ARRAY[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def load(force: Force) -> None:
    force.sql(
        "designations",
        """
        INSERT INTO patrols_designation (officer_id, offence_id, team_id, granted_by_id, granted_at)
        SELECT o.officer_id, f.id, o.team_id, t.sergeant_id, %(now)s - make_interval(years => t.years)
        FROM scale_officer o JOIN scale_team t ON t.team_id = o.team_id CROSS JOIN patrols_offencetype f
        WHERE o.role = 'pcso'
        """,
    )
    force.sql(
        "penalty notices",
        f"""
        INSERT INTO patrols_fixedpenaltynotice (number, offence_id, officer_id, team_id, recipient_name,
            recipient_date_of_birth, recipient_address, identity_check, place, issued_at, circumstances,
            amount, early_amount, early_pay_by, pay_by, if_unpaid, fine_multiplier, status,
            status_changed_at, fine_amount, cancelled_by_id, cancel_reason)
        SELECT row_number() OVER (ORDER BY g.issued_at, g.officer_id), g.offence_id, g.officer_id, g.team_id,
               'Recipient ' || g.k || '-' || g.officer_id, date '1990-01-01' + mod(g.k * 37, 9000),
               g.k || ' Scale Road', 'photo_id', ({_array(PLACES)})[1 + mod(g.k, {len(PLACES)})], g.issued_at,
               'Seen committing the offence; told of the notice and how to pay.',
               f.amount, f.early_amount,
               CASE WHEN f.early_days IS NOT NULL THEN g.issued_on + f.early_days END,
               g.issued_on + f.days_to_pay, f.if_unpaid, f.fine_multiplier,
               CASE WHEN g.status <> 'unpaid' THEN g.status
                    WHEN f.if_unpaid = 'fine' THEN 'register_fine' ELSE 'refer_court' END,
               g.issued_at + interval '3 days',
               CASE WHEN g.status = 'unpaid' AND f.if_unpaid = 'fine' THEN round(f.amount * f.fine_multiplier, 2) END,
               CASE WHEN g.status = 'cancelled' THEN g.sergeant_id END,
               CASE WHEN g.status = 'cancelled' THEN 'Issued to the wrong person.' ELSE '' END
        FROM (
            SELECT o.officer_id, o.team_id, t.sergeant_id, k, s.issued_at,
                   (s.issued_at AT TIME ZONE 'Europe/London')::date AS issued_on,
                   offences.ids[1 + mod(k + o.idx, array_length(offences.ids, 1))] AS offence_id,
                   CASE WHEN s.issued_at > %(now)s - interval '30 days'
                            THEN CASE WHEN mod(k, 4) = 0 THEN 'part_paid' ELSE 'issued' END
                        WHEN mod(k, 20) = 3 THEN 'unpaid'
                        WHEN mod(k, 20) = 7 THEN 'challenged'
                        WHEN mod(k, 33) = 11 THEN 'cancelled'
                        ELSE 'paid' END AS status
            FROM scale_officer o
            JOIN scale_team t ON t.team_id = o.team_id
            CROSS JOIN (SELECT array_agg(id ORDER BY id) AS ids FROM patrols_offencetype
                        WHERE active_to IS NULL) offences
            CROSS JOIN LATERAL generate_series(0, {NOTICES_A_YEAR} * t.years - 1) AS k
            CROSS JOIN LATERAL (
                SELECT date_trunc('minute', %(now)s - make_interval(
                    mins => (k + 1) * ({MINUTES_A_YEAR} / {NOTICES_A_YEAR}) + mod(o.idx * 53, 900))) AS issued_at
            ) s
            WHERE o.role = 'pcso'
        ) g
        JOIN patrols_offencetype f ON f.id = g.offence_id
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
    force.sql(
        "notice payments",
        """
        INSERT INTO patrols_payment (notice_id, amount, paid_on, reference, recorded_by_id, recorded_at)
        SELECT n.id,
               CASE WHEN n.status = 'part_paid' THEN round(coalesce(n.early_amount, n.amount) / 2, 2)
                    ELSE coalesce(n.early_amount, n.amount) END,
               (n.issued_at AT TIME ZONE 'Europe/London')::date + 2, 'CTO-' || n.number, n.officer_id,
               n.issued_at + interval '3 days'
        FROM patrols_fixedpenaltynotice n
        WHERE n.status IN ('paid', 'part_paid') AND n.issued_at + interval '3 days' <= %(now)s
        """,
    )
    force.audit(
        "penalty notices issued",
        model=FixedPenaltyNotice,
        action="created",
        source="""(SELECT n.*, 'FPN ' || lpad(n.number::text, 7, '0') AS scale_repr
                   FROM patrols_fixedpenaltynotice n) r""",
        at="r.issued_at",
        actor="r.officer_id",
        changes="""jsonb_build_object('number', jsonb_build_array(NULL, r.number),
            'offence_id', jsonb_build_array(NULL, r.offence_id), 'amount', jsonb_build_array(NULL, r.amount),
            'status', jsonb_build_array(NULL, 'issued'))""",
    )
    force.audit(
        "designations",
        model=Designation,
        action="created",
        source="""(SELECT d.*, 'Designation ' || d.id AS scale_repr FROM patrols_designation d) r""",
        at="r.granted_at",
        actor="r.granted_by_id",
        changes="jsonb_build_object('offence_id', jsonb_build_array(NULL, r.offence_id))",
    )
