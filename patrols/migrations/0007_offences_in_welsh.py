"""Offence wording in Welsh beside the English: a column empty at the database (nothing
rewritten), then the Welsh of the seeded offences, only where they are still as seeded."""

from django.db import migrations, models


def add_welsh(apps, schema_editor):
    from patrols.offences import add_welsh

    add_welsh(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("patrols", "0006_assign_team_neighbourhoods"),
    ]

    operations = [
        migrations.AddField(
            model_name="offencetype",
            name="wording_cy",
            field=models.CharField(
                blank=True, db_default="", default="", max_length=200, verbose_name="offence in Welsh"
            ),
        ),
        migrations.RunPython(add_welsh, migrations.RunPython.noop),
    ]
