"""Nothing waits for ever on the database (issue 20, item 2): connections, statements and idle
transactions have limits, read from the environment; our side gives up on an answer that does not
come; migrations and imports lift the limits for their long statements."""

import os
import subprocess
import sys
import time

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection

pytestmark = pytest.mark.django_db(transaction=True)


def _show(name: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SHOW {name}")
        return cursor.fetchone()[0]


def test_every_new_connection_has_its_limits():
    connection.close()
    assert (_show("statement_timeout"), _show("idle_in_transaction_session_timeout")) == ("15s", "30s")
    assert connection.settings_dict["OPTIONS"]["connect_timeout"] == 3
    assert connection.settings_dict["ANSWER_TIMEOUT"] == 15


def test_limits_are_read_from_the_environment():
    code = (
        "from django.conf import settings; db = settings.DATABASES['default']; "
        "print(db['OPTIONS']['connect_timeout'], db['OPTIONS']['options'], db['ANSWER_TIMEOUT'])"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pcso.settings",
        "DATABASE_URL": "postgres://u@db:5432/pcso?options=-c%20work_mem%3D8MB",
        "DB_CONNECT_TIMEOUT": "5",
        "DB_STATEMENT_TIMEOUT": "4",
        "DB_IDLE_IN_TRANSACTION_TIMEOUT": "0",
    }
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == [
        "5",
        "-c",
        "work_mem=8MB",
        "-c",
        "statement_timeout=4s",
        "-c",
        "idle_in_transaction_session_timeout=0s",
        "4",
    ]


def test_a_query_whose_answer_does_not_come_is_given_up_on_our_side():
    """The server's statement_timeout never reaches us from a server that is hung or out of reach:
    our own limit closes the connection, and the next use opens a fresh one."""
    connection.close()
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 0")  # as if the server could not say so
    connection.answer_timeout = 1  # this connection's: the next one has the settings' again
    started = time.monotonic()
    with (
        pytest.raises(OperationalError, match="no answer from the database within 1 s"),
        connection.cursor() as cursor,
    ):
        cursor.execute("SELECT pg_sleep(5)")
    assert 0.9 < time.monotonic() - started < 2
    connection.close_if_unusable_or_obsolete()
    assert (_show("statement_timeout"), connection.answer_timeout) == ("15s", 15)  # a new connection


def test_unhurried_work_runs_past_the_limits_and_restores_them():
    from pcso.db import unhurried

    connection.close()
    with unhurried():
        with unhurried():
            pass
        assert (_show("statement_timeout"), _show("idle_in_transaction_session_timeout")) == ("0", "0")
        assert connection.answer_timeout is None
    assert (_show("statement_timeout"), _show("idle_in_transaction_session_timeout")) == ("15s", "30s")
    assert connection.answer_timeout == 15


def test_the_crime_import_runs_unhurried(monkeypatch):
    """A 20 MB file is parsed and placed in its neighbourhoods inside the import's transaction."""
    from intelligence.services import crime_import

    connection.close()
    seen = []
    detect_kind = crime_import.detect_kind

    def watched(text):
        seen.append((_show("statement_timeout"), _show("idle_in_transaction_session_timeout")))
        return detect_kind(text)

    monkeypatch.setattr(crime_import, "detect_kind", watched)
    with pytest.raises(crime_import.UnusableFile):
        crime_import.import_file(user=None, data=b"not,a,police,file\n", file_name="x.csv")
    assert seen == [("0", "0")]
    assert (_show("statement_timeout"), connection.answer_timeout) == ("15s", 15)


def test_migrate_lifts_the_limits_for_its_long_statements():
    """CREATE INDEX CONCURRENTLY on a large table runs for minutes: never cut off."""
    connection.close()
    assert _show("statement_timeout") == "15s"
    call_command("migrate", verbosity=0)
    assert (_show("statement_timeout"), _show("idle_in_transaction_session_timeout")) == ("0", "0")
    assert connection.answer_timeout is None
