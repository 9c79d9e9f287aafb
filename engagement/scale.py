"""Victims for `manage.py scale_data` (see pcso/scale.py): per team 300 victim cases a year, each
with its victim, a risk assessment, its follow-ups (referral, two visits, an update, and for
medium and high risk the sergeant's and inspector's reviews), their reminders and inbox messages,
one case in fifty shared with the next team, and the audit entries all of it wrote.

Cases of the last 60 days are open (high risk ones for 120 days); visits due in the last two
days and later are still owed, so every officer has some due, overdue and coming."""

import json

from pcso.scale import Force

from .models import FollowUp, RiskAssessment, Victim, VictimCase
from .services import DUE_TOMORROW, OVERDUE

CASES_A_YEAR = 300
CATEGORIES = [
    "anti-social-behaviour",
    "anti-social-behaviour",
    "anti-social-behaviour",
    "criminal-damage-arson",
    "burglary",
    "other-theft",
    "violent-crime",
    "public-order",
    "vehicle-crime",
    "shoplifting",
]


def _names_changed(model) -> str:
    """A sensitive record's created entry: every field name, no value (as pcso.audit writes it)."""
    names = {f.attname: "changed" for f in model._meta.concrete_fields if f.attname != "id"}
    return "'" + json.dumps(names).replace("'", "''") + "'::jsonb"


def load(force: Force) -> None:
    categories = "ARRAY[" + ", ".join(f"'{c}'" for c in CATEGORIES) + "]"
    force.sql(
        "victims and victim cases",
        f"""
        WITH plan AS (
            SELECT t.team_id, t.idx, k, o.officer_id,
                   'Victim ' || lpad((t.idx + 1)::text, 4, '0') || '-' || lpad(k::text, 5, '0') AS name,
                   date_trunc('minute', %(now)s - make_interval(mins => k * (525600 / {CASES_A_YEAR}) + 90))
                       AS created_at
            FROM scale_team t
            CROSS JOIN LATERAL generate_series(0, {CASES_A_YEAR} * t.years - 1) AS k
            JOIN scale_officer o ON o.team_id = t.team_id AND o.idx = 2 + mod(k, 8)
        ), victims AS (
            INSERT INTO engagement_victim (team_id, name, date_of_birth, phone, email, address, postcode,
                preferred_contact_method, preferred_contact_times, needs, consents_to_referral,
                repeat_until, created_at)
            SELECT team_id, name, make_date(1950 + mod(k, 60), 1 + mod(k, 12), 1 + mod(k, 28)),
                   '07700 9' || lpad(mod(k * 37, 100000)::text, 5, '0'), '',
                   (1 + mod(k, 200)) || ' Station Road', 'N1 ' || (1 + mod(k, 9)) || 'AA', 'phone', 'weekday evenings', '',
                   mod(k, 3) > 0, CASE WHEN mod(k, 25) = 0 THEN (created_at + interval '90 days')::date END,
                   created_at
            FROM plan
            RETURNING id, name
        )
        INSERT INTO engagement_victimcase (victim_id, reference, category, occurred_on, team_id,
            assigned_officer_id, most_serious_crime, persistently_targeted, vulnerable, intimidated,
            update_every_days, repeat_victim, band_id, action_plan, status, closed_at, closed_reason, created_at)
        SELECT v.id, 'CAD-' || to_char(p.created_at, 'YYMMDD') || '-' || lpad(p.k::text, 5, '0'),
               ({categories})[1 + mod(p.k, {len(CATEGORIES)})], (p.created_at - make_interval(days => mod(p.k, 3)))::date,
               p.team_id, p.officer_id, mod(p.k, 97) = 0, mod(p.k, 25) = 0, mod(p.k, 13) = 0, mod(p.k, 17) = 0,
               CASE WHEN mod(p.k, 2) = 0 THEN 7 ELSE 14 END, mod(p.k, 25) = 0, b.id,
               CASE WHEN b.needs_action_plan THEN 'Weekly visits, target hardening, referral to victim support.'
                    ELSE '' END,
               s.status, CASE WHEN s.status = 'closed' THEN p.created_at + interval '50 days' END,
               CASE WHEN s.status = 'closed' THEN 'No further incidents; victim content.' ELSE '' END,
               p.created_at
        FROM plan p
        JOIN victims v ON v.name = p.name
        JOIN engagement_riskband b
          ON b.code = CASE WHEN mod(p.k, 10) < 7 THEN 'standard' WHEN mod(p.k, 10) < 9 THEN 'medium' ELSE 'high' END
        CROSS JOIN LATERAL (
            SELECT CASE WHEN p.created_at > %(now)s - interval '60 days'
                          OR (b.code = 'high' AND p.created_at > %(now)s - interval '120 days')
                        THEN 'open' ELSE 'closed' END AS status
        ) s
        ORDER BY p.created_at
        """,
    )
    force.sql(
        "risk assessments",
        """
        INSERT INTO engagement_riskassessment (case_id, assessed_by_id, assessed_at, answers, score,
            computed_band_id, final_band_id, rationale)
        SELECT c.id, c.assigned_officer_id, c.created_at + interval '1 hour', '{}'::jsonb,
               b.min_score + mod(c.id, 3), b.id, b.id, ''
        FROM engagement_victimcase c JOIN engagement_riskband b ON b.id = c.band_id
        """,
    )
    force.sql(
        "follow-ups",
        """
        INSERT INTO engagement_followup (case_id, kind, event, due_at, assigned_to_id, completed_at,
            completed_by_id, contact_method, spoke_to, notes, outcome, cancelled_at, created_at)
        SELECT c.id, f.kind, f.event, f.due, f.assignee, d.done, CASE WHEN d.done IS NOT NULL THEN f.assignee END,
               CASE WHEN d.done IS NOT NULL THEN 'phone' ELSE '' END,
               CASE WHEN d.done IS NOT NULL THEN 'The victim' ELSE '' END,
               CASE WHEN d.done IS NOT NULL THEN 'Spoke to the victim; no further incidents since.' ELSE '' END,
               CASE WHEN d.done IS NULL THEN '' WHEN f.kind = 'referral' THEN 'referred'
                    WHEN f.kind LIKE '%%review' THEN 'reviewed' ELSE 'contacted' END,
               NULL, c.created_at
        FROM engagement_victimcase c
        JOIN engagement_riskband b ON b.id = c.band_id
        JOIN scale_team t ON t.team_id = c.team_id
        CROSS JOIN LATERAL (VALUES
            ('referral', '', c.created_at + interval '2 days', c.assigned_officer_id),
            ('visit', '', c.created_at + make_interval(hours => b.first_follow_up_hours), c.assigned_officer_id),
            ('update', 'arrested', c.created_at + interval '7 days', c.assigned_officer_id),
            ('visit', '', c.created_at + interval '21 days', c.assigned_officer_id),
            ('sergeant-review', '', c.created_at + interval '14 days', t.sergeant_id),
            ('inspector-review', '', c.created_at + interval '28 days', t.inspector_id)
        ) AS f(kind, event, due, assignee)
        CROSS JOIN LATERAL (
            SELECT CASE WHEN c.status = 'closed' OR f.due < %(now)s - interval '2 days'
                        THEN f.due - interval '3 hours' END AS done
        ) d
        WHERE f.kind IN ('referral', 'visit', 'update') OR b.code <> 'standard'
        ORDER BY c.id, f.due
        """,
    )
    force.sql(
        "case shares",
        """
        INSERT INTO engagement_victimcasegroupobjectpermission (content_object_id, group_id, permission_id)
        SELECT c.id, t.next_group_id,
               (SELECT p.id FROM auth_permission p JOIN django_content_type ct ON ct.id = p.content_type_id
                WHERE ct.app_label = 'engagement' AND p.codename = 'view_victimcase')
        FROM engagement_victimcase c JOIN scale_team t ON t.team_id = c.team_id
        WHERE mod(c.id, 50) = 0
        """,
    )
    force.sql(
        "reminders",
        f"""
        INSERT INTO pcso_reminder (recipient_id, kind, content_type_id, object_id, title, url, due_at, state,
            sent_at, created_at)
        SELECT f.assigned_to_id, r.kind, %(ct)s, f.id,
               r.prefix || ': ' || CASE f.kind WHEN 'referral' THEN 'Referral to support services'
                   WHEN 'visit' THEN 'Follow-up contact' WHEN 'update' THEN 'Update after a key event'
                   WHEN 'sergeant-review' THEN 'Sergeant review' ELSE 'Inspector review' END
                   || ' for case ' || c.reference,
               '/engagement/follow-ups/' || f.id || '/', r.due,
               CASE WHEN f.completed_at IS NOT NULL AND f.completed_at < r.due THEN 'cancelled'
                    WHEN r.due <= %(now)s THEN 'sent' ELSE 'pending' END,
               CASE WHEN (f.completed_at IS NULL OR f.completed_at >= r.due) AND r.due <= %(now)s
                    THEN r.due + interval '1 minute' END,
               f.created_at
        FROM engagement_followup f
        JOIN engagement_victimcase c ON c.id = f.case_id
        CROSS JOIN LATERAL (VALUES ('{DUE_TOMORROW}', 'Due tomorrow', f.due_at - interval '1 day'),
                                   ('{OVERDUE}', 'Overdue', f.due_at)) AS r(kind, prefix, due)
        """,
        {"ct": force.content_type(FollowUp)},
    )
    force.sql(
        "inbox messages",
        """
        INSERT INTO pcso_notification (recipient_id, reminder_id, title, url, created_at, read_at, emailed_at)
        SELECT recipient_id, id, title, url, sent_at,
               CASE WHEN sent_at < %(now)s - interval '3 days' THEN sent_at + interval '2 hours' END, sent_at
        FROM pcso_reminder WHERE state = 'sent'
        ORDER BY sent_at
        """,
    )
    _audit(force)


def _audit(force: Force) -> None:
    force.audit(
        "victims",
        model=Victim,
        action="created",
        source="(SELECT v.id, v.created_at, c.assigned_officer_id FROM engagement_victim v "
        "JOIN engagement_victimcase c ON c.victim_id = v.id) r",
        at="r.created_at",
        actor="r.assigned_officer_id",
        changes=_names_changed(Victim),
    )
    force.audit(
        "victim cases opened",
        model=VictimCase,
        action="created",
        source="engagement_victimcase r",
        at="r.created_at",
        actor="r.assigned_officer_id",
        changes=_names_changed(VictimCase),
    )
    force.audit(
        "victim cases closed",
        model=VictimCase,
        action="updated",
        source="engagement_victimcase r WHERE r.status = 'closed'",
        at="r.closed_at",
        actor="r.assigned_officer_id",
        changes="""'{"status": "changed", "closed_at": "changed", "closed_reason": "changed"}'::jsonb""",
    )
    force.audit(
        "risk assessments",
        model=RiskAssessment,
        action="created",
        source="engagement_riskassessment r",
        at="r.assessed_at",
        actor="r.assessed_by_id",
        changes=_names_changed(RiskAssessment),
    )
    force.audit(
        "follow-ups planned",
        model=FollowUp,
        action="created",
        source="(SELECT f.*, c.assigned_officer_id FROM engagement_followup f "
        "JOIN engagement_victimcase c ON c.id = f.case_id) r",
        at="r.created_at",
        actor="r.assigned_officer_id",
        changes=_names_changed(FollowUp),
    )
    force.audit(
        "follow-ups recorded",
        model=FollowUp,
        action="updated",
        source="engagement_followup r WHERE r.completed_at IS NOT NULL",
        at="r.completed_at",
        actor="r.completed_by_id",
        changes="""'{"completed_at": "changed", "completed_by_id": "changed", "contact_method": "changed",
                     "spoke_to": "changed", "notes": "changed", "outcome": "changed"}'::jsonb""",
    )
    force.audit(
        "case reads",
        model=VictimCase,
        action="read",
        source="(SELECT c.id, f.completed_at, f.completed_by_id FROM engagement_followup f "
        "JOIN engagement_victimcase c ON c.id = f.case_id WHERE f.completed_at IS NOT NULL) r",
        at="r.completed_at",
        actor="r.completed_by_id",
        changes="'{}'::jsonb",
    )
