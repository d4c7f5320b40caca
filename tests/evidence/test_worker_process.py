"""The real worker: `manage.py db_worker` in its own process runs the archive jobs.

The worker process opens the test database itself: PostgreSQL's, or SQLite's test file (the
test settings keep SQLite's test database in a file for this and for the live stream).
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.evidence.pages import Route
from tests.evidence.test_archive import NILE, url_source
from tests.support.databases import url_of_test_database
from tests.support.servers import PROJECT_DIR, development_environment
from timeline.evidence.archive import request_archive
from timeline.models import ArchiveState, Snapshot

pytestmark = pytest.mark.django_db(transaction=True)


def run_worker(page_server, media_root, *extra) -> subprocess.CompletedProcess:
    env = development_environment(
        url_of_test_database(),
        FETCH_ALLOW_HOSTS=page_server.authority,
        MEDIA_ROOT=str(media_root),
    )
    command = [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay"]
    return subprocess.run(
        [*command, *extra],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


def test_the_worker_process_archives_a_queued_source(page_server, media_root):
    page_server.routes["/sudan"] = Route(body=NILE)
    source = url_source(page_server.url("/sudan"))
    assert request_archive(source)
    run_worker(page_server, media_root, "--batch")
    source.refresh_from_db()
    assert source.archive_state == ArchiveState.ARCHIVED
    snapshot = Snapshot.objects.get(source=source)
    assert (media_root / snapshot.warc.name).is_file()
    assert "humanitarian truce" in snapshot.text
