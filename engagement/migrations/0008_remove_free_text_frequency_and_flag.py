"""The free-text update frequency and the never-lapsing flag, carried over by 0005, go. Dropping
a column rewrites no table in PostgreSQL."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("engagement", "0007_victim_code_clocks")]

    operations = [
        migrations.RemoveField(
            model_name="victim",
            name="repeat_victim",
        ),
        migrations.RemoveField(
            model_name="victimcase",
            name="update_frequency",
        ),
    ]
