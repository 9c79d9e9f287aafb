"""Monthly, quarterly and six-monthly contact count calendar months now, not 30, 91 and 182 days:
a group registered on 1 October falls due on 1 November, not 31 October. Each such group's next
contact moves to the same day that many months after its last contact (or its registration), as
the diary services set it; only rows whose date changes are written (no table rewrite)."""

from django.conf import settings
from django.db import migrations

RECOMPUTE = """
UPDATE engagement_communitygroup g
SET next_contact_due = next_due
FROM (
    SELECT g2.id,
           ((COALESCE(g2.last_contact_at, g2.created_at) AT TIME ZONE %(zone)s)::date
            + make_interval(months => m.months))::date AS next_due
    FROM engagement_communitygroup g2
    JOIN (VALUES (30, 1), (91, 3), (182, 6)) AS m(days, months) ON m.days = g2.contact_every_days
) AS due
WHERE due.id = g.id AND g.next_contact_due <> due.next_due
"""


def recompute(cursor) -> int:
    """Move each monthly, quarterly and six-monthly group's next contact; returns how many moved."""
    cursor.execute(RECOMPUTE, {"zone": settings.TIME_ZONE})
    return cursor.rowcount


def forwards(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        recompute(cursor)


class Migration(migrations.Migration):
    dependencies = [("engagement", "0011_priority_review_per_active_priority")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
