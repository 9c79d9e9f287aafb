"""The risk matrix in Welsh beside the English: a column empty at the database (nothing
rewritten), then the Welsh of the seeded questions and bands, only where they are still as seeded."""

from django.db import migrations, models


def add_welsh(apps, schema_editor):
    from engagement.defaults import add_welsh

    add_welsh(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("engagement", "0013_victimcase_reported_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="riskband",
            name="name_cy",
            field=models.CharField(
                blank=True, db_default="", default="", max_length=40, verbose_name="name in Welsh"
            ),
        ),
        migrations.AddField(
            model_name="riskquestion",
            name="text_cy",
            field=models.CharField(
                blank=True, db_default="", default="", max_length=300, verbose_name="question in Welsh"
            ),
        ),
        migrations.RunPython(add_welsh, migrations.RunPython.noop),
    ]
