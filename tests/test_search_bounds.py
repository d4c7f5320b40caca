"""Searches have a bounded number of terms and build flat expressions (issue 13, finding 4).

Before: on SQLite, 60 one-letter words gave a 503 (the parser's stack overflowed) and 80-100 a
500 (RecursionError) after seconds of CPU.
"""

from __future__ import annotations

import pytest

from tests.factories import EventFactory, TimelineFactory
from timeline.reader.search import MAX_SEARCH_TERMS

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    timeline = TimelineFactory(slug="story")
    EventFactory(timeline=timeline, title="Ceasefire agreed between the armies")
    EventFactory(timeline=timeline, title="Shelling resumed")
    return timeline


@pytest.mark.parametrize("words", [60, 100, 200])
def test_a_search_with_too_many_words_is_left_out_with_a_message(client, story, words):
    query = " ".join("abcdefghijklmnopqrstuvwxyz"[n % 26] for n in range(words))[:200]
    response = client.get("/timelines/story/", {"q": query})
    assert response.status_code == 200
    assert f"Search for at most {MAX_SEARCH_TERMS} words or phrases" in response.text
    assert "Shelling resumed" in response.text  # the rest of the page still works


@pytest.mark.parametrize("htmx", [False, True])
def test_the_htmx_list_also_explains_a_search_left_out(client, story, htmx):
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.get("/timelines/story/", {"q": "a " * 60}, headers=headers)
    assert response.status_code == 200
    assert "the search was left out" in response.text


def test_a_search_of_the_most_terms_allowed_still_searches(client, story):
    words = ["ceasefire", "agreed"] + ["ceasefire"] * (MAX_SEARCH_TERMS - 2)
    response = client.get("/timelines/story/", {"q": " ".join(words)})
    assert response.status_code == 200
    assert "Ceasefire agreed between the armies" in response.text
    assert "Shelling resumed" not in response.text


def test_alternatives_count_as_terms_but_or_does_not(client, story):
    query = " or ".join(["shelling"] * MAX_SEARCH_TERMS)
    response = client.get("/timelines/story/", {"q": query})
    assert "Shelling resumed" in response.text
    assert "the search was left out" not in response.text
