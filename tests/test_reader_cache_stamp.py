"""Cached reader pages with CONTENT_VERSION_SOURCE = "cache" (the default with Redis): a hit
costs no query, and an edit is visible on the next request once its transaction commits."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from tests.factories import SourceFactory
from timeline.caching.responses import STAMP_KEY
from timeline.models import Citation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def stamp_mode(settings):
    settings.CONTENT_VERSION_SOURCE = "cache"


def test_a_cached_page_is_served_without_any_query(client, story, django_assert_num_queries):
    first = client.get(story.get_absolute_url())
    with django_assert_num_queries(0):
        second = client.get(story.get_absolute_url())
    assert second.content == first.content


def test_a_committed_edit_is_visible_on_the_next_request(
    client, story, django_capture_on_commit_callbacks
):
    client.get(story.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        citation = Citation.objects.get(quote="Quote of day 2")
        citation.quote = "A corrected quote"
        citation.save()
    assert "A corrected quote" in client.get(story.get_absolute_url()).text


def test_an_edit_that_never_commits_leaves_the_page_as_it_was(
    client, story, django_capture_on_commit_callbacks
):
    before = client.get(story.get_absolute_url()).content
    with django_capture_on_commit_callbacks(execute=False) as pending:
        event = story.events.first()
        event.title = "Rolled back"
        event.save()
    assert pending, "the stamp is replaced only on commit"
    assert client.get(story.get_absolute_url()).content == before


def test_unpublishing_answers_404_at_once(client, story, django_capture_on_commit_callbacks):
    client.get(story.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        story.status = "draft"
        story.save()
    assert client.get(story.get_absolute_url()).status_code == 404


def test_renaming_a_source_that_no_event_cites_shows_on_its_page(
    client, django_capture_on_commit_callbacks
):
    source = SourceFactory(title="Lonely report")
    assert "Lonely report" in client.get(source.get_absolute_url()).text
    with django_capture_on_commit_callbacks(execute=True):
        source.title = "Renamed lonely report"
        source.save()
    assert "Renamed lonely report" in client.get(source.get_absolute_url()).text


def test_revalidation_gives_304_until_a_commit(client, story, django_capture_on_commit_callbacks):
    etag = client.get(story.get_absolute_url()).headers["ETag"]
    assert client.get(story.get_absolute_url(), headers={"If-None-Match": etag}).status_code == 304
    with django_capture_on_commit_callbacks(execute=True):
        event = story.events.first()
        event.title = "Changed"
        event.save()
    assert client.get(story.get_absolute_url(), headers={"If-None-Match": etag}).status_code == 200


def test_a_lost_stamp_is_replaced_by_a_new_one_never_an_old_one(
    client, story, django_assert_max_num_queries
):
    client.get(story.get_absolute_url())
    old = cache.get(STAMP_KEY)
    cache.delete(STAMP_KEY)  # evicted, or the cache restarted
    with django_assert_max_num_queries(10) as rendered:
        client.get(story.get_absolute_url())
    assert len(rendered) > 0, "rendered again, not served under the lost stamp"
    assert cache.get(STAMP_KEY) not in {None, old}
