"""How long the map takes to draw, in process: 10,000 events over 500 places.

    .venv/bin/python bench/render_map.py            # a throwaway SQLite database
    .venv/bin/python bench/render_map.py --database-url postgres://postgres@127.0.0.1:5432/tl_map_bench

Builds a timeline of N events spread over P places with coordinates and precisions (across
South Asia, so the 1:50m countries are drawn; and one over Kashmir alone, drawn from 1:10m),
then requests `/timelines/<slug>/map/` through Django's test client:

- "cold": every cache emptied before each request (no cached page, parts, cards or facets)
  but the process's projected base map of that extent (`maps.drawing.base_map`);
- "cold, new extent": that emptied too, as for a timeline's first map in a process;
- "warm": another address each time (`?n=...`), so the page is rendered, from cached parts;
- "cached": the same address again, the whole page from the reader cache.

Prints one table: what, N, the median wall time and CPU time, queries, the SVG's bytes, and the
ratio of the time to the baseline of 10 events over 5 places. "list alone" is the chronology
without the map, cold, for what the map adds to it. The first line says how long loading the
Natural Earth files took once per process (not part of any row). `--profile` prints where a
cold render of the 10,000-event map spends its time (cProfile, by own time).
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CASES = [
    # (what, events, places, (south, west, north, east))
    ("map, South Asia (baseline)", 10, 5, (20.0, 66.0, 37.0, 90.0)),
    ("map, South Asia", 10_000, 500, (20.0, 66.0, 37.0, 90.0)),
    ("map, Kashmir only", 10_000, 500, (32.8, 73.0, 35.2, 77.0)),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="a throwaway database (default: temporary SQLite)")
    parser.add_argument("--repeat", type=int, default=7, help="timed requests per row")
    parser.add_argument("--profile", action="store_true", help="profile one cold render")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{workdir}/bench.sqlite3"
        os.environ.setdefault("DEBUG", "0")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        run(args.repeat, profile=args.profile)


def build(slug: str, events: int, places: int, box, seed: int = 15):
    from timeline.dates import Precision
    from timeline.models import Event, EventType, Place, PublicationStatus, Timeline

    rng = random.Random(seed)
    south, west, north, east = box
    timeline = Timeline.objects.create(
        slug=slug, title=f"{events} events", status=PublicationStatus.PUBLISHED
    )
    rows = Place.objects.bulk_create(
        [
            Place(
                name=f"Place {i}",
                slug=f"{slug[-1]}-place-{i}",
                latitude=round(rng.uniform(south, north), 6),
                longitude=round(rng.uniform(west, east), 6),
                geo_precision=rng.choice([1, 1, 1, 2, 3]),
            )
            for i in range(places)
        ]
    )
    types = list(EventType.objects.all())
    start = datetime.date(2020, 1, 1)
    Event.objects.bulk_create(
        [
            Event(
                timeline=timeline,
                title=f"Event {i}",
                event_type=types[i % len(types)],
                place=rows[i % places] if i % 50 else None,  # 2% without a place
                geo_precision=3 if i % 17 == 0 else None,
                date=start + datetime.timedelta(days=i % 2000),
                precision=Precision.DAY,
                position=i,
                status=PublicationStatus.PUBLISHED,
            )
            for i in range(events)
        ],
        batch_size=2000,
    )
    return timeline


def run(repeat: int, *, profile: bool = False) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from timeline.maps.atlas import RESOLUTIONS, load_atlas
    from timeline.maps.drawing import base_map

    # Not setup_test_environment(): it instruments every template render to record its
    # context (a copy per template, ~1,200 on this page), which no production render pays.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    for file_name, _ in RESOLUTIONS:
        load_atlas(file_name)
    atlas_ms = (time.perf_counter() - started) * 1000
    stamp = str(int(time.time()))
    client = Client()
    rows, baseline = [], None
    for index, (what, events, places, box) in enumerate(CASES):
        timeline = build(f"map-{stamp}-{index}", events, places, box)
        # Fresh planner statistics, as autovacuum keeps them on a live database: without them
        # PostgreSQL plans for a handful of events and joins all 10,000 before sorting.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        url = timeline.get_absolute_url() + "map/"
        pages = [
            ("map, cold", url, "cold"),
            ("map, cold, new extent", url, "new extent"),
            ("map, warm", url, "warm"),
            ("map, cached", url, "cached"),
            ("list alone, cold", timeline.get_absolute_url(), "cold"),
        ]
        for label, page_url, state in pages:
            client.get(page_url)  # templates compiled, the base map drawn
            times, cpu = [], []
            for attempt in range(repeat):
                asked = page_url
                if state in ("cold", "new extent"):
                    cache.clear()
                if state == "new extent":
                    base_map.cache_clear()
                if state == "warm":
                    asked = f"{page_url}?n={attempt}"
                with CaptureQueriesContext(connection) as captured:
                    begin, cpu_begin = time.perf_counter(), time.process_time()
                    response = client.get(asked)
                    times.append(time.perf_counter() - begin)
                    cpu.append(time.process_time() - cpu_begin)
                assert response.status_code == 200, response.status_code
            html = response.content.decode()
            svg = re.search(r'<svg class="map-chart".*?</svg>', html, re.S)
            median = statistics.median(times) * 1000
            if baseline is None:
                baseline = median
            rows.append(
                (
                    f"{what}: {label}",
                    f"{events}/{places}",
                    median,
                    statistics.median(cpu) * 1000,
                    len(captured),
                    len(svg.group(0).encode()) if svg else 0,
                    len(response.content),
                    median / baseline,
                )
            )
        if profile and events >= 10_000 and index == 1:
            _profile(client, url, cache)
    print(
        f"database: {connection.vendor}; {repeat} requests each; figure = median wall time, cpu "
        f"= median CPU time of this process; Natural Earth files loaded once per process in "
        f"{atlas_ms:.0f} ms (not in the rows); ratio to the first row"
    )
    header = (
        "what",
        "events/places",
        "figure",
        "cpu",
        "queries",
        "SVG bytes",
        "page bytes",
        "ratio",
    )
    widths = (52, 14, 10, 10, 8, 10, 11, 8)
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for what, n, median, cpu_ms, queries, svg_bytes, page_bytes, ratio in rows:
        cells = (
            what,
            n,
            f"{median:.0f} ms",
            f"{cpu_ms:.0f} ms",
            str(queries),
            str(svg_bytes),
            str(page_bytes),
            f"{ratio:.2f}x",
        )
        print("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)))


def _profile(client, url, cache) -> None:
    import cProfile
    import pstats

    cache.clear()
    profiler = cProfile.Profile()
    profiler.enable()
    client.get(url)
    profiler.disable()
    print(f"cProfile of one cold request of {url} (cumulative, then own time):")
    stats = pstats.Stats(profiler).strip_dirs()
    stats.sort_stats("cumulative").print_stats(r"maps|reader|caching|card_rows|template", 25)
    stats.sort_stats("tottime").print_stats(15)


if __name__ == "__main__":
    main()
