"""The default offence catalogue and the notice counter: data an administrator edits, not code."""

from django.db import migrations


def load(apps, schema_editor):
    from patrols.offences import install

    install(apps)


class Migration(migrations.Migration):
    dependencies = [("patrols", "0003_notices")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
