"""Measurements inside one Django process (no HTTP): queries, render times, response sizes.

Run by `python -m bench` as `python -m bench.inprocess '<json>'` with DATABASE_URL set to the
small bench database; prints its rows as JSON on the last line of stdout.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["DEBUG"] = "0"  # production's cached template loader, no query log

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.report import Row  # noqa: E402


def chronology_url(size: int) -> str:
    return f"/timelines/n{size}-1/"


def fetch(client: Client, url: str, **headers):
    response = client.get(url, headers=headers)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    return response


def timed(client: Client, url: str, before=None) -> float:
    if before:
        before()
    started = time.perf_counter()
    fetch(client, url)
    return time.perf_counter() - started


def settings_for(mode: str):
    """baseline: no caching at all (plain Django with prefetching); cards: cached cards only."""
    if mode == "baseline":
        return override_settings(FRAGMENT_CACHE_TIMEOUT=0, RESPONSE_CACHE_TIMEOUT=0)
    return override_settings(RESPONSE_CACHE_TIMEOUT=0)


def query_counts(sizes: list[int]) -> list[Row]:
    client = Client()
    rows, first = [], None
    for size in sizes:
        url = chronology_url(size)
        counts = []
        with settings_for("cards"):
            for _ in range(2):  # cards cold, then warm
                if not counts:
                    cache.clear()
                with CaptureQueriesContext(connection) as queries:
                    fetch(client, url)
                counts.append(len(queries))
        first = first or counts[0]
        rows.append(
            Row(
                "queries, chronology (cards cold / warm)",
                f"{size:,}",
                f"{counts[0]} / {counts[1]}",
                ratio=f"{counts[0] / first:.2f}x the 10-event count",
                target="same at 10 and 1,000; at most 6",
            )
        )
    return rows


def render_times(sizes: list[int], repeats: int) -> list[Row]:
    client = Client()
    rows = []
    for size in sizes:
        url = chronology_url(size)
        with settings_for("baseline"):
            fetch(client, url)  # templates compiled, connection open
            baseline = statistics.median(timed(client, url) for _ in range(repeats))
        with settings_for("cards"):
            cold = statistics.median(timed(client, url, cache.clear) for _ in range(repeats))
            warm = statistics.median(timed(client, url) for _ in range(repeats))
        fetch(client, url)
        cached = statistics.median(timed(client, url) for _ in range(repeats))
        rows.append(Row("render in-process, baseline (no caching)", f"{size:,}", _ms(baseline)))
        for label, value, target in [
            ("cold (empty caches)", cold, "under 1 s at 2,000" if size == 2000 else ""),
            ("warm cards, response not cached", warm, "several times faster"),
            ("response from the cache", cached, ""),
        ]:
            rows.append(
                Row(
                    f"render in-process, {label}",
                    f"{size:,}",
                    _ms(value),
                    ratio=f"{baseline / value:.1f}x faster than baseline",
                    target=target,
                )
            )
    return rows


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 0.1 else f"{seconds * 1000:.0f} ms"


def response_bytes(size: int) -> list[Row]:
    client = Client()
    url = chronology_url(size)
    full = len(fetch(client, url).content)
    fragment = len(fetch(client, url, HX_Request="true").content)
    if fragment == full:
        return [
            Row(
                "bytes, htmx response vs full page",
                f"{size:,}",
                "n/a: the chronology has no htmx fragment on this branch",
                target="edit response at most 5% of the page",
            )
        ]
    return [
        Row(
            "bytes, chronology list fragment (HX-Request) vs full page",
            f"{size:,}",
            f"{fragment:,} B of {full:,} B",
            ratio=f"{fragment / full:.1%}",
            target="edit response at most 5% of the page",
        )
    ]


def main(config: dict) -> list[Row]:
    rows = query_counts(config["query_sizes"])
    rows += render_times(config["render_sizes"], config["repeats"])
    rows += response_bytes(config["bytes_size"])
    return rows


if __name__ == "__main__":
    result = main(json.loads(sys.argv[1]))
    print(json.dumps([row.as_dict() for row in result]))
