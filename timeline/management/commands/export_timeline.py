"""Write a timeline's export to stdout or a file: lossless JSON, CSV or TimelineJS3 JSON."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from timeline.formats import csv_rows, lossless
from timeline.formats.timelinejs import timelinejs_document
from timeline.models import Event, Timeline


class Command(BaseCommand):
    help = "Export a timeline as json (lossless, re-importable), csv or timelinejs."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The timeline's slug.")
        parser.add_argument(
            "--format", choices=["json", "csv", "timelinejs"], default="json", dest="format"
        )
        parser.add_argument(
            "--drafts", action="store_true", help="Include draft events (published only otherwise)."
        )
        parser.add_argument("-o", "--output", help="Write to this file instead of stdout.")

    def handle(self, *args, slug, format, drafts, output, **options):
        try:
            timeline = Timeline.objects.get(slug=slug)
        except Timeline.DoesNotExist:
            raise CommandError(f'There is no timeline "{slug}".') from None
        events = Event.objects.filter(timeline=timeline).for_export(include_drafts=drafts)
        if format == "json":
            text = lossless.dumps(lossless.export_document(timeline, events))
        elif format == "csv":
            text = csv_rows.csv_text(events)
        else:
            text = json.dumps(timelinejs_document(timeline, events), ensure_ascii=False, indent=2)
            text += "\n"
        if output:
            # newline="": the CSV writer already ends its rows with CRLF.
            Path(output).write_text(text, encoding="utf-8", newline="")
            self.stderr.write(f"Wrote {output}.")
        else:
            self.stdout.write(text, ending="")
