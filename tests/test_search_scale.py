"""Search at scale: the GIN index serves the reader's query, and broad terms are capped."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import connection

from timeline.management.synthetic import SEARCH_TERMS
from timeline.models import Event, Timeline
from timeline.reader.facets import load_facets
from timeline.reader.filters import ChronologyFilterForm, filter_events
from timeline.reader.search import RESULT_CAP, SEARCH_CONFIGURATIONS, search_configuration

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL only: SQLite has no text search index (migration 0004 adds nothing)",
)


@pytest.fixture
def seeded():
    # 2,000 events: 600 with the broad term, 20 with the medium one, 1 with the rare one.
    call_command("seed_bench", timelines=1, events=2000, stdout=io.StringIO())
    return Timeline.objects.get(slug="bench-1")


def reader_query(timeline: Timeline, query: str, **params):
    """The chronology's events for `?q=query`, built exactly as the view builds them."""
    visible = Event.objects.filter(timeline=timeline).visible_to(AnonymousUser())
    form = ChronologyFilterForm(
        {"q": query, **params}, facets=load_facets(visible), base_url=timeline.get_absolute_url()
    )
    form.is_valid()
    return filter_events(visible, form, language=timeline.language)


@on_postgresql
@pytest.mark.parametrize("kind", ["rare", "medium"])
def test_planner_reads_the_gin_index_for_rare_and_medium_terms(seeded, kind):
    plan = reader_query(seeded, SEARCH_TERMS[kind]).explain()
    assert "Bitmap Index Scan on timeline_event_search_vector_gin" in plan, plan


@on_postgresql
def test_reader_search_is_served_by_the_gin_index(seeded):
    """With sequential and plain index scans ruled out, the plan can only find the matches
    through an index on the search vector: a GIN index whose expression differs from the
    query's would be ignored, leaving a bitmap of the whole timeline and a filter. (Left to
    itself, the planner rightly walks the chronology for a term in 30% of events.)"""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        for term in SEARCH_TERMS.values():
            for params in [{}, {"sort": "date"}]:
                plan = reader_query(seeded, term, **params).explain()
                assert "Bitmap Index Scan on timeline_event_search_vector_gin" in plan, plan


@on_postgresql
def test_the_database_maps_languages_to_configurations_as_python_does():
    with connection.cursor() as cursor:
        for code in [*SEARCH_CONFIGURATIONS, "pt-BR", "ur", "", "xx"]:
            cursor.execute("SELECT timeline_search_configuration(%s)::text", [code])
            assert cursor.fetchone()[0] == search_configuration(code), code


def test_broad_search_is_capped_and_says_so(client, seeded):
    response = client.get(seeded.get_absolute_url(), {"q": SEARCH_TERMS["broad"]})
    assert response.status_code == 200
    assert f"At least {RESULT_CAP} of" in response.text
    assert "That search is broad" in response.text
    assert reader_query(seeded, SEARCH_TERMS["broad"]).count() == RESULT_CAP


def visible_with(timeline, **lookup):
    return Event.objects.filter(timeline=timeline, status="published", deleted_at=None, **lookup)


def test_narrow_search_is_complete_and_not_capped(client, seeded):
    expected = visible_with(seeded, title__icontains=SEARCH_TERMS["medium"]).count()
    response = client.get(seeded.get_absolute_url(), {"q": SEARCH_TERMS["medium"]})
    assert "That search is broad" not in response.text
    assert f"{expected} of" in response.text
    assert reader_query(seeded, SEARCH_TERMS["medium"]).count() == expected


def test_capped_ranked_search_ranks_a_capped_set_of_real_matches(seeded):
    every = set(visible_with(seeded, summary__icontains=SEARCH_TERMS["broad"]).values_list("pk"))
    ranked = list(reader_query(seeded, SEARCH_TERMS["broad"]).values_list("pk", "search_rank"))
    assert len(ranked) == RESULT_CAP
    assert {(pk,) for pk, _ in ranked} <= every
    ranks = [rank for _, rank in ranked]
    assert ranks == sorted(ranks, reverse=True)


def test_capped_search_by_date_lists_the_first_matches(seeded):
    every = visible_with(seeded, summary__icontains=SEARCH_TERMS["broad"])
    by_date = reader_query(seeded, SEARCH_TERMS["broad"], sort="date")
    first = sorted(every.values_list("date", flat=True))[:RESULT_CAP]
    assert list(by_date.values_list("date", flat=True)) == first
