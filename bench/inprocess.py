"""Measurements inside one Django process (no HTTP): queries, render times, response sizes.

Run by `python -m bench` as `python -m bench.inprocess '<json>'` with DATABASE_URL set to the
small bench database; prints its rows as JSON on the last line of stdout.

The chronology is measured as served: the first page (50 cards) of a timeline of N events, with
the header, facets and strip computed over all N. Three ways:

- baseline: every cache off (FRAGMENT_CACHE_TIMEOUT=0, RESPONSE_CACHE_TIMEOUT=0): plain Django
  with prefetching, the reader's view and templates as they are;
- cold: caches on but empty (the first request after an edit to the timeline);
- warm: the response not cached (another query string), its parts (timeline header, facets,
  cards) cached: any request but the very first after an edit;
- cached: the whole response from the cache.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from html.parser import HTMLParser

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["DEBUG"] = "0"  # production's cached template loader, no query log

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.report import Row  # noqa: E402
from timeline.models import Event, Timeline  # noqa: E402


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


class Counter:
    """A new query string each time: the response cache misses, the parts' caches do not."""

    def __init__(self):
        self.n = 0

    def url(self, base: str) -> str:
        self.n += 1
        return f"{base}?bench={self.n}"


def settings_for(mode: str):
    if mode == "baseline":
        return override_settings(FRAGMENT_CACHE_TIMEOUT=0, RESPONSE_CACHE_TIMEOUT=0)
    return override_settings()


def query_counts(sizes: list[int]) -> list[Row]:
    client, fresh = Client(), Counter()
    counts = {}
    for size in sizes:
        base = chronology_url(size)
        cache.clear()
        with CaptureQueriesContext(connection) as cold:
            fetch(client, base)
        with CaptureQueriesContext(connection) as warm:
            fetch(client, fresh.url(base))
        counts[size] = (len(cold), len(warm))
    first = counts[sizes[0]][0]
    constant = len(set(counts.values())) == 1
    return [
        Row(
            "queries, chronology page (cold / warm parts)",
            f"{size:,}",
            f"{cold} / {warm}",
            ratio=f"{cold / first:.2f}x the {sizes[0]}-event count",
            target="same at 10 and 1,000; at most 6",
            met=Row.verdict(constant and cold <= 6),
        )
        for size, (cold, warm) in counts.items()
    ]


def render_times(sizes: list[int], repeats: int) -> list[Row]:
    client, fresh = Client(), Counter()
    rows = []
    for size in sizes:
        base = chronology_url(size)
        with settings_for("baseline"):
            fetch(client, base)  # templates compiled, connection open
            baseline = statistics.median(timed(client, base) for _ in range(repeats))
        cold = statistics.median(
            timed(client, fresh.url(base), cache.clear) for _ in range(repeats)
        )
        warm = statistics.median(timed(client, fresh.url(base)) for _ in range(repeats))
        fetch(client, base)
        cached = statistics.median(timed(client, base) for _ in range(repeats))
        rows.append(Row("render in-process, baseline (no caching)", f"{size:,}", _ms(baseline)))
        checks = [
            ("cold (caches empty)", cold, "under 1 s", cold < 1.0, size == 2000),
            ("warm parts, response not cached", warm, "3x or more", baseline / warm >= 3, True),
            ("whole response cached", cached, "", None, False),
        ]
        for label, value, target, ok, judged in checks:
            rows.append(
                Row(
                    f"render in-process, {label}",
                    f"{size:,}",
                    _ms(value),
                    ratio=f"{baseline / value:.1f}x faster than baseline",
                    target=target if judged else "",
                    met=Row.verdict(ok) if judged else "",
                )
            )
    return rows


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 0.1 else f"{seconds * 1000:.0f} ms"


class FormFields(HTMLParser):
    """The fields a browser would submit from the first <form> with `method=post`."""

    def __init__(self):
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self.inside = False
        self.done = False
        self.select: str | None = None
        self.selected: str | None = None
        self.first_option: str | None = None
        self.textarea: str | None = None
        self.text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if self.done:
            return
        if tag == "form" and a.get("method", "").lower() == "post":
            self.inside = True
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in {"submit", "button"}:
            if a.get("type") in {"checkbox", "radio"} and "checked" not in a:
                return
            self.fields.append((name, a.get("value", "")))
        elif tag == "select" and name:
            self.select, self.selected, self.first_option = name, None, None
        elif tag == "option" and self.select:
            value = a.get("value", "")
            self.first_option = self.first_option if self.first_option is not None else value
            if "selected" in a:
                self.selected = value
        elif tag == "textarea" and name:
            self.textarea, self.text = name, ""

    def handle_data(self, data):
        if self.textarea:
            self.text += data

    def handle_endtag(self, tag):
        if tag == "select" and self.select:
            self.fields.append((self.select, self.selected or self.first_option or ""))
            self.select = None
        elif tag == "textarea" and self.textarea:
            self.fields.append((self.textarea, self.text))
            self.textarea = None
        elif tag == "form" and self.inside:
            self.inside, self.done = False, True


def response_bytes(size: int) -> list[Row]:
    """An editor's htmx edit (the card that comes back) against the page the editor sees."""
    timeline = Timeline.objects.get(slug=f"n{size}-1")
    editor, _ = get_user_model().objects.get_or_create(username="bench-editor")
    timeline.editors.add(editor)
    client = Client()
    client.force_login(editor)
    page = fetch(client, chronology_url(size)).content
    event = Event.objects.filter(timeline=timeline).alive().chronological().first()
    edit_url = f"/timelines/{timeline.slug}/events/{event.pk}/edit/"
    form = FormFields()
    form.feed(fetch(client, edit_url, HX_Request="true").content.decode())
    data = {}
    for name, value in form.fields:
        data.setdefault(name, []).append(value)
    data["title"] = ["Edited by the bench"]
    response = client.post(edit_url, data, headers={"HX-Request": "true"})
    if response.status_code != 200 or b"Edited by the bench" not in response.content:
        raise RuntimeError(f"the bench's edit was not saved ({response.status_code})")
    reader = Client()
    full = fetch(reader, chronology_url(size)).content
    fragment = fetch(reader, chronology_url(size) + "?page=2", HX_Request="true").content
    return [
        Row(
            "bytes, htmx edit response vs the editor's full page",
            f"{size:,}",
            f"{len(response.content):,} B of {len(page):,} B",
            ratio=f"{len(response.content) / len(page):.1%}",
            target="at most 5%",
            met=Row.verdict(len(response.content) <= 0.05 * len(page)),
        ),
        Row(
            "bytes, htmx next page (50 cards) vs full reader page",
            f"{size:,}",
            f"{len(fragment):,} B of {len(full):,} B",
            ratio=f"{len(fragment) / len(full):.1%}",
        ),
    ]


def main(config: dict) -> list[Row]:
    rows = query_counts(config["query_sizes"])
    rows += render_times(config["render_sizes"], config["repeats"])
    rows += response_bytes(config["bytes_size"])  # last: it edits the database
    return rows


if __name__ == "__main__":
    result = main(json.loads(sys.argv[1]))
    print(json.dumps([row.as_dict() for row in result]))
