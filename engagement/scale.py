"""Victims and the community diary for `manage.py scale_data` (see pcso/scale.py).

Victims: per team 300 victim cases a year, each with its victim, a risk assessment, its
follow-ups (referral, two visits, an update, and for medium and high risk the sergeant's and
inspector's reviews), their reminders and inbox messages, one case in fifty shared with the next
team, and the audit entries all of it wrote. Cases of the last 60 days are open (high risk ones
for 120 days); visits due in the last two days and later are still owed, so every officer has
some due, overdue and coming.

The diary: per team 30 community groups (one in fifteen inactive; contact every week to every
six months, some due and some overdue), 520 diary entries a year (each with one or two groups;
every other one raising a concern with its action, closed after a month), a PACT meeting a month
in each neighbourhood setting three priorities a quarter (the latest three active), and two
neighbourhood queries a week (answered within the 72 hours, one in ten late, the last few open)."""

import json

from pcso import scale
from pcso.scale import Force

from .inbox import FOLLOW_UP
from .models import (
    Action,
    CommunityGroup,
    Concern,
    DiaryEntry,
    FollowUp,
    Meeting,
    NeighbourhoodQuery,
    Priority,
    RiskAssessment,
    Victim,
    VictimCase,
)
from .services.victims import DUE_TOMORROW, OVERDUE

CASES_A_YEAR = 300
GROUPS_PER_TEAM = 30
DIARY_ENTRIES_A_YEAR = 520
MEETINGS_A_YEAR = 12  # per neighbourhood
PRIORITIES_A_MEETING_QUARTER = 3  # set at every third meeting
QUERIES_A_YEAR = 104
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
                   (1 + mod(k, 200)) || ' Station Road', 'SE1 ' || (1 + mod(k, 9)) || 'AB', 'phone', 'weekday evenings', '',
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
        INSERT INTO pcso_reminder (recipient_id, kind, content_type_id, object_id, title, message, "values",
            deadline, url, due_at, state, sent_at, created_at)
        SELECT f.assigned_to_id, r.kind, %(ct)s, f.id,
               CASE f.kind WHEN 'referral' THEN 'Referral to support services'
                   WHEN 'visit' THEN 'Follow-up contact' WHEN 'update' THEN 'Update after a key event'
                   WHEN 'sergeant-review' THEN 'Sergeant review' ELSE 'Inspector review' END
                   || ' for case ' || c.reference,
               '{FOLLOW_UP}', jsonb_build_object('kind', f.kind, 'case', c.reference), f.due_at,
               '/engagement/follow-ups/' || f.id || '/', r.due,
               CASE WHEN f.completed_at IS NOT NULL AND f.completed_at < r.due THEN 'cancelled'
                    WHEN r.due <= %(now)s THEN 'sent' ELSE 'pending' END,
               CASE WHEN (f.completed_at IS NULL OR f.completed_at >= r.due) AND r.due <= %(now)s
                    THEN r.due + interval '1 minute' END,
               f.created_at
        FROM engagement_followup f
        JOIN engagement_victimcase c ON c.id = f.case_id
        CROSS JOIN LATERAL (VALUES ('{DUE_TOMORROW}', f.due_at - interval '1 day'),
                                   ('{OVERDUE}', f.due_at)) AS r(kind, due)
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
    _diary(force)


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


def _array(values: list[str]) -> str:
    return "ARRAY[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


GROUP_KINDS = ["watch", "school", "faith", "residents", "business", "partner", "kin", "watch", "residents"]
GROUP_NAMES = [
    "Neighbourhood Watch",
    "Primary School",
    "Community Church",
    "Residents' Association",
    "Traders' Association",
    "Housing Association",
    "Key individual",
    "Street Watch",
    "Tenants' Association",
]
CONCERNS = [
    ("asb", "Youths gathering outside the shops in the evening and being abusive."),
    ("drugs", "Suspected drug dealing from a car parked by the play area."),
    ("speeding", "Cars speeding past the school at drop-off time."),
    ("parking", "Parking on the zig-zags outside the school."),
    ("litter", "Fly-tipping in the alley behind the parade."),
    ("youth", "Bikes ridden on the footway through the estate."),
    ("burglary", "Sheds broken into along the back gardens."),
]


def _diary(force: Force) -> None:
    force.sql(
        "community groups",
        f"""
        INSERT INTO engagement_communitygroup (team_id, neighbourhood_id, name, kind, contact_officer_id,
            contact_name, contact_method, contact_details, contact_every_days, last_contact_at, next_contact_due,
            active, created_at)
        SELECT t.team_id, t.neighbourhood_ids[1 + mod(g, 2)],
               ({_array(GROUP_NAMES)})[1 + mod(g, {len(GROUP_NAMES)})] || ' ' || (g + 1) || ', team ' || (t.idx + 1),
               ({_array(GROUP_KINDS)})[1 + mod(g, {len(GROUP_KINDS)})], o.officer_id,
               'Contact ' || (g + 1), (ARRAY['phone', 'email', 'visit', 'meeting', 'text'])[1 + mod(g, 5)],
               '020 7946 ' || lpad((t.idx * 31 + g)::text, 4, '0'), f.days,
               c.last_contact, (c.last_contact + make_interval(days => f.days))::date,
               mod(g, 15) <> 14, %(now)s - make_interval(years => t.years)
        FROM scale_team t
        CROSS JOIN generate_series(0, {GROUPS_PER_TEAM - 1}) AS g
        JOIN scale_officer o ON o.team_id = t.team_id AND o.idx = 2 + mod(g, 8)
        CROSS JOIN LATERAL (SELECT (ARRAY[7, 14, 30, 30, 30, 91, 182])[1 + mod(g, 7)] AS days) f
        -- Most were contacted within their period; one in four is due, one in eight overdue.
        CROSS JOIN LATERAL (SELECT date_trunc('hour', %(now)s - make_interval(days => CASE
            WHEN mod(g, 8) = 3 THEN f.days * 2 + 1 WHEN mod(g, 4) = 1 THEN f.days + 1
            ELSE mod(g * 5, f.days) END)) AS last_contact) c
        ORDER BY t.team_id, g
        """,
    )
    force.sql(
        "diary entries",
        f"""
        INSERT INTO engagement_diaryentry (team_id, neighbourhood_id, officer_id, occurred_at, place, kind,
            member_of_public, notes, created_at)
        SELECT t.team_id, t.neighbourhood_ids[1 + mod(k, 2)], o.officer_id, e.at,
               (ARRAY['Community centre', 'High street', 'School gate', 'Church hall', 'Library'])[1 + mod(k, 5)],
               (ARRAY['meeting', 'street', 'door', 'phone', 'email', 'social', 'event'])[1 + mod(k, 7)],
               mod(k, 4) = 0, 'Discussed local concerns and the team''s current priorities.', e.at
        FROM scale_team t
        CROSS JOIN LATERAL generate_series(0, {DIARY_ENTRIES_A_YEAR} * t.years - 1) AS k
        JOIN scale_officer o ON o.team_id = t.team_id
             AND o.idx = CASE WHEN mod(k, 10) = 0 THEN 0 ELSE 2 + mod(k, 8) END
        CROSS JOIN LATERAL (SELECT date_trunc('minute', %(now)s - make_interval(
            mins => (k + 1) * (525600 / {DIARY_ENTRIES_A_YEAR}) + mod(k * 37, 240))) AS at) e
        ORDER BY e.at, t.team_id
        """,
    )
    force.sql(
        "diary entries' groups",
        f"""
        INSERT INTO engagement_diaryentry_groups (diaryentry_id, communitygroup_id)
        SELECT e.id, g.ids[1 + mod(e.id + (j - 1) * 7, {GROUPS_PER_TEAM})]
        FROM engagement_diaryentry e
        JOIN (SELECT team_id, array_agg(id ORDER BY id) AS ids FROM engagement_communitygroup GROUP BY team_id) g
          ON g.team_id = e.team_id
        CROSS JOIN generate_series(1, 2) AS j
        WHERE j = 1 OR mod(e.id, 2) = 0
        """,
    )
    categories = _array([c for c, _ in CONCERNS])
    descriptions = _array([d for _, d in CONCERNS])
    force.sql(
        "concerns",
        f"""
        INSERT INTO engagement_concern (entry_id, team_id, neighbourhood_id, category, description, raised_at,
            status, closed_at)
        SELECT e.id, e.team_id, e.neighbourhood_id, c.category, c.description, e.occurred_at,
               CASE WHEN e.occurred_at < %(now)s - interval '45 days' THEN 'closed' ELSE 'open' END,
               CASE WHEN e.occurred_at < %(now)s - interval '45 days' THEN e.occurred_at + interval '30 days' END
        FROM engagement_diaryentry e
        CROSS JOIN LATERAL (SELECT ({categories})[1 + mod(e.id / 2, {len(CONCERNS)})] AS category,
                                   ({descriptions})[1 + mod(e.id / 2, {len(CONCERNS)})] AS description) c
        WHERE mod(e.id, 2) = 0
        ORDER BY e.id
        """,
    )
    force.sql(
        "actions",
        """
        INSERT INTO engagement_action (entry_id, concern_id, team_id, description, owner_id, due_on, status,
            outcome, completed_at, created_at)
        SELECT c.entry_id, c.id, c.team_id, 'Patrol the area at the times reported and speak to those involved.',
               e.officer_id, (c.raised_at + interval '14 days')::date,
               CASE WHEN c.status = 'open' THEN 'open' WHEN mod(c.id, 20) = 0 THEN 'cancelled' ELSE 'done' END,
               CASE WHEN c.status = 'closed' AND mod(c.id, 20) <> 0
                    THEN 'Extra patrols for two weeks; no further reports since.' ELSE '' END,
               CASE WHEN c.status = 'closed' THEN c.closed_at - interval '1 day' END, c.raised_at
        FROM engagement_concern c JOIN engagement_diaryentry e ON e.id = c.entry_id
        ORDER BY c.id
        """,
    )
    force.sql(
        "meetings",
        f"""
        INSERT INTO engagement_meeting (team_id, neighbourhood_id, kind, held_at, place, attendance,
            partners_present, notes, recorded_by_id, created_at)
        SELECT t.team_id, n.id, CASE WHEN mod(m, 3) = 0 THEN 'pact' ELSE 'beat' END, h.at,
               'Community centre, ' || n.name, 12 + mod(m * 7 + t.idx, 30), 'Council ASB team, housing officer',
               'Priorities reviewed; feedback given on the last quarter.', t.sergeant_id, h.at + interval '1 day'
        FROM scale_team t
        CROSS JOIN LATERAL unnest(t.neighbourhood_ids) WITH ORDINALITY AS u(neighbourhood_id, half)
        JOIN pcso_neighbourhood n ON n.id = u.neighbourhood_id
        CROSS JOIN LATERAL generate_series(0, {MEETINGS_A_YEAR} * t.years - 1) AS m
        CROSS JOIN LATERAL (SELECT date_trunc('day', %(now)s - make_interval(days => 10 + m * 30 + u.half::int * 3))
            + interval '19 hours' AS at) h
        ORDER BY h.at, t.team_id
        """,
    )
    force.sql(
        "priorities",
        f"""
        INSERT INTO engagement_priority (team_id, neighbourhood_id, issue, issue_date, action, action_date, status,
            reviewed_on, created_at)
        SELECT m.team_id, m.neighbourhood_id, c.description, m.held_at::date,
               CASE WHEN m.rank > 1 THEN 'Targeted patrols and partnership work; the problem has reduced.' ELSE '' END,
               CASE WHEN m.rank > 1 THEN (m.held_at + interval '80 days')::date END,
               CASE WHEN m.rank = 1 THEN 'active' ELSE 'closed' END,
               CASE WHEN m.rank = 1 THEN (%(now)s - interval '10 days')::date ELSE (m.held_at + interval '80 days')::date END,
               m.held_at
        FROM (SELECT *, row_number() OVER (PARTITION BY neighbourhood_id ORDER BY held_at DESC) AS rank
              FROM engagement_meeting WHERE kind = 'pact') m
        CROSS JOIN generate_series(0, {PRIORITIES_A_MEETING_QUARTER - 1}) AS p
        CROSS JOIN LATERAL (SELECT ({descriptions})[1 + mod(m.id + p, {len(CONCERNS)})] AS description) c
        ORDER BY m.held_at, m.id, p
        """,
    )
    force.sql(
        "priorities' meetings",
        """
        INSERT INTO engagement_priority_meetings (priority_id, meeting_id)
        SELECT p.id, m.id FROM engagement_priority p
        JOIN engagement_meeting m ON m.neighbourhood_id = p.neighbourhood_id AND m.kind = 'pact'
             AND m.held_at::date = p.issue_date
        """,
    )
    force.sql(
        "neighbourhood queries",
        f"""
        INSERT INTO engagement_neighbourhoodquery (team_id, neighbourhood_id, received_at, from_name,
            contact_details, question, due_at, answer, answered_at, answered_by_id, recorded_by_id)
        SELECT t.team_id, t.neighbourhood_ids[1 + mod(k, 2)], q.at, 'Resident ' || (k + 1),
               'resident' || (k + 1) || '@example.invalid', 'What is being done about the parking on our road?',
               q.at + interval '72 hours', CASE WHEN a.at IS NOT NULL
                   THEN 'We have asked the council for enforcement and will patrol at school times.' ELSE '' END,
               a.at, CASE WHEN a.at IS NOT NULL THEN o.officer_id END, o.officer_id
        FROM scale_team t
        CROSS JOIN LATERAL generate_series(0, {QUERIES_A_YEAR} * t.years - 1) AS k
        JOIN scale_officer o ON o.team_id = t.team_id AND o.idx = 2 + mod(k, 8)
        CROSS JOIN LATERAL (SELECT date_trunc('minute', %(now)s - make_interval(
            mins => k * (525600 / {QUERIES_A_YEAR}) + 180)) AS at) q
        CROSS JOIN LATERAL (SELECT CASE WHEN k < 2 THEN NULL
            ELSE q.at + make_interval(hours => CASE WHEN mod(k, 10) = 5 THEN 90 ELSE 20 + mod(k, 48) END) END AS at) a
        ORDER BY q.at, t.team_id
        """,
    )
    _audit_diary(force)


def _audit_diary(force: Force) -> None:
    def created(label, model, table, at, actor, columns):
        changes = (
            "jsonb_build_object(" + ", ".join(f"'{c}', jsonb_build_array(NULL, r.{c})" for c in columns) + ")"
        )
        force.audit(label, model=model, action="created", source=table, at=at, actor=actor, changes=changes)

    created(
        "community groups",
        CommunityGroup,
        "(SELECT g.*, g.name AS scale_repr FROM engagement_communitygroup g) r",
        "r.created_at",
        "r.contact_officer_id",
        ["name", "kind", "team_id", "neighbourhood_id", "contact_officer_id", "contact_every_days"],
    )
    created(
        "diary entries",
        DiaryEntry,
        "(SELECT e.*, initcap(e.kind) || ' ' || to_char(e.occurred_at AT TIME ZONE 'Europe/London', "
        "'DD/MM/YYYY HH24:MI') AS scale_repr FROM engagement_diaryentry e) r",
        "r.created_at",
        "r.officer_id",
        ["team_id", "neighbourhood_id", "officer_id", "occurred_at", "place", "kind", "member_of_public"],
    )
    created(
        "concerns",
        Concern,
        "(SELECT c.*, e.officer_id, c.category || ': ' || c.description AS scale_repr FROM engagement_concern c "
        "JOIN engagement_diaryentry e ON e.id = c.entry_id) r",
        "r.raised_at",
        "r.officer_id",
        ["entry_id", "category", "description", "status"],
    )
    created(
        "actions",
        Action,
        "(SELECT a.*, a.description AS scale_repr FROM engagement_action a) r",
        "r.created_at",
        "r.owner_id",
        ["entry_id", "concern_id", "description", "owner_id", "due_on", "status"],
    )
    force.audit(
        "actions completed",
        model=Action,
        action="updated",
        source="(SELECT a.*, a.description AS scale_repr FROM engagement_action a "
        "WHERE a.completed_at IS NOT NULL) r",
        at="r.completed_at",
        actor="r.owner_id",
        changes="jsonb_build_object('status', jsonb_build_array('open', r.status), "
        "'completed_at', jsonb_build_array(NULL, r.completed_at))",
    )
    created(
        "meetings",
        Meeting,
        "(SELECT m.*, m.kind || ' ' || to_char(m.held_at, 'DD/MM/YYYY') AS scale_repr FROM engagement_meeting m) r",
        "r.created_at",
        "r.recorded_by_id",
        ["team_id", "neighbourhood_id", "kind", "held_at", "place", "attendance"],
    )
    created(
        "priorities",
        Priority,
        "(SELECT p.*, left(p.issue, 80) AS scale_repr, t.sergeant_id FROM engagement_priority p "
        "JOIN scale_team t ON t.team_id = p.team_id) r",
        "r.created_at",
        "r.sergeant_id",
        ["neighbourhood_id", "issue", "issue_date", "status"],
    )
    created(
        "neighbourhood queries",
        NeighbourhoodQuery,
        "(SELECT q.*, q.from_name || ': ' || left(q.question, 60) AS scale_repr "
        "FROM engagement_neighbourhoodquery q) r",
        "r.received_at",
        "r.recorded_by_id",
        ["neighbourhood_id", "received_at", "from_name", "question", "due_at"],
    )
    force.audit(
        "neighbourhood queries answered",
        model=NeighbourhoodQuery,
        action="updated",
        source="(SELECT q.*, q.from_name || ': ' || left(q.question, 60) AS scale_repr "
        "FROM engagement_neighbourhoodquery q WHERE q.answered_at IS NOT NULL) r",
        at="r.answered_at",
        actor="r.answered_by_id",
        changes="jsonb_build_object('answer', jsonb_build_array('', r.answer), "
        "'answered_at', jsonb_build_array(NULL, r.answered_at))",
    )


scale.register(load, models=[Victim, VictimCase, FollowUp, RiskAssessment, DiaryEntry])
