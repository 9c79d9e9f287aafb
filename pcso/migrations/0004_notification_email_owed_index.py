from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    # Built without locking writes to a table that may be large.
    atomic = False

    dependencies = [
        ("pcso", "0003_audit_chain_and_email_state"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="notification",
            index=models.Index(
                condition=models.Q(
                    ("email_failed_at__isnull", True),
                    ("emailed_at__isnull", True),
                    ("reminder__isnull", False),
                ),
                fields=["id"],
                name="notification_email_owed",
            ),
        ),
    ]
