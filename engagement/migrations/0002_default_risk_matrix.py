"""The default risk matrix and Victims' Code figures: data an administrator edits, not code."""

from django.db import migrations


def load(apps, schema_editor):
    from engagement.defaults import install

    install(apps)


class Migration(migrations.Migration):
    dependencies = [("engagement", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
