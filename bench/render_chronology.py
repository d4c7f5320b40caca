"""How long the chronology takes to render, in process, at 500 events (and 2,000).

    .venv/bin/python bench/render_chronology.py            # a throwaway SQLite database
    .venv/bin/python bench/render_chronology.py --database-url postgres://postgres@127.0.0.1:5432/tl_bench

Builds timelines of 10 (the baseline), 500 and 2,000 events with every kind of date, actors,
places and two or three citations per event, then times each view through Django's test client
(URL routing, middleware, queries and templates; no network, no browser). With --database-url
the database is migrated and used as it is: give it a throwaway database, which is left with
the bench's timelines in it.

Prints one table: what was rendered, N events, the median time and queries, and the ratio of
the time to the same request at the baseline of 10 events.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZES = (10, 500, 2000)
REQUESTS = [
    ("chronology page", "", {}),
    ("list fragment (htmx)", "", {"HTTP_HX_REQUEST": "true"}),
    ("next page fragment (htmx)", "?page=2", {"HTTP_HX_REQUEST": "true"}),
    ("search q=talks", "?q=talks", {}),
    ("type + standing filter", "?type=statement&type=negotiation&standing=confirmed", {}),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="a throwaway database (default: temporary SQLite)")
    parser.add_argument("--repeat", type=int, default=15, help="timed requests per row")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as workdir:
        os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{workdir}/bench.sqlite3"
        os.environ.setdefault("DEBUG", "0")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        run(args.repeat)


def run(repeat: int) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from tests.bulk_events import build_long_timeline

    # Not setup_test_environment(): it copies every template's context as it renders, which
    # no production render pays (bench/render_map.py says the same).
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    call_command("migrate", verbosity=0)
    stamp = str(int(time.time()))
    timelines = {n: build_long_timeline(n, slug=f"bench-{n}-{stamp}") for n in SIZES}
    client = Client()

    rows = []
    baseline: dict[str, float] = {}
    for what, query, headers in REQUESTS:
        for n in SIZES:
            url = timelines[n].get_absolute_url() + query
            if n == SIZES[0] and "page=2" in query:
                # 10 events have no second page: the baseline is the first page's fragment.
                url = timelines[n].get_absolute_url()
            client.get(url, **headers)  # warm the template and query caches
            times, cpu_times = [], []
            for _ in range(repeat):
                with CaptureQueriesContext(connection) as captured:
                    start, cpu_start = time.perf_counter(), time.process_time()
                    response = client.get(url, **headers)
                    times.append(time.perf_counter() - start)
                    cpu_times.append(time.process_time() - cpu_start)
                assert response.status_code == 200, (url, response.status_code)
            median_ms = statistics.median(times) * 1000
            cpu_ms = statistics.median(cpu_times) * 1000
            baseline.setdefault(what, median_ms)
            rows.append(
                (
                    what,
                    n,
                    median_ms,
                    min(times) * 1000,
                    cpu_ms,
                    len(captured),
                    median_ms / baseline[what],
                )
            )

    print(
        f"database: {connection.vendor}; {repeat} requests each; 50 events a page; "
        "figure = median wall time (best, and median CPU time of this process, beside it)"
    )
    header = ("what", "N", "figure", "best", "cpu", "queries", "ratio to baseline (N=10)")
    widths = (28, 6, 10, 10, 10, 8, 24)
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for what, n, median_ms, best_ms, cpu_ms, queries, ratio in rows:
        cells = (
            what,
            str(n),
            f"{median_ms:.1f} ms",
            f"{best_ms:.1f} ms",
            f"{cpu_ms:.1f} ms",
            str(queries),
            f"{ratio:.2f}x",
        )
        print("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)))


if __name__ == "__main__":
    main()
