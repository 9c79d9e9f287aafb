"""Indexes for the lists' filters and orders (issue 8), built concurrently."""

from django.conf import settings
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    # Built without locking writes on a live database: CREATE INDEX CONCURRENTLY runs outside a
    # transaction.
    atomic = False

    dependencies = [
        ("engagement", "0004_victimcase_assign_close"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="followup",
            index=models.Index(
                condition=models.Q(("cancelled_at__isnull", True), ("completed_at__isnull", True)),
                fields=["assigned_to", "due_at"],
                name="follow_up_open_by_officer",
            ),
        ),
        AddIndexConcurrently(
            model_name="followup",
            index=models.Index(fields=["assigned_to", "due_at"], name="follow_up_officer_due"),
        ),
        AddIndexConcurrently(
            model_name="victimcase",
            index=models.Index(
                fields=["team", "status", "-created_at", "-id"], name="case_team_status_created"
            ),
        ),
    ]
