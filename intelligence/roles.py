"""What each role may do with intelligence reports and published crime data (pcso/roles.py keeps
the roles)."""

from pcso.roles import ADD, ALL, CHANGE, VIEW, grant, model_permissions

# Intelligence: everyone but the administrator submits; supervisors review, grade and
# disseminate (which reports is decided by their supervision grants, pcso/permissions.py).
REPORT = "intelligence.intelligencereport"
INTELLIGENCE_WORK = model_permissions(REPORT, VIEW, ADD, CHANGE)
INTELLIGENCE_REVIEW = model_permissions(REPORT, "review", "disseminate")
# Published crime data (data.police.uk): supervisors import it and read it for hotspots and
# dashboards; it is public information, scoped to the neighbourhood its point falls in.
CRIME_DATA = [
    *model_permissions("intelligence.crimeimport", VIEW, ADD),
    *model_permissions("intelligence.crimerecord", VIEW),
    *model_permissions("intelligence.crimeoutcome", VIEW),
    *model_permissions("intelligence.stopandsearch", VIEW),
]

grant(
    pcso=INTELLIGENCE_WORK,
    sergeant=[*INTELLIGENCE_WORK, *INTELLIGENCE_REVIEW, *model_permissions(REPORT, "retention"), *CRIME_DATA],
    inspector=[*model_permissions(REPORT, VIEW), *INTELLIGENCE_REVIEW, *CRIME_DATA],
    # Administrators run the catalogue, and get no intelligence permission: no content by right.
    administrator=model_permissions("intelligence.reporttype", *ALL),
)
