"""The report types and their retention review periods (MOPI), as a force starts with them:
data an administrator edits afterwards, not code."""

# name, years from acceptance to the first retention review
REPORT_TYPES = [
    ("Anti-social behaviour", 6),
    ("Crime and disorder", 6),
    ("Drugs", 6),
    ("Serious and organised crime", 10),
    ("Safeguarding and exploitation", 10),
    ("Counter-terrorism and domestic extremism", 10),
]


def install(apps=None) -> None:
    """Create the default report types that are missing (a migration passes its apps)."""
    if apps is None:
        from django.apps import apps
    ReportType = apps.get_model("intelligence", "ReportType")
    for name, years in REPORT_TYPES:
        ReportType.objects.get_or_create(name=name, defaults={"review_after_years": years})
