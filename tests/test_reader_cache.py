"""Cached reader pages: always current, revalidated with 304, never for logged-in users."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import path, reverse
from django.utils import timezone

from tests.editing import event_form_data
from tests.factories import (
    ActorFactory,
    CitationFactory,
    EventActorFactory,
    EventFactory,
    SourceFactory,
    TimelineFactory,
)
from timeline.caching.responses import Version, cached_for_readers
from timeline.models import Citation, Event, EventType, Tag, Timeline

pytestmark = pytest.mark.django_db


def test_second_anonymous_request_is_served_from_the_cache_with_one_query(
    client, story, django_assert_num_queries
):
    first = client.get(story.get_absolute_url())
    with django_assert_num_queries(1):  # the content version; no rendering
        second = client.get(story.get_absolute_url())
    assert second.status_code == 200
    assert second.content == first.content


def test_quote_edit_is_visible_on_the_next_request(client, story):
    client.get(story.get_absolute_url())
    citation = Citation.objects.get(quote="Quote of day 2")
    citation.quote = "A corrected quote"
    citation.save()
    text = client.get(story.get_absolute_url()).text
    assert "A corrected quote" in text
    assert "Quote of day 2" not in text


def test_source_edit_in_another_timeline_is_visible_on_every_page_citing_it(client, story):
    source = SourceFactory(title="Shared wire report")
    elsewhere = EventFactory(timeline=TimelineFactory(slug="elsewhere"))
    CitationFactory(event=story.events.first(), source=source)
    CitationFactory(event=elsewhere, source=source)
    pages = [story.get_absolute_url(), "/timelines/elsewhere/", source.get_absolute_url()]
    assert all("Shared wire report" in client.get(url).text for url in pages)
    source.title = "Renamed wire report"
    source.save()
    assert all("Renamed wire report" in client.get(url).text for url in pages)


def test_actor_rename_is_visible_on_the_actor_page(client, story):
    role = EventActorFactory(event=story.events.first())
    url = role.actor.get_absolute_url()
    client.get(url)
    role.actor.name = "Renamed actor"
    role.actor.save()
    assert "Renamed actor" in client.get(url).text


def test_edit_through_the_editor_is_visible_to_readers_at_once(editor_client, story, editor):
    reader = Client()
    assert "Event on day 1" in reader.get(story.get_absolute_url()).text
    event = story.events.get(title="Event on day 1")
    url = reverse("timeline:event_edit", kwargs={"slug": story.slug, "pk": event.pk})
    response = editor_client.post(
        url, event_form_data(event, title="Renamed by the editor", date="1 May 2025")
    )
    assert response.status_code in {200, 302}
    text = reader.get(story.get_absolute_url()).text
    assert "Renamed by the editor" in text
    assert "Event on day 1" not in text
    assert "Renamed by the editor" in reader.get(event.get_absolute_url()).text


def test_deleted_event_leaves_the_cached_page_at_once(client, story, django_assert_num_queries):
    event = story.events.get(title="Event on day 3")
    # Preconditions: the event is on the page and on its own page, both cached.
    assert "Event on day 3" in client.get(story.get_absolute_url()).text
    assert client.get(event.get_absolute_url()).status_code == 200
    with django_assert_num_queries(1):  # the content version: served from the cache
        assert "Event on day 3" in client.get(story.get_absolute_url()).text
    event.deleted_at = timezone.now()
    event.save()
    after = client.get(story.get_absolute_url())
    assert after.status_code == 200 and "Event on day 2" in after.text
    assert "Event on day 3" not in after.text
    assert client.get(event.get_absolute_url()).status_code == 404


def test_unpublished_timeline_disappears_from_the_index_and_is_404(client, story):
    assert "Story" in client.get("/").text
    client.get(story.get_absolute_url())
    story.status = "draft"
    story.save()
    assert "Story" not in client.get("/").text
    assert client.get(story.get_absolute_url()).status_code == 404


def test_unchanged_page_revalidates_with_304_and_no_body(client, story):
    first = client.get(story.get_absolute_url())
    etag = first.headers["ETag"]
    again = client.get(story.get_absolute_url(), headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["ETag"] == etag


def test_changed_page_answers_200_with_a_new_etag(client, story):
    etag = client.get(story.get_absolute_url()).headers["ETag"]
    event = story.events.first()
    event.title = "Changed"
    event.save()
    response = client.get(story.get_absolute_url(), headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert response.headers["ETag"] != etag
    assert "Changed" in response.text


def test_last_modified_is_sent_once_the_version_is_two_seconds_old(client, story):
    fresh = client.get(story.get_absolute_url())
    assert "Last-Modified" not in fresh.headers, "an edit in the same second must not look old"
    old = timezone.now() - datetime.timedelta(minutes=5)
    Timeline.objects.filter(pk=story.pk).update(updated_at=old)
    response = client.get(story.get_absolute_url())
    assert response.headers["Last-Modified"]
    since = client.get(
        story.get_absolute_url(), headers={"If-Modified-Since": response.headers["Last-Modified"]}
    )
    assert since.status_code == 304


def test_public_responses_revalidate_and_vary_on_htmx_and_cookie(client, story):
    response = client.get(story.get_absolute_url())
    assert "no-cache" in response.headers["Cache-Control"]
    assert "public" in response.headers["Cache-Control"]
    vary = {part.strip() for part in response.headers["Vary"].split(",")}
    assert {"HX-Request", "Cookie"} <= vary


def test_htmx_and_full_page_are_cached_apart(client, story):
    page = client.get(story.get_absolute_url())
    fragment = client.get(story.get_absolute_url(), headers={"HX-Request": "true"})
    assert page.headers["ETag"] != fragment.headers["ETag"]
    assert client.get(story.get_absolute_url()).content == page.content


def test_anonymous_pages_carry_no_csrf_token_and_set_no_cookie(client, story):
    for url in ["/", story.get_absolute_url(), story.events.first().get_absolute_url()]:
        response = client.get(url)
        assert not response.cookies, url
        assert "X-CSRFToken" not in response.text, url


def test_logged_in_pages_are_never_cached(client, story, editor):
    client.get(story.get_absolute_url())  # cached for readers
    client.force_login(editor)
    response = client.get(story.get_absolute_url())
    assert "ETag" not in response.headers
    assert "private" in response.headers["Cache-Control"]
    assert "editor" in response.text, "the editor's own page, not the readers' copy"
    client.logout()
    anonymous = Client().get(story.get_absolute_url())
    assert "Log out" not in anonymous.text


def test_logged_in_response_is_not_stored_for_readers(editor_client, story):
    cache.clear()
    editor_client.get(story.get_absolute_url())
    editor_client.get("/")
    assert not [key for key in cache._cache if ":response:" in key]


CALLS = []


@cached_for_readers(lambda request: Version("constant"))
def page_with_a_csrf_token(request):
    CALLS.append(request.path)
    return HttpResponse(f"<form>{get_token(request)}</form>")  # sets the CSRF cookie


urlpatterns = [path("token/", page_with_a_csrf_token)]


@pytest.mark.urls(__name__)
def test_response_that_sets_a_cookie_is_not_stored(client):
    CALLS.clear()
    for _ in range(2):
        response = client.get("/token/")
        assert response.cookies, "the CSRF cookie is set"
        assert "ETag" not in response.headers
        assert "private" in response.headers["Cache-Control"]
    assert len(CALLS) == 2, "rendered each time, never served from the cache"


def test_request_with_a_session_or_messages_cookie_is_not_served_from_the_cache(client, story):
    client.get(story.get_absolute_url())
    client.cookies["messages"] = "pending"
    response = client.get(story.get_absolute_url())
    assert "ETag" not in response.headers


def test_card_cache_keeps_cards_current_after_a_change(client, story):
    url = story.get_absolute_url()
    client.get(url)
    client.get(url + "?first=1")  # another response, the same cached cards
    citation = Citation.objects.get(quote="Quote of day 1")
    citation.attribution = "Village elders"
    citation.save()
    assert "Village elders" in client.get(url + "?second=1").text


@pytest.mark.parametrize("events", [10, 200])
def test_plain_chronology_costs_five_queries_cold_and_two_warm(client, events):
    timeline = TimelineFactory(slug="big")
    for number in range(events):
        event = EventFactory(timeline=timeline, title=f"Event {number}")
        CitationFactory(event=event)
        EventActorFactory(event=event)
    with CaptureQueriesContext(connection) as cold:
        first = client.get(timeline.get_absolute_url())
    with CaptureQueriesContext(connection) as warm:  # another response, its parts from the cache
        second = client.get(timeline.get_absolute_url() + "?again=1")
    # version, timeline, facets, page (its actors and tags with it), its citations; then
    # version and page
    assert (len(cold), len(warm)) == (5, 2)
    assert first.text.count('<article class="event') == min(events, 50)
    assert second.text.count('<article class="event') == min(events, 50)


def test_warm_cards_skip_the_citation_and_actor_queries(client, story, django_assert_num_queries):
    url = story.get_absolute_url()
    client.get(url)
    with django_assert_num_queries(2):  # version and page: header, facets, cards from the cache
        response = client.get(url + "?warm=1")
    assert "Quote of day 2" in response.text


def test_cards_first_shown_on_a_warm_version_bring_their_actors_and_tags(client, story):
    second = Event.objects.get(title="Event on day 2")
    EventActorFactory(event=second, actor=ActorFactory(name="Border Security Force"))
    second.tags.add(Tag.objects.create(timeline=story, name="Shelling", slug="shelling"))
    client.get(story.get_absolute_url() + "?q=day+1")  # the version's parts, one card
    with CaptureQueriesContext(connection) as queries:
        page = client.get(story.get_absolute_url()).text
    # version and page; then, for the two cards still to render, citations, actors and tags
    assert len(queries) == 5
    assert "Border Security Force" in page
    assert "Shelling" in page


def test_event_cards_show_the_same_html_cached_or_not(client, story, settings):
    cached = client.get(story.get_absolute_url() + "?a=1").text
    settings.FRAGMENT_CACHE_TIMEOUT = 0
    settings.RESPONSE_CACHE_TIMEOUT = 0
    plain = client.get(story.get_absolute_url() + "?a=1").text
    assert cached == plain
    assert Event.objects.count() == 3


@pytest.mark.parametrize("name", ["feed", "timelinejs", "events_csv", "export_json", "embed"])
def test_feed_and_exports_are_cached_and_show_an_edit_at_once(client, story, name):
    url = reverse(f"timeline:{name}", kwargs={"slug": story.slug})
    first = client.get(url)
    assert first.status_code == 200 and "ETag" in first.headers
    assert client.get(url, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    event = story.events.get(title="Event on day 2")
    event.title = "Retitled for the feed"
    event.save()
    again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 200
    assert "Retitled for the feed" in again.content.decode()


def test_filters_and_strip_follow_the_query_and_the_content(client, story):
    url = story.get_absolute_url()
    assert 'value="attack" checked' not in client.get(url, {"type": "statement"}).text
    event = story.events.first()
    event.event_type = EventType.objects.get(slug="attack")
    event.save()
    checked = client.get(url, {"type": "attack", "again": "1"}).text
    assert 'value="attack"' in checked and "checked" in checked.split('value="attack"')[1][:40]
    EventActorFactory(event=event, actor=ActorFactory(name="Newly named actor"))
    page = client.get(url, {"type": "attack", "again": "1"}).text
    assert "Newly named actor (1)</option>" in page, "the actor filter offers the new actor"


def test_an_edited_timeline_summary_is_in_the_header_of_a_page_not_seen_before(client, story):
    client.get(story.get_absolute_url() + "?a=1")
    story.summary = "Talks **resumed** in Geneva"
    story.what_we_know = "Both armies *confirm* the line is quiet."
    story.save()
    page = client.get(story.get_absolute_url() + "?a=2").text
    assert "Talks <strong>resumed</strong> in Geneva" in page
    assert "Both armies <em>confirm</em> the line is quiet." in page
    assert '<meta property="og:description" content="Talks resumed in Geneva">' in page


def test_the_header_links_follow_the_host_asked_for(client, story):
    first = client.get(story.get_absolute_url(), headers={"Host": "localhost"}).text
    second = client.get(story.get_absolute_url() + "?a=1", headers={"Host": "127.0.0.1"}).text
    assert '<link rel="canonical" href="http://localhost/timelines/story/">' in first
    assert '<link rel="canonical" href="http://127.0.0.1/timelines/story/">' in second
    assert "http://127.0.0.1/timelines/story/embed/" in second
    assert "localhost" not in second


def test_the_header_shows_an_added_event_in_its_counts(client, story, settings):
    settings.RESPONSE_CACHE_TIMEOUT = 0  # the header from the fragment cache, not the page
    assert "<span>3 events</span>" in client.get(story.get_absolute_url()).text
    EventFactory(timeline=story, title="A fourth event", date=datetime.date(2025, 5, 4))
    assert "<span>4 events</span>" in client.get(story.get_absolute_url()).text


def test_the_header_and_its_preview_tags_are_the_same_from_the_cache(client, story, settings):
    settings.RESPONSE_CACHE_TIMEOUT = 0
    first = client.get(story.get_absolute_url()).text
    cached = client.get(story.get_absolute_url()).text
    settings.FRAGMENT_CACHE_TIMEOUT = 0
    plain = client.get(story.get_absolute_url()).text
    assert cached == first == plain
