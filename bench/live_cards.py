"""What a filtered view adds to the live card, in process, on the demo chronology.

    .venv/bin/python bench/live_cards.py            # a throwaway SQLite database
    .venv/bin/python bench/live_cards.py --database-url postgres://postgres@127.0.0.1:5432/tl_live

When a new event is published, a reader whose chronology is filtered asks for the event's
card with the view's filters (`/timelines/<slug>/live/events/<id>/?type=...`): the card, or
204 when the event is not in that view (timeline/live/cards.py). An unfiltered reader asks
for nothing. One table: per request, the queries and the median CPU time (Django's test client,
an anonymous reader, the card cache warm), and the ratio to the unfiltered card.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="a database to migrate and load the demo into")
    parser.add_argument("--repeat", type=int, default=200, help="timed requests per row")
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
    from django.db import connection, reset_queries
    from django.test import Client

    from bench.report import Row, table
    from timeline.models import Event, Timeline

    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    timeline = Timeline.objects.get(slug="india-pakistan-ceasefire-2025")
    event = Event.objects.published().filter(timeline=timeline).select_related("event_type").last()
    url = f"/timelines/{timeline.slug}/live/events/{event.pk}/"
    views = [
        ("live card, unfiltered view (baseline)", ""),
        ("live card, type filter, in view", f"?type={event.event_type.slug}"),
        ("live card, type filter, not in view (204)", "?type=no-such-type"),
        ("live card, search, not in view (204)", "?q=zzzz"),
    ]
    client = Client()
    settings.DEBUG = True  # to count queries
    client.get(url)
    rows, baseline = [], None
    for what, query in views:
        reset_queries()
        status = client.get(url + query).status_code
        queries = len(connection.queries)
        times = []
        for _ in range(repeat):
            start = time.process_time()
            client.get(url + query)
            times.append(time.process_time() - start)
        cpu = statistics.median(times) * 1000
        baseline = baseline or cpu
        figure = f"{cpu:.2f} ms CPU, {queries} queries, HTTP {status}"
        rows.append(Row(what, str(repeat), figure, f"{cpu / baseline:.2f}"))
    print(f"database: {connection.vendor}; load average: {os.getloadavg()}")
    print(table(rows))


if __name__ == "__main__":
    main()
