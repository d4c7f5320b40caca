"""Back up the database to a file (`make backup`); see timeline.backups."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.utils import timezone

from timeline import backups


class Command(BaseCommand):
    help = "Back up the whole database (pg_dump on PostgreSQL, SQLite's backup API on SQLite)."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="backup file (default: backups/<time>.dump)")
        parser.add_argument("--database", default="default")

    def handle(self, *args, path=None, database="default", **options):
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        path = Path(path or f"backups/timeline-{stamp}.dump")
        try:
            backups.backup(path, connections[database].settings_dict)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backed up the database to {path} ({path.stat().st_size} bytes).")
