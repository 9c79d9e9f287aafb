"""The PostgreSQL engine of DATABASES (base.py), and unhurried() for work known to take long."""

from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections

LIMITS = ("statement_timeout", "idle_in_transaction_session_timeout")


def lift_limits(using: str = DEFAULT_DB_ALIAS) -> None:
    """No statement, idle-transaction or answer limit on this connection from now on: for a
    migration (CREATE INDEX CONCURRENTLY on a large table runs for minutes), set by pre_migrate."""
    connection = connections[using]
    with connection.cursor() as cursor:
        for name in LIMITS:
            cursor.execute("SELECT set_config(%s, '0', false)", [name])
    connection.answer_timeout = None


@contextmanager
def unhurried(using: str = DEFAULT_DB_ALIAS):
    """Long work inside the block, or the function it decorates (an import of a large file, a
    bulk load): statements may run, and a transaction stay idle between them, as long as they
    need; the limits are as before after it, also when it fails or when blocks nest."""
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(["current_setting(%s)"] * len(LIMITS)), LIMITS)
        before = cursor.fetchone()
    answer_timeout = connection.answer_timeout
    lift_limits(using)
    try:
        yield
    finally:
        connection.answer_timeout = answer_timeout
        if connection.is_usable():
            with connection.cursor() as cursor:
                for name, value in zip(LIMITS, before, strict=True):
                    cursor.execute("SELECT set_config(%s, %s, false)", [name, value])
