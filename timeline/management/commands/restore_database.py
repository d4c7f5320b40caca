"""Replace the database's content with a backup (`make restore FILE=...`); see timeline.backups."""

from pathlib import Path

from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from timeline import backups


class Command(BaseCommand):
    help = "Restore a backup made by backup_database, replacing everything in the database."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the backup file")
        parser.add_argument("--database", default="default")
        parser.add_argument(
            "--noinput", "--no-input", action="store_false", dest="interactive", default=True
        )

    def handle(self, *args, path, database="default", interactive=True, **options):
        settings_dict = connections[database].settings_dict
        if interactive:
            try:
                answer = input(
                    f"This replaces everything in the database {settings_dict['NAME']} "
                    f"with {path}. Type 'yes' to continue: "
                )
            except EOFError:
                answer = ""
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        connections[database].close()
        try:
            backups.restore(Path(path), settings_dict)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        # Cached pages and the shared content stamp describe the replaced data.
        cache.clear()
        self.stdout.write(f"Restored {path} into {settings_dict['NAME']}; the cache was cleared.")
