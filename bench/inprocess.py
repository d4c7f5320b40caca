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
from django.test import Client  # noqa: E402
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


def query_counts(sizes: list[int]) -> list[Row]:
    client = Client()
    rows, first = [], None
    for size in sizes:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            fetch(client, chronology_url(size))
        first = first or len(queries)
        rows.append(
            Row(
                "queries, chronology page (nothing cached)",
                f"{size:,}",
                str(len(queries)),
                ratio=f"{len(queries) / first:.2f}x the 10-event count",
                target="same at 10 and 1,000; at most 6",
            )
        )
    return rows


def render_times(sizes: list[int], repeats: int) -> list[Row]:
    client = Client()
    rows = []
    for size in sizes:
        url = chronology_url(size)
        fetch(client, url)  # templates compiled, connection open
        cold = statistics.median(timed(client, url, cache.clear) for _ in range(repeats))
        warm = statistics.median(timed(client, url) for _ in range(repeats))
        baseline = cold
        target = "cold under 1 s" if size == 2000 else ""
        rows.append(
            Row(
                "render in-process, cold",
                f"{size:,}",
                f"{cold * 1000:.0f} ms",
                ratio=f"{baseline / cold:.1f}x faster than baseline",
                target=target,
            )
        )
        rows.append(
            Row(
                "render in-process, warm",
                f"{size:,}",
                f"{warm * 1000:.0f} ms",
                ratio=f"{baseline / warm:.1f}x faster than baseline",
            )
        )
        rows.append(Row("render in-process, baseline", f"{size:,}", f"{baseline * 1000:.0f} ms"))
    return rows


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
