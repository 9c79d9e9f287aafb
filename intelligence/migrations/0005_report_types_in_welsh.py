"""Report types in Welsh beside the English: a column empty at the database (nothing rewritten),
then the Welsh of the seeded types, only where they are still as seeded."""

from django.db import migrations, models


def add_welsh(apps, schema_editor):
    from intelligence.defaults import add_welsh

    add_welsh(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("intelligence", "0004_crime_type_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="reporttype",
            name="name_cy",
            field=models.CharField(
                blank=True, db_default="", default="", max_length=100, verbose_name="name in Welsh"
            ),
        ),
        migrations.RunPython(add_welsh, migrations.RunPython.noop),
    ]
