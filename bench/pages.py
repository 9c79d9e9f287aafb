"""Times each role's main pages against the development database with the demo data loaded,
and prints the median, the worst and the query count per page. Run: make bench."""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pcso.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from pcso.models import Officer  # noqa: E402

ROUNDS = 20
PAGES = {
    "P3001": ["/", "/inbox/", "/patrols/", "/patrols/hotspots/", "/engagement/cases/"],
    "S2001": [
        "/",
        "/patrols/review/",
        "/patrols/locality/",
        "/patrols/map/hotspots.geojson",
        "/engagement/cases/",
    ],
    "I1001": ["/", "/patrols/", "/patrols/locality/", "/engagement/cases/"],
    "A9001": ["/"],
}
EXTRA = [p for p in os.environ.get("BENCH_PAGES", "").split(",") if p]


def main():
    call_command("migrate", verbosity=0)
    call_command("demo_data", stdout=open(os.devnull, "w"))  # noqa: SIM115
    print(f"{'login':6} {'page':40} {'median ms':>10} {'max ms':>8} {'queries':>8}")
    for collar, pages in PAGES.items():
        client = Client(HTTP_HOST="localhost")
        client.force_login(
            Officer.objects.get(collar_number=collar), backend="django.contrib.auth.backends.ModelBackend"
        )
        for page in pages + EXTRA:
            timings = []
            for _ in range(ROUNDS):
                start = time.perf_counter()
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(page)
                timings.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                print(f"{collar:6} {page:40} status {response.status_code}")
                continue
            median, worst = statistics.median(timings), max(timings)
            print(f"{collar:6} {page:40} {median:10.1f} {worst:8.1f} {len(queries):8d}")


if __name__ == "__main__":
    main()
