"""The report types and their retention review periods (MOPI): data an administrator edits."""

from django.db import migrations

# name, years from acceptance to the first review
TYPES = [
    ("Anti-social behaviour", 6),
    ("Crime and disorder", 6),
    ("Drugs", 6),
    ("Serious and organised crime", 10),
    ("Safeguarding and exploitation", 10),
    ("Counter-terrorism and domestic extremism", 10),
]


def load(apps, schema_editor):
    ReportType = apps.get_model("intelligence", "ReportType")
    for name, years in TYPES:
        ReportType.objects.get_or_create(name=name, defaults={"review_after_years": years})


class Migration(migrations.Migration):
    dependencies = [("intelligence", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
