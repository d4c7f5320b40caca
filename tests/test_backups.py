"""`make backup` / `make restore`: a backup restored into an empty database has identical content.

"Identical" is checked on a canonical dump: every row of every table (history included),
sorted, plus PostgreSQL's sequence positions, so new rows after a restore get fresh ids.
"""

from __future__ import annotations

import io
import sqlite3

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection
from psycopg import sql

from tests.factories import CitationFactory, EventFactory, TimelineFactory
from timeline.models import Event, Timeline

# Transactional: pg_dump and pg_restore use their own connections and must see committed rows.
pytestmark = pytest.mark.django_db(transaction=True)


def canonical_dump_postgres(url: str) -> dict[str, list]:
    dump = {}
    with psycopg.connect(url) as db:
        tables = db.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
        ).fetchall()
        for (table,) in tables:
            rows = db.execute(sql.SQL("SELECT * FROM {}").format(sql.Identifier(table))).fetchall()
            dump[table] = sorted(rows, key=repr)
        for (sequence,) in db.execute(
            "SELECT sequencename FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1"
        ).fetchall():
            dump[f"sequence {sequence}"] = db.execute(
                sql.SQL("SELECT last_value, is_called FROM {}").format(sql.Identifier(sequence))
            ).fetchall()
    return dump


def canonical_dump_sqlite(db: sqlite3.Connection) -> dict[str, list]:
    dump = {}
    tables = db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
    ).fetchall()
    for (table,) in tables:
        # Table names come from sqlite_master itself, not from input.
        rows = db.execute(f'SELECT * FROM "{table}"').fetchall()  # noqa: S608
        dump[table] = sorted(rows, key=repr)
    dump["schema"] = db.execute(
        "SELECT type, name, sql FROM sqlite_master ORDER BY name"
    ).fetchall()
    return dump


def postgres_url(settings_dict: dict, name: str) -> str:
    user = settings_dict.get("USER") or "postgres"
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{name}"


@pytest.fixture
def content(demo):
    """The demo plus edits, so history, many-to-many rows and sequences all have something."""
    story = TimelineFactory(title="Second story")
    event = EventFactory(timeline=story, title="First version")
    event.title = "Second version"
    event.save()
    CitationFactory(event=event)
    return demo


def dump_of_this_database() -> dict[str, list]:
    settings_dict = connection.settings_dict
    if connection.vendor == "postgresql":
        return canonical_dump_postgres(postgres_url(settings_dict, settings_dict["NAME"]))
    name = str(settings_dict["NAME"])
    with sqlite3.connect(name, uri=name.startswith("file:")) as db:
        return canonical_dump_sqlite(db)


def test_backup_restored_into_an_empty_database_has_identical_content(content, tmp_path):
    backup_file = tmp_path / "timeline.dump"
    call_command("backup_database", str(backup_file), stdout=io.StringIO())
    before = dump_of_this_database()
    assert len(before["timeline_event"]) >= 8
    assert len(before["timeline_historicalevent"]) >= 9

    empty = dict(connection.settings_dict)
    if connection.vendor == "postgresql":
        empty["NAME"] = f"{connection.settings_dict['NAME']}_restored"
        admin_url = postgres_url(connection.settings_dict, "postgres")
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{empty["NAME"]}"')
            admin.execute(f'CREATE DATABASE "{empty["NAME"]}"')
        try:
            from timeline import backups

            backups.restore(backup_file, empty)
            after = canonical_dump_postgres(postgres_url(connection.settings_dict, empty["NAME"]))
        finally:
            with psycopg.connect(admin_url, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{empty["NAME"]}"')
    else:
        from timeline import backups

        empty["NAME"] = str(tmp_path / "restored.sqlite3")
        backups.restore(backup_file, empty)
        with sqlite3.connect(empty["NAME"]) as restored:
            after = canonical_dump_sqlite(restored)

    assert after == before


def test_restore_puts_back_exactly_what_was_backed_up(content, tmp_path):
    backup_file = tmp_path / "timeline.dump"
    call_command("backup_database", str(backup_file), stdout=io.StringIO())
    before = dump_of_this_database()

    Event.objects.filter(title__startswith="India").delete()
    Timeline.objects.create(slug="after-the-backup", title="Made after the backup")
    assert dump_of_this_database() != before

    call_command("restore_database", str(backup_file), "--noinput", stdout=io.StringIO())
    assert dump_of_this_database() == before
    assert not Timeline.objects.filter(slug="after-the-backup").exists()


def test_restoring_a_file_that_is_not_a_backup_fails_and_changes_nothing(content, tmp_path):
    from django.core.management.base import CommandError

    not_a_backup = tmp_path / "notes.dump"
    not_a_backup.write_text("this is not a backup")
    before = dump_of_this_database()
    with pytest.raises(CommandError):
        call_command("restore_database", str(not_a_backup), "--noinput", stdout=io.StringIO())
    assert dump_of_this_database() == before
