"""Database settings the migrations leave behind."""

import psycopg
import pytest
from django.db import connection


@pytest.mark.django_db
def test_new_connections_run_without_jit_and_plan_cursors_for_whole_results():
    """Set on the database (pcso 0006, 0007), so every new connection has them, whoever logs in."""
    settings = connection.settings_dict
    with psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
    ) as fresh:
        assert fresh.execute("SHOW jit").fetchone() == ("off",)
        assert fresh.execute("SHOW cursor_tuple_fraction").fetchone() == ("1",)
