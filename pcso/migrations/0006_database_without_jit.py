"""Turn PostgreSQL's JIT compilation off for this database.

Every page here asks short queries over a team's or a command's rows. The planner's cost guesses
for the dashboards' set-returning functions (GeoJSON rings, range aggregation) are large enough
to switch JIT on, which then spends half a second compiling a query that runs in 15 ms (EXPLAIN
ANALYZE of time in locality at factor 10: JIT 531 ms, execution 18 ms). A database setting
reaches every connection, through PgBouncer too; it takes effect for new connections."""

from django.db import migrations

SET = "DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET jit = off', current_database()); END $$;"
RESET = "DO $$ BEGIN EXECUTE format('ALTER DATABASE %I RESET jit', current_database()); END $$;"


class Migration(migrations.Migration):
    dependencies = [("pcso", "0005_list_indexes")]

    operations = [migrations.RunSQL(SET, RESET)]
