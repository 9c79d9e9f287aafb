"""The default report types and their retention review periods: data an administrator edits."""

from django.db import migrations


def load(apps, schema_editor):
    from intelligence.defaults import install

    install(apps)


class Migration(migrations.Migration):
    dependencies = [("intelligence", "0002_reports")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
