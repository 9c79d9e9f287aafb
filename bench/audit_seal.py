"""Sealing and verifying the audit trail: writes ENTRIES entries (default 100,000) into a database
of its own (the trail is append-only, so never the development one), then times audit_seal and
audit_verify and prints entries per second. Target: sealing keeps up with 1,000 entries a second.
Run: make bench, or .venv/bin/python bench/audit_seal.py with DATABASE_URL set."""

import os
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pcso.settings")
os.environ.setdefault("DEBUG", "true")

import psycopg  # noqa: E402

ENTRIES = int(os.environ.get("ENTRIES", "100000"))
BASE_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/pcso")
parts = urlsplit(BASE_URL)
NAME = parts.path.lstrip("/") + "_sealbench"
ADMIN_URL = urlunsplit(parts._replace(path="/postgres"))
os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{NAME}"))

FILL = """
INSERT INTO pcso_auditentry (actor_label, action, object_id, object_repr, changes, ip_address)
SELECT 'P3001 Aisha Khan', 'patrols.patrol.started', g::text, 'Patrol ' || g,
       jsonb_build_object('status', jsonb_build_array('in_progress', 'ended'), 'summary', repeat('x', 80)),
       '192.0.2.7'
FROM generate_series(1, %s) AS g
"""


def main():
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{NAME}"')
        conn.execute(f'CREATE DATABASE "{NAME}"')
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        from pcso import auditchain

        call_command("migrate", verbosity=0)
        with connection.cursor() as cursor:
            start = time.perf_counter()
            cursor.execute(FILL, [ENTRIES])
            written = time.perf_counter() - start
        start = time.perf_counter()
        seals = auditchain.seal()
        sealed = time.perf_counter() - start
        start = time.perf_counter()
        report = auditchain.verify()
        verified = time.perf_counter() - start
        count = sum(seal.entry_count for seal in seals)
        assert count == report.entries and not report.problems, report.problems
        print(f"audit trail, {count} entries in {len(seals)} seals:")
        print(f"  written (through the trigger)  {count / written:>10,.0f} entries/s")
        print(f"  sealed                         {count / sealed:>10,.0f} entries/s  (target 1,000)")
        print(f"  verified                       {count / verified:>10,.0f} entries/s")
        connection.close()
    finally:
        with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{NAME}"')


if __name__ == "__main__":
    main()
