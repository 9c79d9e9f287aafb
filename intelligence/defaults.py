"""The report types and their retention review periods (MOPI), as a force starts with them:
data an administrator edits afterwards, not code."""

# name, name in Welsh, years from acceptance to the first retention review
REPORT_TYPES = [
    ("Anti-social behaviour", "Ymddygiad gwrthgymdeithasol", 6),
    ("Crime and disorder", "Trosedd ac anhrefn", 6),
    ("Drugs", "Cyffuriau", 6),
    ("Serious and organised crime", "Troseddau difrifol a chyfundrefnol", 10),
    ("Safeguarding and exploitation", "Diogelu a chamfanteisio", 10),
    ("Counter-terrorism and domestic extremism", "Gwrthderfysgaeth ac eithafiaeth ddomestig", 10),
]


def install(apps=None) -> None:
    """Create the default report types that are missing (a migration passes its apps)."""
    if apps is None:
        from django.apps import apps
    ReportType = apps.get_model("intelligence", "ReportType")
    # The migration state's model may be older than the Welsh name.
    welsh = any(field.name == "name_cy" for field in ReportType._meta.get_fields())
    for name, name_cy, years in REPORT_TYPES:
        ReportType.objects.get_or_create(
            name=name, defaults={"review_after_years": years, **({"name_cy": name_cy} if welsh else {})}
        )


def add_welsh(apps=None) -> None:
    """Give the seeded report types their Welsh name: only rows of a seeded name still without
    Welsh; an administrator's own types are theirs to name."""
    if apps is None:
        from django.apps import apps
    ReportType = apps.get_model("intelligence", "ReportType")
    for name, name_cy, _years in REPORT_TYPES:
        ReportType._base_manager.filter(name=name, name_cy="").update(name_cy=name_cy)
