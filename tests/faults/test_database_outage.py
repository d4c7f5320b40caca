"""PostgreSQL restarted under load: requests fail cleanly, /healthz says so, the app recovers.

Short form of bench/load_and_faults.py, run by CI: 8 seconds of readers against gunicorn with
production settings on a throwaway PostgreSQL cluster (never the shared one), which is stopped
for a moment in the middle and started again.
"""

from __future__ import annotations

import os
import time

import psycopg
import pytest

from tests.faults import cluster
from tests.faults.appserver import AppServer
from tests.faults.load import EditLedger, LoadRun, editor, health_probe, reader, summary_rows

pytestmark = [
    pytest.mark.faults,
    # It brings its own PostgreSQL and gunicorn, so it does not depend on the database under
    # test: `make test` runs it once, in its PostgreSQL pass.
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="runs in the PostgreSQL pass of the suite (DATABASE_URL=postgres://...)",
    ),
]

LOAD_SECONDS = 10.0
OUTAGE_AT = 2.0
OUTAGE_SECONDS = 2.0
# Requests wait this long for a connection before the 503 page: shorter than the outage, so
# the run sees requests refused during it, not only delayed.
POOL_TIMEOUT_SECONDS = "1.5"
READERS = 4
EDITORS = 2
EDITOR_PASSWORD = "load-test-editor-passphrase"
RECOVERY_LIMIT_SECONDS = 10.0


def reader_paths(database_url: str) -> list[str]:
    with psycopg.connect(database_url) as connection:
        timeline = connection.execute("SELECT id, slug FROM timeline_timeline").fetchone()
        events = connection.execute(
            "SELECT id FROM timeline_event WHERE timeline_id = %s", [timeline[0]]
        ).fetchall()
        sources = connection.execute("SELECT id FROM timeline_source").fetchall()
        actors = connection.execute("SELECT slug FROM timeline_actor").fetchall()
    return [
        "/",
        f"/timelines/{timeline[1]}/",
        *(f"/timelines/{timeline[1]}/events/{pk}/" for (pk,) in events),
        *(f"/sources/{pk}/" for (pk,) in sources),
        *(f"/actors/{slug}/" for (slug,) in actors),
    ]


def edit_paths(database_url: str, count: int = 2) -> list[str]:
    """The edit forms of a few events, shared by all editors so that their saves collide."""
    with psycopg.connect(database_url) as connection:
        rows = connection.execute(
            "SELECT t.slug, e.id FROM timeline_event e JOIN timeline_timeline t "
            "ON t.id = e.timeline_id ORDER BY e.id LIMIT %s",
            [count],
        ).fetchall()
    return [f"/timelines/{slug}/events/{pk}/edit/" for slug, pk in rows]


def timeline_slug(database_url: str) -> str:
    with psycopg.connect(database_url) as connection:
        return connection.execute("SELECT slug FROM timeline_timeline").fetchone()[0]


def lost_edits(database_url: str, ledger: EditLedger) -> list[str]:
    """Accepted wordings that are missing from the events' history."""
    with psycopg.connect(database_url) as connection:
        recorded = {
            title for (title,) in connection.execute("SELECT title FROM timeline_historicalevent")
        }
    return [title for title in ledger.accepted if title not in recorded]


def outage(database: cluster.ThrowawayPostgres):
    def during(run: LoadRun) -> None:
        time.sleep(OUTAGE_AT)
        run.mark("database stopping")
        database.stop("fast")
        run.mark("database stopped")
        time.sleep(OUTAGE_SECONDS)
        run.mark("database starting")
        database.start()
        run.mark("database started")

    return during


@pytest.fixture(scope="module")
def database():
    reason = cluster.available()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the fault tests, but {reason}")
        pytest.skip(reason)
    with cluster.ThrowawayPostgres() as database:
        yield database


def test_database_restart_under_load_fails_cleanly_and_recovers(database, figures):
    url = database.create_database("timeline_outage")
    ledger = EditLedger()
    with AppServer(url, DATABASE_POOL_TIMEOUT=POOL_TIMEOUT_SECONDS) as app:
        names = [f"desk-{n}" for n in range(EDITORS)]
        app.create_editors(names, EDITOR_PASSWORD, timeline_slug(url))
        paths, edits = reader_paths(url), edit_paths(url)
        run = LoadRun("127.0.0.1", app.port, duration=LOAD_SECONDS, max_requests=50_000)
        behaviours = [("reader", reader(paths, seed=n)) for n in range(READERS)]
        behaviours += [
            ("editor", editor(name, EDITOR_PASSWORD, edits, ledger, seed=n))
            for n, name in enumerate(names)
        ]
        run.run([*behaviours, ("health", health_probe(0.1))], during=outage(database))
        log = app.log()
        lost = lost_edits(url, ledger)

    rows = summary_rows(run, ["reader", "editor", "health"])
    # Editors kept working around the outage, and every save they were told succeeded is kept.
    assert ledger.accepted, (rows, ledger)
    assert lost == [], lost
    assert run.server_errors() == [], (rows, log[-3000:])
    # During the outage: readers got the 503 page (not a hang, not a 500), /healthz said so.
    reader_refusals = [s for s in run.of("reader") if s.status == 503]
    assert reader_refusals, rows
    assert run.health_during("database stopping", "database started")[503] >= 1, rows
    # After it: /healthz at once, every reader within seconds, and the rest of the run clean.
    assert run.recovery_seconds() is not None
    assert run.recovery_seconds() < RECOVERY_LIMIT_SECONDS
    full_recovery = run.full_recovery_seconds("reader")
    assert full_recovery < RECOVERY_LIMIT_SECONDS, (full_recovery, rows)
    last_seconds = [s for s in run.of("reader") if s.started > LOAD_SECONDS - 2.0]
    assert last_seconds and all(s.status == 200 for s in last_seconds), rows
    figures.add("outage runs (short form)", 1)
    figures.add("outage: requests served", len(run.samples))
    figures.add("outage: edits accepted", len(ledger.accepted))
    figures.add("outage: edits lost", len(lost))
    figures.add("outage: edit conflicts (409)", ledger.conflicts)
    figures.add("outage: server errors", len(run.server_errors()))
    figures.add("outage: recovery ms, /healthz", round(run.recovery_seconds() * 1000))
    figures.add("outage: recovery ms, all readers", round(full_recovery * 1000))
