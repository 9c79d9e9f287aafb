"""PostgreSQL as Django has it, with work done just before a transaction commits: `before_commit`
holds callables run, in order, inside the transaction right before COMMIT, and dropped on
ROLLBACK. pcso/fresh.py moves the kept pages' generations there, in one statement a
transaction that locks its rows in one order, so two transactions never wait on each other in a
circle over them, and each holds them only for the moment before it commits.

Used through DATABASES' ENGINE "pcso.db" (pcso/settings.py)."""

from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.before_commit: list = []

    def _commit(self):
        while self.before_commit:
            self.before_commit.pop(0)()
        return super()._commit()

    def _rollback(self):
        self.before_commit.clear()
        return super()._rollback()
