"""Search latency: the chronology answering `?q=<term>` in a timeline of 100,000 or 1,000,000
events, for a rare, a medium and a broad term (see timeline.management.synthetic.SEARCH_TERMS).

Run by `python -m bench` as `python -m bench.search '<json>'` with DATABASE_URL set to that
size's database; prints its rows as JSON on the last line. The figure is the whole response
(query, first page, render) in-process with the response cache off, so every request searches
(the timeline's header, facets and cards stay cached, as between two readers' searches).
"""

from __future__ import annotations

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
from timeline.management.synthetic import SEARCH_TERMS, TERM_SHARE  # noqa: E402


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def plan_uses_index(slug: str, term: str) -> bool:
    """Whether PostgreSQL's plan for the reader's search reads the GIN index."""
    from django.contrib.auth.models import AnonymousUser

    from timeline.models import Event, Timeline
    from timeline.reader.facets import Facets
    from timeline.reader.filters import ChronologyFilterForm, filter_events

    timeline = Timeline.objects.get(slug=slug)
    visible = Event.objects.filter(timeline=timeline).visible_to(AnonymousUser())
    form = ChronologyFilterForm({"q": term}, facets=Facets(), base_url="/")
    form.is_valid()
    plan = filter_events(visible, form, language=timeline.language)[:50].explain()
    return "timeline_event_search_vector_gin" in plan


def main(config: dict) -> list[Row]:
    size = config["events"]
    label = f"{size:,}"
    client = Client()
    url = f"/timelines/{config['slug']}/"
    rows = []
    for kind, term in SEARCH_TERMS.items():
        client.get(url, {"q": term})  # warm: plan, connection, templates, cached parts
        timings = []
        for _ in range(config["repeats"]):
            started = time.perf_counter()
            response = client.get(url, {"q": term})
            timings.append(time.perf_counter() - started)
            if response.status_code != 200:
                raise RuntimeError(f"search for {term} answered {response.status_code}")
        p50, p95 = statistics.median(timings), percentile(timings, 0.95)
        share = TERM_SHARE[kind]
        limit = 0.050 if share <= 0.01 else 0.200
        target = "p95 under 50 ms" if share <= 0.01 else "first page (p95) under 200 ms"
        judged = size >= 1_000_000
        index = plan_uses_index(config["slug"], term)
        rows.append(
            Row(
                f"search '{term}' ({kind}, {share:.2%} of events)",
                label,
                f"p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms",
                ratio=f"{round(share * size):,} matches; plan {'uses' if index else 'skips'} GIN",
                target=target if judged else "",
                met=Row.verdict(p95 < limit) if judged else "",
            )
        )
    return rows


if __name__ == "__main__":
    result = main(json.loads(sys.argv[1]))
    print(json.dumps([row.as_dict() for row in result]))
