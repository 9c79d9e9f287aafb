"""`make bench`: each role's key pages at factor 1 and factor 10, served as in production.

Needs the two scaled databases (`make bench-data` builds them with `manage.py scale_data`):
<BENCH_DB_PREFIX>_x1 and <BENCH_DB_PREFIX>_x10 on the server DATABASE_URL names. For each, the
migrations are applied and gunicorn serves the app (2 workers, DEBUG off, collected static files,
bench/wsgi.py adding a query count to each response) on BENCH_PORT and BENCH_PORT + 1. Then, for
every line of bench/pages.py, as the officers of an ordinary team and of the long-history team:
BENCH_WARMUP requests, then BENCH_REQUESTS timed ones, one after another, alternating page by page
between the two factors so both see the same machine. Then BENCH_CLIENTS clients at once for
BENCH_SECONDS on the pages in CONCURRENT and the no-data page. Home panels and list rows are
kept between requests (pcso/fresh.py), so after the warm-up those figures are of kept pages;
unless BENCH_COLD=false, the CONCURRENT pages are then measured again on servers that keep
nothing (FRAGMENT_CACHE_SECONDS=0): what a page costs right after a change. Prints the tables
and writes bench/results/<time>.json (git-ignored: results belong to the machine that made them).
"""

from __future__ import annotations

import http.client
import json
import os
import re
import secrets
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.pages import CONCURRENT, LOOKUPS, NO_DATA_PAGE, OFFICERS, PAGES  # noqa: E402

PYTHON = sys.executable
BIN = Path(PYTHON).parent
PASSWORD = os.environ.get("BENCH_PASSWORD", "scale-data-2026")  # as pcso/scale.py makes them
PREFIX = os.environ.get("BENCH_DB_PREFIX", "pcso_bench")
PORT = int(os.environ.get("BENCH_PORT", "8120"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "60"))
WARMUP = int(os.environ.get("BENCH_WARMUP", "5"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "8"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "5"))
FACTORS = [f.strip() for f in os.environ.get("BENCH_FACTORS", "x1,x10").split(",") if f.strip()]
TEAMS = [t.strip() for t in os.environ.get("BENCH_TEAMS", ",".join(OFFICERS)).split(",") if t.strip()]
# Only the pages whose name holds one of these (comma-separated), to measure a few again.
ONLY = [p.strip() for p in os.environ.get("BENCH_PAGES", "").split(",") if p.strip()]
# Also measure the concurrent pages on servers that keep nothing (FRAGMENT_CACHE_SECONDS=0).
COLD = os.environ.get("BENCH_COLD", "true").lower() in ("1", "true", "yes")
STATIC_ROOT = ROOT / ".bench" / "static"
SECRET_KEY = "bench-only-" + secrets.token_urlsafe(40)


def database_url(factor: str) -> str:
    base = urllib.parse.urlsplit(os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/pcso"))
    return urllib.parse.urlunsplit(base._replace(path=f"/{PREFIX}_{factor}"))


def server_env(factor: str, **extra: str) -> dict:
    return {
        **os.environ,
        **extra,
        "DATABASE_URL": database_url(factor),
        "DEBUG": "false",
        "SECRET_KEY": SECRET_KEY,  # one for the run: every server reads the others' sessions
        # Plain HTTP on the loopback: the bench's own host and cookies, no redirect to HTTPS.
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_COOKIES": "false",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_ROOT": str(STATIC_ROOT),
        "LOG_LEVEL": "WARNING",
    }


def check_databases() -> None:
    for factor in FACTORS:
        try:
            with psycopg.connect(database_url(factor)) as conn:
                teams = conn.execute("SELECT count(*) FROM pcso_team").fetchone()[0]
        except psycopg.Error as error:
            sys.exit(f"{PREFIX}_{factor}: {error.__class__.__name__}. Build the data first: make bench-data")
        if not teams:
            sys.exit(f"{PREFIX}_{factor} has no teams. Build the data first: make bench-data")


def prepare(factor: str) -> None:
    env = server_env(factor)
    subprocess.run([PYTHON, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True)
    if not (STATIC_ROOT / "staticfiles.json").exists():
        subprocess.run(
            [PYTHON, "manage.py", "collectstatic", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True
        )


def start_server(factor: str, port: int, **extra: str) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "bench.wsgi:application",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=server_env(factor, **extra),
    )
    for _ in range(100):
        try:
            if request(port, "/healthz")[0] == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    sys.exit(f"gunicorn for {factor} did not answer on port {port}")


def request(port: int, path: str, cookies: dict | None = None, body: dict | None = None):
    """One request on a new connection (gunicorn's sync workers close each): status, headers, body."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Host": "127.0.0.1"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    data = None
    if body is not None:
        data = urllib.parse.urlencode(body)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn.request("POST" if body is not None else "GET", path, body=data, headers=headers)
    response = conn.getresponse()
    content = response.read()
    conn.close()
    return response.status, response.headers, content


def set_cookies(cookies: dict, headers) -> None:
    for header in headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        cookies[name.strip()] = rest.split(";", 1)[0]


def login(port: int, collar: str) -> dict:
    cookies: dict = {}
    status, headers, content = request(port, "/login/")
    set_cookies(cookies, headers)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content).group(1).decode()
    status, headers, _ = request(
        port, "/login/", cookies, {"username": collar, "password": PASSWORD, "csrfmiddlewaretoken": token}
    )
    set_cookies(cookies, headers)
    if status != 302 or "sessionid" not in cookies:
        sys.exit(f"{collar} could not log in on port {port} (status {status})")
    return cookies


def placeholders(factor: str, collar: str) -> dict:
    today = date.today()
    values = {"today": today.isoformat(), "month_ago": (today - timedelta(days=27)).isoformat()}
    with psycopg.connect(database_url(factor)) as conn:
        for name, sql in LOOKUPS.items():
            row = conn.execute(sql, {"officer": collar}).fetchone()
            values[name] = row[0] if row else 0
    return values


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def time_page(port: int, cookies: dict, path: str) -> dict:
    for _ in range(WARMUP):
        request(port, path, cookies)
    timings, queries, statuses = [], set(), set()
    for _ in range(REQUESTS):
        started = time.perf_counter()
        status, headers, _ = request(port, path, cookies)
        timings.append((time.perf_counter() - started) * 1000)
        statuses.add(status)
        queries.add(int(headers.get("X-Bench-Queries", "-1")))
    return {
        "p50": round(statistics.median(timings), 1),
        "p95": round(percentile(timings, 0.95), 1),
        "queries": sorted(queries),
        "status": sorted(statuses),
    }


def throughput(port: int, cookies: dict, path: str) -> float:
    done = [0] * CLIENTS
    stop = time.perf_counter() + SECONDS

    def client(number: int) -> None:
        while time.perf_counter() < stop:
            request(port, path, cookies)
            done[number] += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return round(sum(done) / (time.perf_counter() - started), 1)


def measure_cold(concurrent: list, team: str, sessions: dict, values: dict) -> list[dict]:
    """The concurrent pages again, served by processes that keep no fragment (pcso/fresh.py):
    what a page costs when everything it shows has just changed."""
    print(
        f"\nThe same pages with nothing kept (FRAGMENT_CACHE_SECONDS=0): {REQUESTS} requests one after "
        f"another, then {CLIENTS} clients at once"
    )
    ports = {factor: PORT + 10 + n for n, factor in enumerate(FACTORS)}
    servers = [start_server(factor, ports[factor], FRAGMENT_CACHE_SECONDS="0") for factor in FACTORS]
    rows, baseline = [], {}
    try:
        for role, name, path in concurrent:
            row = {"role": role, "page": name}
            line = f"{role:9} {name:24}"
            for factor in FACTORS:
                cookies = sessions[team, role, factor]  # sessions live in the database: any server
                url = path.format(**values[team, role, factor])
                figures = time_page(ports[factor], cookies, url)
                if figures["status"] != [200]:
                    sys.exit(f"{role} {name} at {factor} with nothing kept answered {figures['status']}")
                rate = throughput(ports[factor], cookies, url)
                baseline.setdefault(factor, rate)
                share = round(rate / baseline[factor], 2)
                row[factor] = {"p50": figures["p50"], "p95": figures["p95"], "rps": rate, "share": share}
                line += f" {factor}: p50 {figures['p50']:6.1f} p95 {figures['p95']:6.1f}"
                line += f" {rate:6.1f} rps ({share:4.0%})"
            rows.append(row)
            print(line, flush=True)
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)
    return rows


def main() -> None:
    check_databases()
    ports = {factor: PORT + n for n, factor in enumerate(FACTORS)}
    for factor in FACTORS:
        prepare(factor)
    servers = [start_server(factor, ports[factor]) for factor in FACTORS]
    conditions = {
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "load_before": [round(x, 2) for x in os.getloadavg()],
        "cpus": os.cpu_count(),
        "requests": REQUESTS,
        "warmup": WARMUP,
        "clients": CLIENTS,
        "seconds": SECONDS,
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip(),
    }
    results: list[dict] = []
    failed: list[str] = []
    cold: list[dict] = []
    try:
        sessions, values = {}, {}
        for team in TEAMS:
            for role, collar in OFFICERS[team].items():
                for factor in FACTORS:
                    sessions[team, role, factor] = login(ports[factor], collar)
                    values[team, role, factor] = placeholders(factor, collar)
        print(
            f"{REQUESTS} requests a page after {WARMUP} to warm up; load average {conditions['load_before']}"
        )
        header = f"{'team':12} {'role':9} {'page':24}"
        for factor in FACTORS:
            header += f" {'p50 ' + factor:>9} {'p95 ' + factor:>9} {'q ' + factor:>6}"
        print(header + f" {'p95 ratio':>9}")
        for team in TEAMS:
            for role, name, path in [*PAGES, NO_DATA_PAGE]:
                if ONLY and not any(part in name for part in ONLY) and (role, name, path) != NO_DATA_PAGE:
                    continue
                row = {"team": team, "role": role, "page": name}
                line = f"{team:12} {role:9} {name:24}"
                for factor in FACTORS:
                    url = path.format(**values[team, role, factor])
                    figures = time_page(ports[factor], sessions[team, role, factor], url)
                    row[factor] = {"path": url, **figures}
                    queries = ",".join(map(str, figures["queries"]))
                    flag = "" if figures["status"] == [200] else f" status {figures['status']}"
                    if flag:
                        failed.append(f"{team} {role} {name} at {factor} ({url}):{flag}")
                    line += f" {figures['p50']:9.1f} {figures['p95']:9.1f} {queries:>6}{flag}"
                if "x1" in row and "x10" in row:
                    line += f" {row['x10']['p95'] / max(row['x1']['p95'], 0.1):9.2f}"
                results.append(row)
                print(line, flush=True)
        print(f"\nRequests a second, {CLIENTS} clients at once for {SECONDS:.0f} s (ordinary team):")
        rates = []
        team = TEAMS[0]
        concurrent = [(NO_DATA_PAGE[0], NO_DATA_PAGE[1], NO_DATA_PAGE[2])] + [
            (role, name, path) for role, name, path in PAGES if (role, name) in CONCURRENT
        ]
        baseline = {}
        for role, name, path in concurrent:
            row = {"role": role, "page": name}
            line = f"{role:9} {name:24}"
            for factor in FACTORS:
                url = path.format(**values[team, role, factor])
                rate = throughput(ports[factor], sessions[team, role, factor], url)
                baseline.setdefault(factor, rate)
                row[factor] = {"rps": rate, "share": round(rate / baseline[factor], 2)}
                line += f" {factor}: {rate:7.1f} rps ({row[factor]['share']:4.0%})"
            rates.append(row)
            print(line, flush=True)
        if COLD:
            cold = measure_cold(concurrent, team, sessions, values)
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)
    conditions["load_after"] = [round(x, 2) for x in os.getloadavg()]
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    name = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + ".json"
    (out / name).write_text(
        json.dumps({"conditions": conditions, "pages": results, "concurrent": rates, "cold": cold}, indent=1)
    )
    print(f"\nload average after {conditions['load_after']}; figures in bench/results/{name}")
    if failed:
        sys.exit("Pages that did not answer 200 every time:\n  " + "\n  ".join(failed))


if __name__ == "__main__":
    main()
