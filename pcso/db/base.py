"""PostgreSQL as Django has it, with work done just before a transaction commits: `before_commit`
holds callables run, in order, inside the transaction right before COMMIT, and dropped on
ROLLBACK. pcso/fresh.py moves the kept pages' generations there, in one statement a
transaction that locks its rows in one order, so two transactions never wait on each other in a
circle over them, and each holds them only for the moment before it commits.

It also bounds, on our side, how long any operation waits for the server's answer
(`answer_timeout`, DATABASES' ANSWER_TIMEOUT: the statement timeout): a server that is hung or out
of reach never sends statement_timeout's error, and a thread would wait for ever. Past the limit
the connection is closed and the operation fails as OperationalError (a 503, pcso/outage.py);
Django opens a fresh connection on the next request. The health check of a kept connection waits
HEALTH_CHECK_SECONDS at most, so a hung server costs a page one short wait, not two long ones.

Used through DATABASES' ENGINE "pcso.db" (pcso/settings.py)."""

import psycopg
from django.db.backends.postgresql import base

HEALTH_CHECK_SECONDS = 1


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.before_commit: list = []
        self.answer_timeout: float | None = self.settings_dict.get("ANSWER_TIMEOUT")

    def connect(self):
        self.answer_timeout = self.settings_dict.get("ANSWER_TIMEOUT")  # a lifted limit was the old one's
        super().connect()

    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        waits = connection.wait  # every operation's wait for the server goes through it

        def wait(gen, *args, timeout=None, **kwargs):
            limit = self.answer_timeout
            if timeout is not None or not limit:  # psycopg's own limit, or none of ours
                return waits(gen, *args, timeout=timeout, **kwargs)
            try:
                return waits(gen, *args, timeout=limit, **kwargs)
            except psycopg.errors._WaitTimeout:
                connection.close()  # mid-protocol: never usable again
                raise psycopg.OperationalError(f"no answer from the database within {limit:g} s") from None

        connection.wait = wait
        return connection

    def is_usable(self):
        limit = self.answer_timeout
        self.answer_timeout = min(limit, HEALTH_CHECK_SECONDS) if limit else limit
        try:
            return super().is_usable()
        finally:
            self.answer_timeout = limit

    def _commit(self):
        while self.before_commit:
            self.before_commit.pop(0)()
        return super()._commit()

    def _rollback(self):
        self.before_commit.clear()
        return super()._rollback()
