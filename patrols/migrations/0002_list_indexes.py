"""Indexes for the lists' filters and orders (issue 8), built concurrently."""

from django.conf import settings
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    # Built without locking writes on a live database: CREATE INDEX CONCURRENTLY runs outside a
    # transaction.
    atomic = False

    dependencies = [
        ("patrols", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="patrol",
            index=models.Index(fields=["team", "-started_at", "-id"], name="patrol_team_started"),
        ),
        AddIndexConcurrently(
            model_name="patrol",
            index=models.Index(
                condition=models.Q(("partner__isnull", False)),
                fields=["partner", "-started_at"],
                name="patrol_partner_started",
            ),
        ),
        AddIndexConcurrently(
            model_name="patrol",
            index=models.Index(
                condition=models.Q(("status", "ended")),
                fields=["team", "ended_at"],
                name="patrol_review_queue",
            ),
        ),
        AddIndexConcurrently(
            model_name="patrol",
            index=models.Index(
                condition=models.Q(("status", "in_progress")), fields=["officer"], name="patrol_running"
            ),
        ),
    ]
