"""Neighbourhood queries whose answer fell due across a clock change were given a due time on the
wall clock (received Fri 23/10/2026 12:00 BST, due Mon 26/10/2026 12:00 GMT: 73 real hours). Their
due time moves to the configured number of real hours after receipt (11:00 GMT). A query whose due
time is already in real hours is left alone: only those whose clock-face gap is exactly the
configured hours while their real gap is not are touched (a handful of rows, no table rewrite)."""

from django.conf import settings
from django.db import migrations

REPAIR = """
WITH config AS (
    SELECT COALESCE(
        (SELECT query_response_hours FROM engagement_diarysettings ORDER BY id LIMIT 1), 72
    ) * 3600 AS seconds
)
UPDATE engagement_neighbourhoodquery q
SET due_at = q.received_at + make_interval(secs => config.seconds)
FROM config
WHERE EXTRACT(EPOCH FROM (q.due_at AT TIME ZONE %(zone)s) - (q.received_at AT TIME ZONE %(zone)s))
      = config.seconds
  AND EXTRACT(EPOCH FROM q.due_at - q.received_at) <> config.seconds
"""


def repair(cursor) -> int:
    """Move each wall-clock due time to real hours; returns how many queries moved."""
    cursor.execute(REPAIR, {"zone": settings.TIME_ZONE})
    return cursor.rowcount


def forwards(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        repair(cursor)


class Migration(migrations.Migration):
    dependencies = [("engagement", "0009_concern_closed_by")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
