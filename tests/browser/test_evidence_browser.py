"""Add a source by URL with the real job worker: archived without reloading, then reviewed.

The worker is `manage.py db_worker` in its own process, on the test database: so this runs on
PostgreSQL (the PostgreSQL pass of `make test`), where another process can open it.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from playwright.sync_api import expect

from tests.browser.accounts import log_in
from tests.evidence.pages import PageServer, Route
from tests.factories import TimelineFactory
from tests.ingesting import SEED_TEXT, known_actors_and_places
from tests.support.databases import url_of_test_database
from tests.support.servers import PROJECT_DIR, development_environment

pytestmark = pytest.mark.django_db(transaction=True)


QUOTE = "Pakistan, on the other hand, has welcomed the US offer, seeing it as a moral victory."


@pytest.fixture
def news_site(settings):
    with PageServer() as server:
        settings.FETCH_ALLOW_HOSTS = [server.authority]
        server.routes["/ceasefire"] = Route(
            body=SEED_TEXT.encode("utf-8"), headers={"Content-Type": "text/plain; charset=utf-8"}
        )
        yield server


@pytest.fixture
def worker(news_site, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    env = development_environment(
        url_of_test_database(),
        FETCH_ALLOW_HOSTS=news_site.authority,
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
    )
    command = [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.2"]
    process = subprocess.Popen(
        command, cwd=PROJECT_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    yield process
    process.terminate()
    process.wait(10)


def test_add_by_url_archive_accept_and_see_the_quote_found(
    live_server, page, editor, news_site, worker
):
    known_actors_and_places()
    TimelineFactory(slug="ceasefire", title="Ceasefire", editors=[editor])
    log_in(page, live_server, "editor", "/sources/new/")
    page.get_by_label("URL", exact=True).fill(news_site.url("/ceasefire"))
    page.get_by_label("Timeline for its events").select_option("ceasefire")
    page.get_by_role("button", name="Add source").click()

    status = page.locator(".archive-status")
    expect(status).to_contain_text("Queued")
    # No reload: htmx polls the status until the worker process has archived the page.
    expect(status).to_contain_text("Archived", timeout=30_000)
    assert worker.poll() is None
    page.get_by_role("link", name="Review suggested events").click()

    welcome = page.locator("article").filter(
        has=page.get_by_role("heading", name="Pakistan welcomes mediation offer", exact=True)
    )
    welcome.get_by_role("button", name="Accept").click()
    expect(welcome).to_contain_text("Added as draft")
    welcome.get_by_role("link", name="see it in the timeline").click()

    card = page.locator("article").filter(
        has=page.get_by_role("heading", name="Pakistan welcomes mediation offer")
    )
    expect(card.get_by_role("blockquote")).to_contain_text(QUOTE)
    card.get_by_role("link", name="Quote found in the archived copy").click()
    expect(page.get_by_text("Archived copy", exact=True)).to_be_visible()
    expect(page.locator(".archived-text")).to_contain_text(QUOTE)
    expect(page.get_by_role("link", name="Download WARC")).to_be_visible()
