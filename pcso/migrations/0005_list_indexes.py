"""Indexes for the lists' filters and orders (issue 8), built concurrently."""

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    # Built without locking writes on a live database: CREATE INDEX CONCURRENTLY runs outside a
    # transaction.
    atomic = False

    dependencies = [
        ("pcso", "0004_notification_email_owed_index"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="notification",
            index=models.Index(fields=["recipient", "-created_at"], name="notification_inbox"),
        ),
    ]
