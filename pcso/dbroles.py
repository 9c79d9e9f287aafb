"""The database roles: the owner (runs migrations, owns every table) and the runtime role that web,
worker and beat log in as. The runtime role reads and writes the application's tables, but may
only INSERT and SELECT audit entries and seals: no UPDATE, DELETE or TRUNCATE there, no ownership
(so no ALTER TABLE ... DISABLE TRIGGER), not a superuser (so no session_replication_role).

Roles belong to the whole server, privileges to one database: `ensure_role` may race with
another database's setup on the same server and tolerates it; `grant_runtime` acts on the
current database only. Both are idempotent. Run as the owner (after every migrate, from
post_migrate when DATABASE_RUNTIME_ROLE is set)."""

from __future__ import annotations

import time

from django.db import DatabaseError, connection, transaction
from psycopg import sql

APPEND_ONLY_TABLES = ("pcso_auditentry", "pcso_auditseal")


class RoleError(Exception):
    """The runtime role exists with powers it must not have."""


def ensure_role(role: str, password: str | None = None, *, using=connection) -> None:
    """Create the login role if missing (another process may be creating it at the same moment),
    and refuse one that could rewrite the trail."""
    create = sql.SQL(
        "DO $$ BEGIN CREATE ROLE {} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"
        " {}; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
    ).format(
        sql.Identifier(role),
        sql.SQL("PASSWORD {}").format(sql.Literal(password)) if password else sql.SQL(""),
    )
    with using.cursor() as cursor:
        cursor.execute("SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = %s", [role])
        row = cursor.fetchone()
        if row is None:
            _retry(using, lambda: cursor.execute(create.as_string(cursor.connection)))
            cursor.execute("SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = %s", [role])
            row = cursor.fetchone()
        elif password:
            cursor.execute(
                sql.SQL("ALTER ROLE {} PASSWORD {}")
                .format(sql.Identifier(role), sql.Literal(password))
                .as_string(cursor.connection)
            )
        if row[0]:
            raise RoleError(f"The runtime role {role} is a superuser or bypasses row security")
        cursor.execute("SELECT current_user")
        (owner,) = cursor.fetchone()
        cursor.execute("SELECT pg_has_role(%s, %s, 'MEMBER')", [role, owner])
        if role == owner or cursor.fetchone()[0]:
            raise RoleError(f"The runtime role {role} is, or is a member of, the owner {owner}")


def grant_runtime(role: str, *, using=connection) -> None:
    """Give the runtime role what the application needs in the current database, and on the
    audit tables only SELECT and INSERT."""
    ident = sql.Identifier(role)
    statements = [
        sql.SQL("GRANT CONNECT, TEMPORARY ON DATABASE {} TO {}").format(
            sql.Identifier(using.settings_dict["NAME"]), ident
        ),
        sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(ident),
        sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {}").format(ident),
        sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {}").format(ident),
        sql.SQL(
            "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {}"
        ).format(ident),
        sql.SQL("ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {}").format(
            ident
        ),
    ]
    for table in APPEND_ONLY_TABLES:
        statements += [
            sql.SQL("REVOKE ALL ON TABLE {} FROM {}").format(sql.Identifier(table), ident),
            sql.SQL("REVOKE ALL ON TABLE {} FROM PUBLIC").format(sql.Identifier(table)),
            sql.SQL("GRANT SELECT, INSERT ON TABLE {} TO {}").format(sql.Identifier(table), ident),
        ]
    with using.cursor() as cursor:
        for statement in statements:
            _retry(using, lambda s=statement: cursor.execute(s.as_string(cursor.connection)))


def setup_runtime(role: str, password: str | None = None, *, using=connection) -> None:
    ensure_role(role, password, using=using)
    grant_runtime(role, using=using)


def _retry(using, run, attempts: int = 5) -> None:
    """Catalog rows shared by the server (roles) can meet a concurrent change ("tuple concurrently
    updated"): try again."""
    for attempt in range(attempts):
        try:
            with transaction.atomic(using=using.alias):
                run()
            return
        except DatabaseError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.1 * (attempt + 1))
