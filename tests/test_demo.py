"""The demo timeline built from the seed article."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from timeline.models import Actor, Citation, Event, Place, Source

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parents[1] / "timeline" / "demo"


def test_demo_timeline_is_published_with_seven_events_in_order(demo):
    titles = list(
        Event.objects.filter(timeline=demo).chronological().values_list("title", flat=True)
    )
    assert demo.is_published
    assert len(titles) == 7
    assert titles[0].startswith("India and Pakistan agree to settle disputes bilaterally")
    assert titles[1] == "US President Trump announces a ceasefire between India and Pakistan"
    assert titles[2].startswith("Ceasefire understanding violated")
    assert titles[-1].startswith("India's foreign minister sets conditions")


def test_load_demo_twice_changes_nothing(demo):
    counts = [m.objects.count() for m in (Event, Citation, Source, Actor, Place)]
    history = Event.history.count()
    call_command("load_demo", stdout=io.StringIO())
    assert [m.objects.count() for m in (Event, Citation, Source, Actor, Place)] == counts
    assert Event.history.count() == history


def test_every_demo_quote_is_a_verbatim_sentence_of_the_article(demo):
    article = (SEED / "india-pakistan-ceasefire-us-mediation.txt").read_text(encoding="utf-8")
    quotes = Citation.objects.filter(event__timeline=demo).values_list("quote", flat=True)
    assert quotes
    for quote in quotes:
        assert quote in article


def test_demo_article_source_has_no_invented_url_or_date(demo):
    [source] = Source.objects.all()
    assert source.title == "India Pakistan Ceasefire News: Tensions Rise Amid US Mediation Offer"
    assert source.url == ""
    assert source.published_at is None
    assert "Line of Control (LoC)" in source.text


def test_1972_agreement_is_dated_to_the_year(demo):
    event = Event.objects.get(timeline=demo, event_type__slug="agreement-signed")
    assert event.partial_date.display() == "1972"


def test_refusal_is_attributed_to_india_and_conditions_to_the_foreign_minister(demo):
    refusal = Citation.objects.get(event__title__startswith="India refuses")
    conditions = Citation.objects.get(event__title__startswith="India's foreign minister")
    assert refusal.attribution == "India"
    assert conditions.attribution == "India's foreign minister"
    assert {a.slug for a in conditions.event.actors.all()} == {"india-foreign-minister", "pakistan"}


def test_undated_events_say_how_their_date_was_chosen(demo):
    for event in Event.objects.filter(timeline=demo):
        assert "The article gives" in event.notes
