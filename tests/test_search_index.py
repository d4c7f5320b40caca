"""The stored search vector on PostgreSQL (migration 0004): kept current by triggers on every
write that changes what an event is found by, and built by seed_bench exactly as they build it."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection

from tests.factories import (
    ActorFactory,
    CitationFactory,
    EventActorFactory,
    EventFactory,
    PlaceFactory,
    TimelineFactory,
)
from timeline.models import Event, EventType

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="PostgreSQL only: SQLite has no text search, so migration 0004 adds nothing there",
    ),
]


def matches(event: Event, words: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT e.search_vector @@ websearch_to_tsquery("
            "timeline_search_configuration(t.language), %s) "
            "FROM timeline_event e JOIN timeline_timeline t ON t.id = e.timeline_id "
            "WHERE e.id = %s",
            [words, event.pk],
        )
        return cursor.fetchone()[0]


def test_event_is_found_by_title_summary_type_quote_actor_and_place():
    event = EventFactory(
        title="Envoys meet in Geneva",
        summary="A **long** session.",
        place=PlaceFactory(name="Palais Wilson"),
        event_type=EventType.objects.get(slug="negotiation"),
    )
    CitationFactory(event=event, quote="Both delegations expressed cautious optimism")
    EventActorFactory(event=event, actor=ActorFactory(name="Foreign Secretary Misri"))
    for words in ["envoys", "session", "talks", "optimism", "misri", "wilson"]:
        assert matches(event, words), words
    assert not matches(event, "shelling")


def test_english_timeline_stems_words():
    event = EventFactory(title="Mediation offered", timeline=TimelineFactory(language="en"))
    assert matches(event, "mediate")


def test_editing_a_quote_changes_what_finds_the_event():
    citation = CitationFactory(quote="Artillery fire near Poonch")
    citation.quote = "Drone sighted near Uri"
    citation.save()
    assert matches(citation.event, "drone")
    assert not matches(citation.event, "artillery")


def test_deleting_a_citation_forgets_its_quote():
    citation = CitationFactory(quote="Artillery fire near Poonch")
    event = citation.event
    citation.delete()
    assert not matches(event, "artillery")


def test_moving_a_citation_updates_both_events():
    citation = CitationFactory(quote="Artillery fire")
    before = citation.event
    after = EventFactory(timeline=before.timeline)
    # A plain QuerySet.update: no Django signal, the trigger still sees it.
    type(citation).objects.filter(pk=citation.pk).update(event=after)
    assert matches(after, "artillery")
    assert not matches(before, "artillery")


def test_renaming_an_actor_place_or_type_updates_their_events():
    actor = ActorFactory(name="Old Name")
    place = PlaceFactory(name="Old Town")
    event = EventFactory(place=place)
    EventActorFactory(event=event, actor=actor)
    actor.name = "Zorawar"
    actor.save()
    place.name = "Kotli"
    place.save()
    event.event_type.label = "Skirmish"
    event.event_type.save()
    assert matches(event, "zorawar") and matches(event, "kotli") and matches(event, "skirmish")
    assert not matches(event, "town")


def test_changing_the_timeline_language_rebuilds_its_events_in_that_configuration():
    timeline = TimelineFactory(language="en")
    event = EventFactory(title="Mediation offered", timeline=timeline)
    timeline.language = "ur"  # no Urdu configuration: "simple", no stemming
    timeline.save()
    assert matches(event, "mediation")
    assert not matches(event, "mediate")


def test_seed_bench_stores_the_vector_the_triggers_would_build():
    call_command("seed_bench", timelines=1, events=60, citations_per_event=2, stdout=io.StringIO())
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), count(*) FILTER (WHERE e.search_vector IS DISTINCT FROM "
            "timeline_event_search_vector(e)) FROM timeline_event e"
        )
        total, differing = cursor.fetchone()
        cursor.execute(
            "SELECT count(*) FROM pg_trigger WHERE tgname LIKE '%%search_vector' "
            "AND tgenabled = 'D'"
        )
        disabled = cursor.fetchone()[0]
    assert (total, differing, disabled) == (60, 0, 0)


def test_an_import_builds_each_events_vector_from_its_actors_quotes_and_place(tmp_path):
    # Imports defer the per-row triggers and rebuild each new event's vector once (0014).
    from pathlib import Path

    path = Path(__file__).parent / "data" / "acled_older_dataid_2020.csv"
    call_command("import_timeline", str(path), "--timeline", "acled-search", stdout=io.StringIO())
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), count(*) FILTER (WHERE e.search_vector IS DISTINCT FROM "
            "timeline_event_search_vector(e)), count(*) FILTER (WHERE e.search_vector IS NULL) "
            "FROM timeline_event e"
        )
        assert cursor.fetchone() == (10, 0, 0)
    haifa = Event.objects.get(external_id="acled:ISR1786")
    assert matches(haifa, "haifa")
    actor = haifa.event_actors.select_related("actor").first().actor.name
    assert matches(haifa, actor)


def test_after_an_import_the_triggers_work_again_in_the_same_transaction():
    from pathlib import Path

    path = Path(__file__).parent / "data" / "acled_older_dataid_2020.csv"
    call_command("import_timeline", str(path), "--timeline", "acled-after", stdout=io.StringIO())
    event = EventFactory(title="Later event")
    CitationFactory(event=event, quote="A distinctive zebrafish quote")
    assert matches(event, "zebrafish")
