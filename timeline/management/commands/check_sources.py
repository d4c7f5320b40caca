"""Check sources again: ``manage.py check_sources [--older-than DAYS] [--source ID]``.

Each source with a URL not checked for DAYS days (default 7; 0: every source now) is fetched
again, politely (per-host rate, small concurrency): a new snapshot when its text changed, and
its status in Wikipedia's words (live, changed, usurped, dead after two failures in a row).
Schedule it daily (cron, a systemd timer) to keep checking; see the README.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from timeline.evidence.checks import check_sources, sources_due


class Command(BaseCommand):
    help = "Fetch sources again, record changes and keep their link status."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=float,
            default=7,
            metavar="DAYS",
            help="Check sources not checked for this many days (0: every source now).",
        )
        parser.add_argument("--source", type=int, metavar="ID", help="Check this source only.")
        parser.add_argument(
            "--concurrency", type=int, help="Fetches at once (default FETCH_CONCURRENCY)."
        )
        parser.add_argument(
            "--rate", type=float, help="Requests a second to one host (default FETCH_HOST_RATE)."
        )

    def handle(self, *args, older_than, source, concurrency, rate, verbosity, **options):
        if older_than < 0:
            raise CommandError("--older-than takes a number of days, 0 or more.")
        if concurrency is not None and concurrency < 1:
            raise CommandError("--concurrency must be 1 or more.")
        ids = list(
            sources_due(older_than_days=older_than, source_id=source).values_list("pk", flat=True)
        )
        if source is not None and not ids:
            raise CommandError(f"No source {source} with a URL.")

        def report(outcome):
            if verbosity >= 1:
                self.stdout.write(f"source {outcome.source_id} ({outcome.host}): {outcome.result}")

        outcomes = check_sources(ids, rate=rate, concurrency=concurrency, report=report)
        archived = sum(1 for o in outcomes if o.result.startswith("archived"))
        failed = sum(1 for o in outcomes if o.result.startswith("failed"))
        self.stdout.write(
            f"Checked {len(outcomes)} source(s): {archived} answered, {failed} failed, "
            f"{len(outcomes) - archived - failed} retried later or skipped."
        )
