"""Import a file into a timeline, printing the plan first; --dry-run stops there.

Without --timeline, a lossless JSON export creates the timeline it describes (its slug must be
free). With --timeline SLUG, events go into that timeline, which is created if it is new.
Exits non-zero, changing nothing, when the file has problems.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from timeline.formats.gdelt import GdeltFilters, parse_codes
from timeline.formats.import_files import FORMATS, read_import_path
from timeline.formats.import_plan import import_plan
from timeline.formats.records import ImportFileError
from timeline.models import Timeline
from timeline.services.imports import ImportApplyError, import_apply


class Command(BaseCommand):
    help = "Import a timeline export (json), TimelineJS3 JSON, CSV or ACLED file."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The file to import.")
        parser.add_argument("--timeline", default="", help="Import into this timeline (slug).")
        parser.add_argument("--format", choices=FORMATS, default="auto", dest="format")
        parser.add_argument(
            "--dry-run", action="store_true", help="Show the plan and problems; change nothing."
        )
        parser.add_argument(
            "--skip-problems",
            action="store_true",
            help="Import the valid rows and list the refused ones (default: all or nothing).",
        )
        parser.add_argument(
            "--countries",
            default="",
            help="GDELT: keep rows with these countries, e.g. IND,PAK (CAMEO codes of the "
            "actors) or IN,PK (FIPS code of the action geography).",
        )
        parser.add_argument(
            "--cameo",
            default="",
            help="GDELT: keep these CAMEO codes (root or full): 19,0871.",
        )
        parser.add_argument("--since", default="", help="GDELT: from this day (YYYY-MM-DD).")
        parser.add_argument("--until", default="", help="GDELT: up to this day (YYYY-MM-DD).")
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Rows whose event was edited here since the last import replace it.",
        )

    def handle(self, *args, file, timeline, format, dry_run, skip_problems, overwrite, **options):
        filters = self._filters(options)
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"There is no file {file}.")
        try:
            bundle = read_import_path(path, format=format, gdelt_filters=filters)
        except ImportFileError as error:
            for problem in error.problems:
                self.stderr.write(f"Error: {problem}")
            raise CommandError(f"{file} cannot be imported; nothing was changed.") from None

        target = Timeline.objects.filter(slug=timeline).first() if timeline else None
        plan = import_plan(
            bundle,
            timeline=target,
            new_slug=timeline,
            may_create_types=True,
            overwrite=overwrite,
            skip_problems=skip_problems,
        )
        self.stdout.write(plan.describe())
        if not plan.ok:
            raise CommandError(f"{len(plan.errors)} problem(s) in {file}; nothing was imported.")
        if dry_run:
            self.stdout.write("Dry run: nothing was imported.")
            return
        try:
            result = import_apply(plan)
        except ImportApplyError as error:
            raise CommandError(f"{error.problem}") from None
        done = f'Imported {result.events} events into "{result.timeline.slug}".'
        if result.updated or result.unchanged or result.conflicts:
            done += (
                f" {result.updated} updated, {result.unchanged} unchanged, "
                f"{result.conflicts} edited here and skipped."
            )
        if result.refused:
            done += f" {result.refused} rows refused."
        self.stdout.write(self.style.SUCCESS(done))

    def _filters(self, options) -> GdeltFilters:
        days = {}
        for name in ("since", "until"):
            text = options[name].strip()
            try:
                days[name] = datetime.date.fromisoformat(text) if text else None
            except ValueError:
                raise CommandError(f"--{name} {text!r} is not a date (YYYY-MM-DD).") from None
        return GdeltFilters(
            countries=parse_codes(options["countries"]), cameo=parse_codes(options["cameo"]), **days
        )
