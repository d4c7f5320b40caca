"""Reader pages use the same small number of queries at 10 events and at 500."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.bulk_events import build_long_timeline
from tests.factories import UserFactory
from timeline.models import Actor, Source

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
# the content version (reader cache), timeline, facets (types by period, actors and places in one
# query), count (filtered views only: unfiltered, the facets have counted), page, actors and
# citations and tags of it. Warm, the timeline, facets and cards come from the cache.
CHRONOLOGY_QUERIES = 8


@pytest.fixture
def small_and_large():
    return build_long_timeline(10, slug="small"), build_long_timeline(500, slug="large")


def queries(client, url, **headers) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **headers)
    assert response.status_code == 200, response.status_code
    return len(captured)


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?type=attack&type=armed-clash",  # types both timelines have
        "?q=talks&standing=confirmed&standing=disputed",
        "?q=officials&sort=date&from=2023&to=2024",
    ],
    ids=["plain", "types", "search-and-standing", "search-by-date-range"],
)
def test_chronology_queries_do_not_grow_with_events(client, small_and_large, query):
    small, large = small_and_large
    at_10 = queries(client, small.get_absolute_url() + query)
    at_500 = queries(client, large.get_absolute_url() + query)
    assert at_10 == at_500 <= CHRONOLOGY_QUERIES


def test_chronology_fragment_queries_do_not_grow_with_events(client, small_and_large):
    small, large = small_and_large
    at_10 = queries(client, small.get_absolute_url() + "?q=talks", **HTMX)
    at_500 = queries(client, large.get_absolute_url() + "?q=talks", **HTMX)
    assert at_10 == at_500 <= CHRONOLOGY_QUERIES


def test_appended_page_queries_do_not_grow_with_events(client, django_assert_max_num_queries):
    short = build_long_timeline(60, slug="short")
    long = build_long_timeline(500, slug="long")
    at_60 = queries(client, short.get_absolute_url() + "?page=2", **HTMX)
    at_500 = queries(client, long.get_absolute_url() + "?page=9", **HTMX)
    assert at_60 == at_500 <= CHRONOLOGY_QUERIES


def test_chronology_queries_for_an_editor_do_not_grow_with_events(client, small_and_large):
    small, large = small_and_large
    editor = UserFactory(username="long-editor")
    small.editors.add(editor)
    large.editors.add(editor)
    client.force_login(editor)
    at_10 = queries(client, small.get_absolute_url())
    at_500 = queries(client, large.get_absolute_url())
    # Plus the session, the user and the editors check.
    assert at_10 == at_500 <= CHRONOLOGY_QUERIES + 3


def test_event_page_queries_do_not_grow_with_events(client, small_and_large):
    small, large = small_and_large
    at_10 = queries(client, small.events.order_by("date")[5].get_absolute_url())
    at_500 = queries(client, large.events.order_by("date")[250].get_absolute_url())
    # content version, event (with its timeline, neighbours' ids and position), its actors, its
    # citations, its tags, the two neighbours
    assert at_10 == at_500 <= 6


def test_index_queries_do_not_grow_with_timelines_or_events(client):
    build_long_timeline(10, slug="one")
    at_one = queries(client, "/")
    build_long_timeline(500, slug="two")
    build_long_timeline(30, slug="three")
    # The content version (every timeline's stamp), then the timelines.
    assert queries(client, "/") == at_one == 2


def test_source_page_queries_do_not_grow_with_citing_events(client, small_and_large):
    small, large = small_and_large
    few = Source.objects.filter(citations__event__timeline=small).first()
    many = Source.objects.filter(citations__event__timeline=large).first()
    assert many.citations.count() > few.citations.count()
    # content version, source, events, their actors, their citations, their tags
    assert queries(client, few.get_absolute_url()) == queries(client, many.get_absolute_url()) <= 6


def test_actor_page_queries_do_not_grow_with_events(client, small_and_large):
    few = Actor.objects.get(slug="small-actor-0")
    many = Actor.objects.get(slug="large-actor-0")
    # content version, actor, events, their actors, their citations, their tags
    assert queries(client, few.get_absolute_url()) == queries(client, many.get_absolute_url()) <= 6


def test_only_cards_to_render_get_their_actor_and_tag_rows_built(client, settings, monkeypatch):
    """A page of cached cards builds no actor or tag objects from the rows read with it; after
    an edit, only the edited event's card is rendered, so only its rows are built."""
    from timeline.reader import listing

    settings.RESPONSE_CACHE_TIMEOUT = 0  # the view runs every time; the cards stay cached
    timeline = build_long_timeline(10, slug="small")
    built = []

    def attach(events):
        built.append(sorted(event.pk for event in events))
        return listing.attach_card_rows.__wrapped__(events)

    attach.__wrapped__ = listing.attach_card_rows
    monkeypatch.setattr(listing, "attach_card_rows", attach)
    first = client.get(timeline.get_absolute_url()).text
    assert len(built) == 1 and len(built[0]) == 10
    built.clear()
    assert client.get(timeline.get_absolute_url()).text == first
    assert built == []
    event = timeline.events.order_by("pk").first()
    event.title = "Edited title"
    event.save()
    assert "Edited title" in client.get(timeline.get_absolute_url()).text
    assert built == [[event.pk]]
