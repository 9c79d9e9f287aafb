"""Plan a cursor's query for reading all of it.

Django opens a server-side cursor only where it streams a whole result: the CSV exports
(QuerySet.iterator()). PostgreSQL plans a cursor to return its first 10 % fast
(cursor_tuple_fraction = 0.1), which picks an index that matches the ORDER BY and filters the
rest as it goes: over the whole force's notices in number order to find one team's four weeks,
time that grows with the force. An export reads every row, so it is planned as a whole."""

from django.db import migrations

SET = (
    "DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET cursor_tuple_fraction = 1', current_database()); "
    "END $$;"
)
RESET = (
    "DO $$ BEGIN EXECUTE format('ALTER DATABASE %I RESET cursor_tuple_fraction', current_database()); END $$;"
)


class Migration(migrations.Migration):
    dependencies = [("pcso", "0006_database_without_jit")]

    operations = [migrations.RunSQL(SET, RESET)]
