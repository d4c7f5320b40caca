"""Search latency: the chronology answering `?q=<term>` in a timeline of 100,000 or 1,000,000
events, for a rare, a medium and a broad term (see timeline.synthetic.SEARCH_TERMS).

Run by `python -m bench` as `python -m bench.search '<json>'` with DATABASE_URL set to that
size's database; prints its rows as JSON on the last line. The figure is the whole response
(query, first page, render) in-process with the response cache off, so every request searches.
"""

from __future__ import annotations

import importlib.util
import json
import os
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["DEBUG"] = "0"
os.environ["RESPONSE_CACHE_TIMEOUT"] = "0"

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402

from bench.report import Row  # noqa: E402
from timeline.synthetic import SEARCH_TERMS, TERM_SHARE  # noqa: E402


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main(config: dict) -> list[Row]:
    size = config["events"]
    label = f"{size:,}"
    if importlib.util.find_spec("timeline.search") is None:
        return [Row("search", label, "n/a: no full-text search on this branch")]
    client = Client()
    url = f"/timelines/{config['slug']}/"
    rows = []
    for kind, term in SEARCH_TERMS.items():
        client.get(url, {"q": term})  # warm: plan, connection, templates
        timings = []
        for _ in range(config["repeats"]):
            started = time.perf_counter()
            response = client.get(url, {"q": term})
            timings.append(time.perf_counter() - started)
            if response.status_code != 200:
                raise RuntimeError(f"search for {term} answered {response.status_code}")
        p50, p95 = statistics.median(timings), percentile(timings, 0.95)
        share = TERM_SHARE[kind]
        target = "p95 under 50 ms" if share <= 0.01 else "first page under 200 ms"
        rows.append(
            Row(
                f"search '{term}' ({kind}, {share:.2%} of events)",
                label,
                f"p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms",
                target=target if size >= 1_000_000 else "",
            )
        )
    return rows


if __name__ == "__main__":
    result = main(json.loads(sys.argv[1]))
    print(json.dumps([row.as_dict() for row in result]))
