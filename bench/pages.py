"""The pages `make bench` times: one table, one line a page. An app adds its pages here.

Each line: (role, page name, path). `{patrol}` and `{case}` in a path are the logged-in officer's
latest patrol and their team's latest victim case (see LOOKUPS); `{today}` and `{month_ago}` are
dates. Exports ask for the last four weeks, as an officer would; a page is measured as each of
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
    ("sergeant", "Home (team)", "/"),
    ("sergeant", "Patrol list", "/patrols/"),
    ("sergeant", "Review queue", "/patrols/review/"),
    ("sergeant", "Patrols CSV, 4 weeks", "/patrols/export.csv?start={month_ago}&end={today}"),
    ("sergeant", "Hotspots", "/patrols/hotspots/"),
    ("sergeant", "Hotspots GeoJSON", "/patrols/map/hotspots.geojson"),
    ("sergeant", "Locality", "/patrols/locality/"),
    ("sergeant", "Case list", "/engagement/cases/"),
    ("sergeant", "Cases CSV", "/engagement/cases/export.csv"),
    ("sergeant", "Team page", "/dashboards/team/"),
    ("inspector", "Home (neighbourhoods)", "/"),
    ("inspector", "Patrol list", "/patrols/"),
    ("inspector", "Review queue", "/patrols/review/"),
    ("inspector", "Locality", "/patrols/locality/"),
    ("inspector", "Hotspots", "/patrols/hotspots/"),
    ("inspector", "Case list", "/engagement/cases/"),
    ("inspector", "Neighbourhood dashboard", "/dashboards/neighbourhoods/"),
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
}
