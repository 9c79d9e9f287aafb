"""The pages `make bench` times: one table, one line a page. An app adds its pages here.

Each line: (role, page name, path). `{patrol}` and `{case}` in a path are the logged-in officer's
latest patrol and their team's latest victim case, `{neighbourhood}`, `{entry}`, `{report}` and
`{notice}` their team's first neighbourhood, latest diary entry, latest intelligence report they
may read and latest penalty notice (see LOOKUPS); `{today}` and `{month_ago}` are dates.
Exports ask for the last four weeks, as an officer would; a page is measured as each of
the roles' officers of an ordinary team and of the long-history team (bench/run.py)."""

PAGES = [
    ("pcso", "Home (my day)", "/"),
    ("pcso", "Patrol list", "/patrols/"),
    ("pcso", "Patrols CSV, 4 weeks", "/patrols/export.csv?start={month_ago}&end={today}"),
    ("pcso", "Patrol detail", "/patrols/{patrol}/"),
    ("pcso", "Route GeoJSON", "/patrols/{patrol}/points.geojson"),
    ("pcso", "Hotspots", "/patrols/hotspots/"),
    ("pcso", "Locality", "/patrols/locality/"),
    ("pcso", "Case list", "/engagement/cases/"),
    ("pcso", "Case detail", "/engagement/cases/{case}/"),
    ("pcso", "Inbox", "/inbox/"),
    ("pcso", "Diary entries", "/engagement/diary/"),
    ("pcso", "Diary entry", "/engagement/diary/{entry}/"),
    ("pcso", "Groups", "/engagement/groups/"),
    ("pcso", "Groups due", "/engagement/groups/due/"),
    ("pcso", "Priorities", "/engagement/priorities/"),
    ("pcso", "Neighbourhood priorities", "/engagement/neighbourhoods/{neighbourhood}/priorities/"),
    ("pcso", "You said, we did", "/engagement/neighbourhoods/{neighbourhood}/you-said-we-did/"),
    ("pcso", "Meetings", "/engagement/meetings/"),
    ("pcso", "Queries", "/engagement/queries/"),
    ("pcso", "Handover pack", "/engagement/neighbourhoods/{neighbourhood}/handover/"),
    ("pcso", "Intelligence reports", "/intelligence/"),
    ("pcso", "Intelligence report", "/intelligence/{report}/"),
    ("pcso", "Notice register", "/patrols/notices/"),
    ("pcso", "Notice detail", "/patrols/notices/{notice}/"),
    ("pcso", "Notices CSV, 4 weeks", "/patrols/notices/export.csv?start={month_ago}&end={today}"),
    ("sergeant", "Home (team)", "/"),
    ("sergeant", "Patrol list", "/patrols/"),
    ("sergeant", "Review queue", "/patrols/review/"),
    ("sergeant", "Patrols CSV, 4 weeks", "/patrols/export.csv?start={month_ago}&end={today}"),
    ("sergeant", "Hotspots", "/patrols/hotspots/"),
    ("sergeant", "Hotspots GeoJSON", "/patrols/map/hotspots.geojson"),
    ("sergeant", "Locality", "/patrols/locality/"),
    ("sergeant", "Case list", "/engagement/cases/"),
    ("sergeant", "Cases CSV, 4 weeks", "/engagement/cases/export.csv?start={month_ago}&end={today}"),
    ("sergeant", "Team page", "/dashboards/team/"),
    ("sergeant", "Diary entries", "/engagement/diary/"),
    ("sergeant", "Groups due", "/engagement/groups/due/"),
    ("sergeant", "Priorities", "/engagement/priorities/"),
    ("sergeant", "Meetings", "/engagement/meetings/"),
    ("sergeant", "Queries", "/engagement/queries/"),
    (
        "sergeant",
        "You said, we did CSV, 4 weeks",
        "/engagement/neighbourhoods/{neighbourhood}/you-said-we-did.csv?start={month_ago}&end={today}",
    ),
    ("sergeant", "Intelligence reports", "/intelligence/"),
    ("sergeant", "Intelligence search", "/intelligence/?q=van"),
    ("sergeant", "Intelligence review", "/intelligence/review/"),
    ("sergeant", "Retention due", "/intelligence/retention/"),
    ("sergeant", "Intelligence report", "/intelligence/{report}/"),
    ("sergeant", "Intelligence CSV, 4 weeks", "/intelligence/export.csv?start={month_ago}&end={today}"),
    ("sergeant", "Notice register", "/patrols/notices/"),
    ("sergeant", "Notices CSV, 4 weeks", "/patrols/notices/export.csv?start={month_ago}&end={today}"),
    ("sergeant", "Crime hotspots", "/intelligence/crime-data/hotspots/"),
    ("inspector", "Home (neighbourhoods)", "/"),
    ("inspector", "Patrol list", "/patrols/"),
    ("inspector", "Review queue", "/patrols/review/"),
    ("inspector", "Locality", "/patrols/locality/"),
    ("inspector", "Hotspots", "/patrols/hotspots/"),
    ("inspector", "Case list", "/engagement/cases/"),
    ("inspector", "Neighbourhood dashboard", "/dashboards/neighbourhoods/"),
    ("inspector", "Priorities", "/engagement/priorities/"),
    ("inspector", "Diary entries", "/engagement/diary/"),
    ("inspector", "Intelligence reports", "/intelligence/"),
    ("inspector", "Intelligence review", "/intelligence/review/"),
    ("inspector", "Retention due", "/intelligence/retention/"),
    ("inspector", "Notice register", "/patrols/notices/"),
    ("inspector", "Crime hotspots", "/intelligence/crime-data/hotspots/"),
]

# The logged-in page with no data, that the others are compared with under load.
NO_DATA_PAGE = ("pcso", "No-data page", "/password/change/")

# Pages served to 8 clients at once: their requests a second beside the no-data page's.
CONCURRENT = [
    ("pcso", "Patrol list"),
    ("pcso", "Case list"),
    ("pcso", "Home (my day)"),
    ("sergeant", "Home (team)"),
    ("inspector", "Home (neighbourhoods)"),
]

# Who logs in (collar numbers from `manage.py scale_data`): an ordinary team (the 7th, whose
# inspector commands teams 6-10) and the first team, which holds ten years with --long-history.
OFFICERS = {
    "ordinary": {"pcso": "P000703", "sergeant": "S000701", "inspector": "I0002"},
    "long history": {"pcso": "P000103", "sergeant": "S000101", "inspector": "I0001"},
}

# Placeholder values, per officer: SQL with %(officer)s, the officer's collar number.
LOOKUPS = {
    "patrol": """SELECT p.id FROM patrols_patrol p JOIN pcso_officer o ON o.team_id = p.team_id
                 WHERE o.collar_number = %(officer)s OR p.team_id IN (
                     SELECT t.id FROM pcso_team t JOIN pcso_officer i ON i.id = t.inspector_id
                     WHERE i.collar_number = %(officer)s)
                 ORDER BY p.started_at DESC LIMIT 1""",
    "case": """SELECT c.id FROM engagement_victimcase c JOIN pcso_officer o ON o.team_id = c.team_id
               WHERE o.collar_number = %(officer)s OR c.team_id IN (
                   SELECT t.id FROM pcso_team t JOIN pcso_officer i ON i.id = t.inspector_id
                   WHERE i.collar_number = %(officer)s)
               ORDER BY c.created_at DESC LIMIT 1""",
    "neighbourhood": """SELECT n.id FROM pcso_neighbourhood n JOIN pcso_officer o ON o.team_id = n.team_id
                        WHERE o.collar_number = %(officer)s OR n.team_id IN (
                            SELECT t.id FROM pcso_team t JOIN pcso_officer i ON i.id = t.inspector_id
                            WHERE i.collar_number = %(officer)s)
                        ORDER BY n.team_id, n.id LIMIT 1""",
    "entry": """SELECT e.id FROM engagement_diaryentry e JOIN pcso_officer o ON o.team_id = e.team_id
                WHERE o.collar_number = %(officer)s OR e.team_id IN (
                    SELECT t.id FROM pcso_team t JOIN pcso_officer i ON i.id = t.inspector_id
                    WHERE i.collar_number = %(officer)s)
                ORDER BY e.occurred_at DESC LIMIT 1""",
    # Their own reports, or (a supervisor) their teams' submitted ones: drafts are the author's alone.
    "report": """SELECT r.id FROM intelligence_intelligencereport r
                 JOIN pcso_officer o ON o.collar_number = %(officer)s
                 WHERE r.submitted_by_id = o.id OR o.role <> 'pcso' AND r.status <> 'draft' AND (
                     r.team_id = o.team_id
                     OR r.team_id IN (SELECT t.id FROM pcso_team t WHERE t.inspector_id = o.id))
                 ORDER BY r.created_at DESC LIMIT 1""",
    "notice": """SELECT n.id FROM patrols_fixedpenaltynotice n JOIN pcso_officer o ON o.team_id = n.team_id
                 WHERE o.collar_number = %(officer)s OR n.team_id IN (
                     SELECT t.id FROM pcso_team t JOIN pcso_officer i ON i.id = t.inspector_id
                     WHERE i.collar_number = %(officer)s)
                 ORDER BY n.number DESC LIMIT 1""",
}
