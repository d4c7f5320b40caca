"""Parts of reader pages kept in each process's memory in front of the shared cache
(timeline.caching.parts): read from there once seen, never staler than the shared cache."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from timeline.caching import parts
from timeline.caching.parts import BoundedMemory
from timeline.models import Citation

pytestmark = pytest.mark.django_db


def test_a_page_of_cards_seen_once_is_assembled_from_memory_without_the_shared_cache(client, story):
    url = story.get_absolute_url()
    first = client.get(url).text
    cache.clear()  # the shared cache lost everything (restarted, evicted)
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url + "?again=1").text
    # version and page: the timeline, its facets and every card from this process's memory
    assert len(queries) == 2
    assert again.count('<article class="event') == first.count('<article class="event') == 3


def test_an_edit_shows_on_the_next_page_though_memory_holds_the_old_card(client, story):
    url = story.get_absolute_url()
    assert "Quote of day 1" in client.get(url).text
    citation = Citation.objects.get(quote="Quote of day 1")
    citation.quote = "A quote corrected by the desk"
    citation.save()
    page = client.get(url + "?after=1").text
    assert "A quote corrected by the desk" in page
    assert "Quote of day 1" not in page


def test_nothing_is_kept_in_memory_when_it_is_turned_off(client, story, settings):
    settings.PART_MEMORY_BYTES = 0
    client.get(story.get_absolute_url())
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        client.get(story.get_absolute_url() + "?again=1")
    assert len(queries) == 5  # cold again: timeline, facets, page, citations (and the version)


def test_values_found_in_the_shared_cache_are_kept_for_the_next_read(settings):
    cache.set("card:example", "<article>kept</article>")
    assert parts.get_many(["card:example", "card:absent"]) == {
        "card:example": "<article>kept</article>"
    }
    cache.clear()
    assert parts.get("card:example") == "<article>kept</article>"
    assert parts.get("card:absent") is None


def test_memory_is_bounded_by_size_least_recently_used_first_out():
    memory = BoundedMemory(max_bytes=10)
    memory.put("a", "aaaa", 4)
    memory.put("b", "bbbb", 4)
    assert memory.get("a") == "aaaa"  # a is now the most recent
    memory.put("c", "cccc", 4)
    assert memory.get("b") is None
    assert memory.get_many(["a", "b", "c"]) == {"a": "aaaa", "c": "cccc"}
    memory.put("huge", "x" * 11, 11)
    assert memory.get("huge") is None
    assert memory.size == 8
