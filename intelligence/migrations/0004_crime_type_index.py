"""The crime types offered for a filter are read from an index (a skip scan), not from every crime
in the force (issue 8). Built concurrently."""

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    # Built without locking writes on a live database: CREATE INDEX CONCURRENTLY runs outside a
    # transaction.
    atomic = False

    dependencies = [("intelligence", "0003_report_types")]

    operations = [
        AddIndexConcurrently(
            model_name="crimerecord",
            index=models.Index(fields=["crime_type"], name="crime_type"),
        ),
    ]
