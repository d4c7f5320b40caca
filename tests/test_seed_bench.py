"""`manage.py seed_bench`: synthetic timelines for benchmarks (COPY on PostgreSQL)."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from tests.factories import EventFactory, SourceFactory
from timeline.management.synthetic import SEARCH_TERMS
from timeline.models import Actor, Citation, Event, EventActor, Source, Timeline

pytestmark = pytest.mark.django_db


def seed(**options) -> str:
    out = io.StringIO()
    arguments = {"timelines": 2, "events": 50, "sources": 30, "citations_per_event": 2}
    call_command("seed_bench", stdout=out, **{**arguments, **options})
    return out.getvalue()


def test_seeds_the_requested_timelines_events_sources_and_citations():
    output = seed()
    assert Timeline.objects.filter(slug__in=["bench-1", "bench-2"]).count() == 2
    assert Event.objects.filter(timeline__slug="bench-1").count() == 50
    assert Event.objects.filter(timeline__slug="bench-2").count() == 50
    assert Source.objects.count() == 30
    assert Citation.objects.count() == 200
    assert Actor.objects.count() == 100
    assert EventActor.objects.filter(event__timeline__slug="bench-2").count() >= 50
    assert "100 events" in output and "200 citations" in output


def test_search_terms_occur_in_their_known_share_of_events():
    seed()
    events = Event.objects.filter(timeline__slug__startswith="bench-")
    assert events.filter(summary__icontains=SEARCH_TERMS["broad"]).count() == 30
    assert events.filter(title__icontains=SEARCH_TERMS["medium"]).count() == 1
    assert events.filter(summary__icontains=SEARCH_TERMS["rare"]).count() == 1


def test_text_includes_devanagari_and_urdu():
    seed(events=200)
    assert Event.objects.filter(language="hi", summary__contains="देशों").exists() or (
        Event.objects.filter(language="hi", summary__contains="सेना").exists()
    )
    assert Event.objects.filter(language="ur").exists()
    assert Actor.objects.filter(name="پاک فوج").exists()


def test_same_seed_gives_the_same_text():
    seed(prefix="first")
    seed(prefix="second")
    first = list(Event.objects.filter(timeline__slug="first-1").values_list("title", "date"))
    second = list(Event.objects.filter(timeline__slug="second-1").values_list("title", "date"))
    assert first == second


def test_seeded_rows_skip_history_and_ordinary_saves_still_work_after():
    seed()
    assert not Event.history.exists()
    event = EventFactory(timeline=Timeline.objects.get(slug="bench-1"))
    assert event.pk > Event.objects.exclude(pk=event.pk).order_by("-pk").first().pk
    SourceFactory()


def test_seeded_timeline_renders_as_a_chronology(client):
    seed(timelines=1, events=20)
    response = client.get("/timelines/bench-1/")
    assert response.status_code == 200
    assert (
        response.text.count('<article class="event')
        == Event.objects.filter(
            timeline__slug="bench-1", status="published", deleted_at__isnull=True
        ).count()
    )


def test_existing_prefix_is_refused_with_a_clear_message():
    seed(timelines=1, events=1)
    with pytest.raises(CommandError, match="already exist"):
        seed(timelines=1, events=1)


def test_fewer_sources_than_citations_per_event_is_refused():
    with pytest.raises(CommandError, match="--sources must be at least"):
        seed(sources=1, citations_per_event=2)
