"""How long nginx (`make serve`) may answer a public page itself: `X-Accel-Expires`.

The expiry is absolute and counted from when the app read the page's content version, so no
page older than FRONT_CACHE_SECONDS is ever answered from the front cache, however long the
render or the queue in front of it took (nginx keeps an entry while its whole-second clock is
at most the expiry: `@N` means fresh until N+1).
"""

from __future__ import annotations

import pytest

from timeline.caching import responses

pytestmark = pytest.mark.django_db


@pytest.fixture
def at(monkeypatch):
    """Set the app's clock to a Unix time."""

    def set_clock(seconds: float) -> None:
        monkeypatch.setattr(responses, "clock", lambda: seconds)

    return set_clock


def test_a_public_page_may_be_kept_by_nginx_until_one_second_after_its_version_was_read(
    client, story, at
):
    at(1_800_000_000.7)
    response = client.get(story.get_absolute_url())
    assert response.headers["X-Accel-Expires"] == "@1800000000"  # fresh until ...001.0


def test_a_page_from_the_apps_cache_gets_an_expiry_as_of_this_request(client, story, at):
    at(1_800_000_000.2)
    client.get(story.get_absolute_url())
    at(1_800_000_500.9)
    again = client.get(story.get_absolute_url())
    assert again.headers["X-Accel-Expires"] == "@1800000500"


def test_a_304_gets_an_expiry_as_of_this_request(client, story, at):
    at(1_800_000_000.2)
    etag = client.get(story.get_absolute_url()).headers["ETag"]
    at(1_800_000_042.5)
    again = client.get(story.get_absolute_url(), headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.headers["X-Accel-Expires"] == "@1800000042"


def test_front_cache_seconds_extends_the_expiry_from_the_read(client, story, at, settings):
    settings.FRONT_CACHE_SECONDS = 5
    at(1_800_000_000.7)
    response = client.get(story.get_absolute_url())
    assert response.headers["X-Accel-Expires"] == "@1800000004"  # fresh until ...005.0


def test_front_cache_off_sends_no_expiry_even_for_a_page_stored_while_it_was_on(
    client, story, settings
):
    assert "X-Accel-Expires" in client.get(story.get_absolute_url()).headers
    settings.FRONT_CACHE_SECONDS = 0
    assert "X-Accel-Expires" not in client.get(story.get_absolute_url()).headers


def test_logged_in_pages_get_no_front_cache_expiry(editor_client, story):
    response = editor_client.get(story.get_absolute_url())
    assert "X-Accel-Expires" not in response.headers
    assert "private" in response.headers["Cache-Control"]
