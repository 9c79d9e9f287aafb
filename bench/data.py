"""`make bench-data`: the two databases `make bench` reads, built with `manage.py scale_data`:
<BENCH_DB_PREFIX>_x1 (factor 1) and <BENCH_DB_PREFIX>_x10 (factor 10), both with the ten-year
team (--long-history). A database that already holds teams is kept; drop it to build it again.
Prints how long each build took."""

import os
import subprocess
import sys
import time

import psycopg

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.run import PREFIX, ROOT, database_url  # noqa: E402

BUILDS = {"x1": 1, "x10": 10}


def main() -> None:
    for name, factor in BUILDS.items():
        url = database_url(name)
        admin = url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin, autocommit=True) as conn:
            if not conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [f"{PREFIX}_{name}"]
            ).fetchone():
                conn.execute(f'CREATE DATABASE "{PREFIX}_{name}"')
        # A bulk load on several connections at once: no statement or idle-transaction limit.
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "DEBUG": "true",
            "DB_STATEMENT_TIMEOUT": "0",
            "DB_IDLE_IN_TRANSACTION_TIMEOUT": "0",
        }
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True
        )
        with psycopg.connect(url) as conn:
            if conn.execute("SELECT count(*) FROM pcso_team").fetchone()[0]:
                print(f"{PREFIX}_{name} already holds teams: kept (drop the database to build it again)")
                continue
        started = time.monotonic()
        subprocess.run(
            [sys.executable, "manage.py", "scale_data", "--factor", str(factor), "--long-history"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        print(f"{PREFIX}_{name}: factor {factor} built in {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
