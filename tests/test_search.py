"""Full-text search on the chronology: PostgreSQL websearch, and the SQLite substring fallback."""

from __future__ import annotations

import re

import pytest

from tests.factories import (
    ActorFactory,
    CitationFactory,
    EventActorFactory,
    EventFactory,
    TimelineFactory,
)
from timeline.reader.search import Term, parse_websearch, search_configuration

MEDIATION_EVENTS = {
    "US offers to mediate on Kashmir",
    "Pakistan welcomes the US offer of mediation",
    "India refuses third-party mediation, citing the 1972 agreement",
}


def titles(response) -> list[str]:
    found = re.findall(r'class="event-title"[^>]*><a [^>]*>([^<]+)</a>', response.text)
    return [title.replace("&#x27;", "'") for title in found]


@pytest.mark.django_db
def test_searching_mediation_finds_the_mediation_events_and_not_the_others(client, demo):
    found = titles(client.get(demo.get_absolute_url(), {"q": "mediation"}))
    assert set(found) >= MEDIATION_EVENTS
    assert "Ceasefire understanding violated with heavy firing and shelling along the LoC" not in (
        found
    )
    assert not any(title.startswith("India's foreign minister sets conditions") for title in found)


@pytest.mark.django_db
def test_search_finds_words_in_quotes_and_actor_names(client):
    timeline = TimelineFactory()
    quoted = EventFactory(timeline=timeline, title="Shelling reported")
    CitationFactory(event=quoted, quote="Artillery fire was heard near Poonch overnight.")
    named = EventFactory(timeline=timeline, title="Statement issued")
    EventActorFactory(event=named, actor=ActorFactory(name="Shehbaz Sharif"))
    EventFactory(timeline=timeline, title="Unrelated event")
    url = timeline.get_absolute_url()
    assert titles(client.get(url, {"q": "Poonch"})) == ["Shelling reported"]
    assert titles(client.get(url, {"q": "Sharif"})) == ["Statement issued"]


@pytest.mark.django_db
def test_title_matches_rank_above_quote_matches(client):
    timeline = TimelineFactory()
    in_quote = EventFactory(timeline=timeline, title="Border incident", date="2025-05-01")
    CitationFactory(event=in_quote, quote="Officials discussed the ceasefire terms.")
    EventFactory(timeline=timeline, title="Ceasefire agreed", date="2025-05-20")
    response = client.get(timeline.get_absolute_url(), {"q": "ceasefire"})
    assert titles(response) == ["Ceasefire agreed", "Border incident"]
    assert "best matches first" in response.text


@pytest.mark.django_db
def test_search_sorted_by_date_is_chronological_with_headings(client):
    timeline = TimelineFactory()
    in_quote = EventFactory(timeline=timeline, title="Border incident", date="2025-05-01")
    CitationFactory(event=in_quote, quote="Officials discussed the ceasefire terms.")
    EventFactory(timeline=timeline, title="Ceasefire agreed", date="2025-05-20")
    response = client.get(timeline.get_absolute_url(), {"q": "ceasefire", "sort": "date"})
    assert titles(response) == ["Border incident", "Ceasefire agreed"]
    assert '<h4 class="month-heading" id="y2025-05">May 2025</h4>' in response.text


@pytest.mark.django_db
def test_search_excludes_words_with_a_minus_and_accepts_or(client):
    timeline = TimelineFactory()
    EventFactory(timeline=timeline, title="Ceasefire agreed", date="2025-05-10")
    EventFactory(timeline=timeline, title="Ceasefire violated", date="2025-05-11")
    EventFactory(timeline=timeline, title="Talks resume", date="2025-05-12")
    url = timeline.get_absolute_url()
    assert titles(client.get(url, {"q": "ceasefire -violated"})) == ["Ceasefire agreed"]
    found = titles(client.get(url, {"q": "agreed or talks", "sort": "date"}))
    assert found == ["Ceasefire agreed", "Talks resume"]


@pytest.mark.django_db
def test_search_with_no_match_says_what_to_change(client, demo):
    response = client.get(demo.get_absolute_url(), {"q": "zeppelin"})
    assert response.status_code == 200
    assert "No events match this filter" in response.text
    assert "fewer or different search words" in response.text
    assert "clearing all filters" in response.text


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["[", '""', "...", "the"])
def test_search_for_nothing_searchable_finds_nothing_and_says_so(client, demo, query):
    response = client.get(demo.get_absolute_url(), {"q": query})
    assert response.status_code == 200
    if query != "the":  # a stop word on PostgreSQL, a substring on SQLite
        assert titles(response) == []
        assert "No events match" in response.text


@pytest.mark.django_db
def test_search_with_only_exclusions_keeps_the_rest(client, demo):
    found = titles(client.get(demo.get_absolute_url(), {"q": "-zeppelin"}))
    assert len(found) == 7
    found = titles(client.get(demo.get_absolute_url(), {"q": "-mediation"}))
    assert not set(found) & MEDIATION_EVENTS
    assert "US President Trump announces a ceasefire between India and Pakistan" not in found
    assert "Ceasefire understanding violated with heavy firing and shelling along the LoC" in found


def test_websearch_syntax_is_read_like_postgresql():
    assert parse_websearch('ceasefire -violation or "bilateral  talks"') == [
        [Term("ceasefire"), Term("violation", excluded=True)],
        [Term("bilateral talks")],
    ]
    assert parse_websearch("-only -exclusions") == [
        [Term("only", excluded=True), Term("exclusions", excluded=True)]
    ]
    assert parse_websearch("[ ...") == []
    assert parse_websearch('"unclosed phrase') == [[Term("unclosed phrase")]]


def test_search_configuration_follows_the_timeline_language():
    assert search_configuration("en") == "english"
    assert search_configuration("pt-BR") == "portuguese"
    assert search_configuration("ur") == "simple"
    assert search_configuration("") == "simple"
