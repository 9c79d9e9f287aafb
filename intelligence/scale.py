"""Intelligence and published crime data for `manage.py scale_data` (see pcso/scale.py).

Reports: per team 200 a year, submitted by its PCSOs (one in ten by a sergeant), each about two
subjects; the last two weeks' are still submitted or under review (three drafts among them), and
of the rest one in twenty was returned, one in twenty rejected and the others accepted with a
3x5x2 grade, one in fifteen of those disseminated to the next team and one in fifteen to its
sergeant. Accepted reports are due a retention review after their type's years: on the
ten-year team the oldest are due, and one in three of those was already reviewed (one in seven
of the reviews disposed of the report). Every step has its history event and audit entry.

Crime data: one street-level file a month for the force (a year; ten with --long-history), with
250 crimes and ASB incidents a month in each neighbourhood, spread over 40 streets.
"""

from pcso import scale
from pcso.scale import Force

from .models import CrimeImport, CrimeRecord, IntelligenceReport, ReportEvent, RetentionReview, Subject

REPORTS_A_YEAR = 200
CRIMES_A_MONTH = 250  # per neighbourhood
STREETS = 40  # per neighbourhood
# Which accepted reports were disseminated (by what their number k in the team made them: one in
# fifteen each, k = 6 and k = 8 modulo 15).
TO_TEAM = "r.source_type = 'partner' AND r.priority = 1"
TO_OFFICER = "r.source_type = 'kin' AND r.priority = 3"

TEXTS = [
    "A white van is seen most evenings outside the flats; young people go to it and leave quickly.",
    "Shop staff say the same two men take alcohol most afternoons and sell it on at the station.",
    "Residents report cannabis smell and visitors at all hours at the ground-floor flat.",
    "A group on e-scooters is stealing phones by snatching them from pedestrians near the park.",
    "A caller says a man is storing stolen bikes in the garage behind the parade.",
    "Youths carrying knives were seen near the school gate at closing time.",
]
SURNAMES = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Evans", "Thomas", "Roberts", "Walker"]
CRIME_TYPES = [
    "Anti-social behaviour",
    "Anti-social behaviour",
    "Anti-social behaviour",
    "Violence and sexual offences",
    "Violence and sexual offences",
    "Shoplifting",
    "Other theft",
    "Criminal damage and arson",
    "Public order",
    "Vehicle crime",
    "Burglary",
    "Theft from the person",
    "Drugs",
    "Bicycle theft",
    "Robbery",
    "Possession of weapons",
    "Other crime",
]
OUTCOMES = [
    "Investigation complete; no suspect identified",
    "Unable to prosecute suspect",
    "Under investigation",
    "Offender given a caution",
    "Awaiting court outcome",
]
STREET_NAMES = ["High Street", "Station Road", "Church Lane", "Park Road", "Mill Lane", "Victoria Road",
                "Green Lane", "Manor Road", "Queens Road", "New Street"]  # fmt: skip


def _array(values: list[str]) -> str:
    return "ARRAY[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def load(force: Force) -> None:
    _reports(force)
    _crime_data(force)


def _reports(force: Force) -> None:
    force.sql(
        "intelligence reports",
        f"""
        INSERT INTO intelligence_intelligencereport (team_id, submitted_by_id, status, report_type_id, text,
            location_text, latitude, longitude, occurred_at, source_type, grading_scheme, source_evaluation,
            intelligence_assessment, handling_code, handling_conditions, priority, places_of_interest,
            sanitised, created_at, submitted_at, reviewer_id, decided_at, review_due_on, disposed_at,
            subjects_text)
        SELECT g.team_id, g.officer_id, g.status, g.type_id, g.text,
               'Near ' || (1 + mod(g.k, 90)) || ' ' || ({_array(STREET_NAMES)})[1 + mod(g.k, {len(STREET_NAMES)})],
               round((g.south + (g.north - g.south) * mod(g.k * 7, 100) / 100.0)::numeric, 6),
               round((g.west + (g.east - g.west) * mod(g.k * 13, 100) / 100.0)::numeric, 6),
               g.created_at - interval '1 day',
               (ARRAY['public', 'partner', 'officer', 'kin', 'anonymous'])[1 + mod(g.k, 5)], '3x5x2',
               CASE WHEN g.graded THEN (ARRAY['1', '2', '2', '3'])[1 + mod(g.k, 4)] ELSE '' END,
               CASE WHEN g.graded THEN (ARRAY['A', 'B', 'B', 'C', 'C', 'D', 'E'])[1 + mod(g.k, 7)] ELSE '' END,
               CASE WHEN g.graded THEN CASE WHEN mod(g.k, 6) = 0 THEN 'C' ELSE 'P' END ELSE '' END,
               CASE WHEN g.graded AND mod(g.k, 6) = 0 THEN 'Not to be shared outside policing without the '
                    'sergeant''s agreement.' ELSE '' END,
               CASE WHEN g.status <> 'draft' THEN 1 + mod(g.k, 3) END, mod(g.k, 50) = 17, g.status <> 'draft',
               g.created_at, g.submitted_at,
               CASE WHEN g.status NOT IN ('draft', 'submitted') THEN g.sergeant_id END, g.decided_at,
               CASE WHEN g.status = 'accepted' THEN (g.decided_at + make_interval(years => g.review_years))::date
                    END,
               NULL, g.subject1 || E'\\n' || g.subject2
        FROM (
            SELECT t.team_id, t.sergeant_id, t.south, t.north, t.west, t.east, k, o.officer_id, s.status,
                   s.status IN ('accepted') AS graded, c.created_at, rt.id AS type_id, rt.review_after_years
                   AS review_years, ({_array(TEXTS)})[1 + mod(k, {len(TEXTS)})] AS text,
                   CASE WHEN s.status <> 'draft' THEN c.created_at + interval '2 hours' END AS submitted_at,
                   CASE WHEN s.status IN ('accepted', 'returned', 'rejected')
                        THEN c.created_at + interval '26 hours' END AS decided_at,
                   ({_array(SURNAMES)})[1 + mod(k * 3 + t.idx, {len(SURNAMES)})] || ', ' || (18 + mod(k, 40))
                       || ' years old' AS subject1,
                   'Vehicle ' || upper(substr(md5(t.team_id || '-' || k), 1, 7)) AS subject2
            FROM scale_team t
            CROSS JOIN LATERAL generate_series(0, {REPORTS_A_YEAR} * t.years - 1) AS k
            JOIN scale_officer o ON o.team_id = t.team_id
                 AND o.idx = CASE WHEN mod(k, 10) = 9 THEN 0 ELSE 2 + mod(k, 8) END
            JOIN (SELECT id, review_after_years, row_number() OVER (ORDER BY id) - 1 AS n
                  FROM intelligence_reporttype) rt ON rt.n = mod(k, 6)
            CROSS JOIN LATERAL (SELECT date_trunc('minute', %(now)s - make_interval(
                mins => k * (525600 / {REPORTS_A_YEAR}) + 60 + mod(k * 17, 300))) AS created_at) c
            CROSS JOIN LATERAL (SELECT CASE WHEN k IN (0, 3, 6) THEN 'draft'
                WHEN k < 8 THEN (ARRAY['submitted', 'under_review'])[1 + mod(k, 2)]
                WHEN mod(k, 20) = 7 THEN 'returned' WHEN mod(k, 20) = 13 THEN 'rejected'
                ELSE 'accepted' END AS status) s
        ) g
        ORDER BY g.created_at, g.team_id
        """,
    )
    force.sql(
        "intelligence subjects",
        """
        INSERT INTO intelligence_subject (report_id, role, description)
        SELECT r.id, s.role, split_part(r.subjects_text, E'\\n', s.n)
        FROM intelligence_intelligencereport r
        CROSS JOIN (VALUES (1, 'suspect'), (2, 'vehicle')) AS s(n, role)
        ORDER BY r.id, s.n
        """,
    )
    # The ten-year team's oldest accepted reports are due their review; one in three was reviewed.
    force.sql(
        "intelligence retention reviews",
        """
        INSERT INTO intelligence_retentionreview (report_id, decided_by_id, decided_at, decision, reason,
            next_review_on)
        SELECT r.id, r.reviewer_id, r.review_due_on + interval '10 days',
               CASE WHEN mod(r.id, 7) = 0 THEN 'dispose' ELSE 'retain' END,
               CASE WHEN mod(r.id, 7) = 0 THEN '' ELSE 'The subjects are still of police interest.' END,
               CASE WHEN mod(r.id, 7) <> 0 THEN (r.review_due_on + interval '6 years')::date END
        FROM intelligence_intelligencereport r
        WHERE r.status = 'accepted' AND r.review_due_on < %(now)s - interval '10 days' AND mod(r.id, 3) = 0
        ORDER BY r.id
        """,
    )
    force.sql(
        "intelligence reports reviewed",
        """
        UPDATE intelligence_intelligencereport r
        SET review_due_on = v.next_review_on,
            disposed_at = CASE WHEN v.decision = 'dispose' THEN v.decided_at END,
            text = CASE WHEN v.decision = 'dispose' THEN '' ELSE r.text END,
            location_text = CASE WHEN v.decision = 'dispose' THEN '' ELSE r.location_text END,
            subjects_text = CASE WHEN v.decision = 'dispose' THEN '' ELSE r.subjects_text END,
            latitude = CASE WHEN v.decision = 'dispose' THEN NULL ELSE r.latitude END,
            longitude = CASE WHEN v.decision = 'dispose' THEN NULL ELSE r.longitude END
        FROM intelligence_retentionreview v WHERE v.report_id = r.id
        """,
    )
    force.sql(
        "intelligence subjects disposed",
        """
        DELETE FROM intelligence_subject s USING intelligence_retentionreview v
        WHERE v.report_id = s.report_id AND v.decision = 'dispose'
        """,
    )
    force.sql(
        "intelligence report history",
        """
        INSERT INTO intelligence_reportevent (report_id, at, actor_id, action, from_status, to_status,
            grade_before, grade_after, comment, shared_with)
        SELECT r.id, e.at, e.actor, e.action, e.from_status, e.to_status, '', e.grade, e.comment, ''
        FROM intelligence_intelligencereport r
        LEFT JOIN intelligence_retentionreview v ON v.report_id = r.id
        CROSS JOIN LATERAL (VALUES
            (1, r.submitted_at, r.submitted_by_id, 'submitted', 'draft', 'submitted', '', ''),
            (2, r.submitted_at + interval '2 hours', r.reviewer_id, 'review_started', 'submitted', 'under_review',
             '', ''),
            (3, r.decided_at, r.reviewer_id, r.status, 'under_review', r.status,
             CASE WHEN r.status = 'accepted' THEN '3x5x2 ' || r.source_evaluation || '/'
                  || r.intelligence_assessment || '/' || r.handling_code ELSE '' END,
             CASE WHEN r.status = 'returned' THEN 'Please say when this was last seen.'
                  WHEN r.status = 'rejected' THEN 'Already reported; nothing new.' ELSE '' END),
            (4, v.decided_at, v.decided_by_id, CASE WHEN v.decision = 'dispose' THEN 'disposed' ELSE 'retained' END,
             'accepted', 'accepted', '', v.reason)
        ) AS e(n, at, actor, action, from_status, to_status, grade, comment)
        WHERE e.at IS NOT NULL AND e.actor IS NOT NULL
        ORDER BY r.id, e.n
        """,
    )
    view = """(SELECT p.id FROM auth_permission p JOIN django_content_type ct ON ct.id = p.content_type_id
               WHERE ct.app_label = 'intelligence' AND p.codename = 'view_intelligencereport')"""
    force.sql(
        "intelligence disseminated to teams",
        f"""
        INSERT INTO intelligence_intelligencereportgroupobjectpermission (content_object_id, group_id,
            permission_id)
        SELECT r.id, t.next_group_id, {view}
        FROM intelligence_intelligencereport r JOIN scale_team t ON t.team_id = r.team_id
        WHERE r.status = 'accepted' AND r.disposed_at IS NULL AND {TO_TEAM}
        """,
    )
    force.sql(
        "intelligence disseminated to officers",
        f"""
        INSERT INTO intelligence_intelligencereportuserobjectpermission (content_object_id, user_id,
            permission_id)
        SELECT r.id, n.sergeant_id, {view}
        FROM intelligence_intelligencereport r
        JOIN scale_team t ON t.team_id = r.team_id
        JOIN scale_team n ON n.idx = mod(t.idx + 1, (SELECT count(*) FROM scale_team))
        WHERE r.status = 'accepted' AND r.disposed_at IS NULL AND {TO_OFFICER}
        """,
    )
    force.sql(
        "intelligence dissemination history",
        f"""
        INSERT INTO intelligence_reportevent (report_id, at, actor_id, action, from_status, to_status,
            grade_before, grade_after, comment, shared_with)
        SELECT r.id, r.decided_at + interval '1 hour', r.reviewer_id, 'disseminated', 'accepted', 'accepted',
               '', '', '', CASE WHEN {TO_TEAM} THEN 'Team ' || lpad((n.idx + 1)::text, 4, '0') || ' NPT'
                                ELSE 'Sergeant ' || lpad((n.idx + 1)::text, 4, '0') || '-01' END
        FROM intelligence_intelligencereport r
        JOIN scale_team t ON t.team_id = r.team_id
        JOIN scale_team n ON n.idx = mod(t.idx + 1, (SELECT count(*) FROM scale_team))
        WHERE r.status = 'accepted' AND r.disposed_at IS NULL AND ({TO_TEAM} OR {TO_OFFICER})
        """,
    )
    _audit_reports(force)


def _audit_reports(force: Force) -> None:
    force.audit(
        "intelligence reports written",
        model=IntelligenceReport,
        action="created",
        source="intelligence_intelligencereport r",
        at="r.created_at",
        actor="r.submitted_by_id",
        changes=force.names_changed(IntelligenceReport),
    )
    force.audit(
        "intelligence subjects",
        model=Subject,
        action="created",
        source="(SELECT s.id, r.created_at, r.submitted_by_id FROM intelligence_subject s "
        "JOIN intelligence_intelligencereport r ON r.id = s.report_id) r",
        at="r.created_at",
        actor="r.submitted_by_id",
        changes=force.names_changed(Subject),
    )
    force.audit(
        "intelligence report steps",
        model=IntelligenceReport,
        action="r.action",
        source="(SELECT e.report_id AS id, e.at, e.actor_id, e.action FROM intelligence_reportevent e) r",
        at="r.at",
        actor="r.actor_id",
        changes="""'{"status": "changed"}'::jsonb""",
    )
    force.audit(
        "intelligence report history",
        model=ReportEvent,
        action="created",
        source="intelligence_reportevent r",
        at="r.at",
        actor="r.actor_id",
        changes=force.names_changed(ReportEvent),
    )
    force.audit(
        "intelligence retention reviews",
        model=RetentionReview,
        action="created",
        source="intelligence_retentionreview r",
        at="r.decided_at",
        actor="r.decided_by_id",
        changes=force.names_changed(RetentionReview),
    )
    # Each supervisor reads the reports they review.
    force.audit(
        "intelligence report reads",
        model=IntelligenceReport,
        action="read",
        source="intelligence_intelligencereport r WHERE r.reviewer_id IS NOT NULL",
        at="r.submitted_at + interval '1 hour'",
        actor="r.reviewer_id",
        changes="'{}'::jsonb",
    )


def _crime_data(force: Force) -> None:
    """One import a month of the longest history; each team's neighbourhoods have crimes in the
    months of its own history."""
    force.sql(
        "crime imports",
        """
        INSERT INTO intelligence_crimeimport (kind, file_name, month, imported_by_id, imported_at, rows_read,
            rows_imported, rows_updated, rows_unchanged, rows_without_location, rows_outside_neighbourhoods,
            outcomes_attached, skipped)
        SELECT 'street', to_char(m.month, 'YYYY-MM') || '-scale-street.csv', m.month,
               (SELECT officer_id FROM scale_officer WHERE role = 'inspector' ORDER BY officer_id LIMIT 1),
               m.month + interval '1 month' + interval '20 days', 0, 0, 0, 0, 0, 0, 0, '{}'::jsonb
        FROM (SELECT (date_trunc('month', %(now)s AT TIME ZONE 'Europe/London') - make_interval(months => i + 1))::date
                     AS month
              FROM generate_series(0, 12 * (SELECT max(years) FROM scale_team) - 1) AS i) m
        ORDER BY m.month
        """,
    )
    force.sql(
        "crime records",
        f"""
        INSERT INTO intelligence_crimerecord (source_id, row_key, crime_ref, month, reported_by, falls_within,
            latitude, longitude, location, place, lsoa_code, lsoa_name, crime_type, last_outcome, context,
            neighbourhood_id)
        SELECT i.id, md5(n.id || '-' || i.month || '-' || c), CASE WHEN ct.asb THEN '' ELSE
                   md5(c || '-' || n.id || '-' || i.month) || md5(n.id || '/' || c) END,
               i.month, 'Scale Police', 'Scale Police',
               round((t.south + (t.north - t.south) * (0.03 + 0.94 * st.y))::numeric, 6),
               round((t.west + (t.east - t.west) * (h - 1 + 0.03 + 0.94 * st.x) / 2)::numeric, 6),
               'On or near ' || st.name, st.name, 'E01' || lpad((t.idx * 8 + h * 4 + mod(st.s, 4))::text, 6, '0'),
               n.name || ' ' || lpad((1 + mod(st.s, 4))::text, 3, '0') || 'A', ct.name,
               CASE WHEN ct.asb THEN ''
                    WHEN i.month > %(now)s - interval '3 months' THEN 'Under investigation'
                    ELSE ({_array(OUTCOMES)})[1 + mod(c, {len(OUTCOMES)})] END, '', n.id
        FROM scale_team t
        CROSS JOIN LATERAL unnest(t.neighbourhood_ids) WITH ORDINALITY AS u(neighbourhood_id, h)
        JOIN pcso_neighbourhood n ON n.id = u.neighbourhood_id
        JOIN intelligence_crimeimport i ON i.month >= (date_trunc('month', %(now)s AT TIME ZONE 'Europe/London')
             - make_interval(years => t.years))::date
        CROSS JOIN generate_series(0, {CRIMES_A_MONTH - 1}) AS c
        -- Crime gathers on a few streets: a street's share falls with its number.
        CROSS JOIN LATERAL (SELECT (c * c + c * 7) %% ({STREETS} * {STREETS}) / {STREETS} AS s) q
        CROSS JOIN LATERAL (SELECT q.s, mod(q.s * 7, 10) / 10.0 + 0.05 AS x, mod(q.s * 3, 10) / 10.0 + 0.05 AS y,
                                   (1 + q.s) || ' ' || ({_array(STREET_NAMES)})[1 + mod(q.s, {len(STREET_NAMES)})]
                                   AS name) st
        CROSS JOIN LATERAL (SELECT ({_array(CRIME_TYPES)})[1 + mod(c * 5 + extract(month FROM i.month)::int,
                                   {len(CRIME_TYPES)})] AS name) ctn
        CROSS JOIN LATERAL (SELECT ctn.name, ctn.name = 'Anti-social behaviour' AS asb) ct
        WHERE {{part}}
        """,
        split="t.idx",
    )
    force.sql(
        "crime import counts",
        """
        UPDATE intelligence_crimeimport i SET rows_read = c.n, rows_imported = c.n
        FROM (SELECT source_id, count(*) AS n FROM intelligence_crimerecord GROUP BY source_id) c
        WHERE c.source_id = i.id
        """,
    )
    force.audit(
        "crime imports",
        model=CrimeImport,
        action="created",
        source="(SELECT i.*, i.file_name || ' (Street-level crime and ASB)' AS scale_repr "
        "FROM intelligence_crimeimport i) r",
        at="r.imported_at",
        actor="r.imported_by_id",
        changes="jsonb_build_object('file_name', jsonb_build_array(NULL, r.file_name), "
        "'rows_imported', jsonb_build_array(0, r.rows_imported))",
    )


scale.register(load, models=[IntelligenceReport, CrimeRecord])
