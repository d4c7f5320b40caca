"""Tags on events: per timeline, a repeatable tag= filter with counts, shown on cards, exported."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.urls import reverse

from tests.factories import EventFactory, TimelineFactory
from timeline.models import Tag
from timeline.services.tags import tag_events

pytestmark = pytest.mark.django_db


@pytest.fixture
def tagged():
    timeline = TimelineFactory(slug="tagged", status="published")
    talks = EventFactory(timeline=timeline, title="Talks in Geneva", status="published")
    strike = EventFactory(timeline=timeline, title="Strike on the border", status="published")
    quiet = EventFactory(timeline=timeline, title="A quiet day", status="published")
    tag_events(timeline, [(talks, ["Diplomacy", "Geneva"]), (strike, ["Military"]), (quiet, [])])
    timeline.save()  # a new content version for the reader cache
    return timeline


def test_tags_belong_to_one_timeline(tagged):
    other = TimelineFactory(slug="other")
    event = EventFactory(timeline=other)
    tag_events(other, [(event, ["Diplomacy"])])
    assert Tag.objects.filter(slug="diplomacy").count() == 2


def test_the_tag_filter_shows_the_events_with_that_tag(client, tagged):
    page = client.get(tagged.get_absolute_url() + "?tag=military").text
    assert "Strike on the border" in page
    assert "Talks in Geneva" not in page and "A quiet day" not in page


def test_tag_is_repeatable_and_keeps_events_with_any_of_them(client, tagged):
    page = client.get(tagged.get_absolute_url() + "?tag=military&tag=geneva").text
    assert "Strike on the border" in page and "Talks in Geneva" in page
    assert "A quiet day" not in page


def test_the_tag_filter_offers_each_tag_with_its_count(client, tagged):
    page = client.get(tagged.get_absolute_url()).text
    assert "<legend>Tag</legend>" in page
    assert "Diplomacy (1)</label>" in page and "Military (1)</label>" in page


def test_an_unknown_tag_is_reported_and_left_out(client, tagged):
    page = client.get(tagged.get_absolute_url() + "?tag=nope").text
    assert "No event of this timeline is tagged “nope”; that tag was left out." in page
    assert "A quiet day" in page


def test_cards_show_their_tags_as_filter_links(client, tagged):
    page = client.get(tagged.get_absolute_url()).text
    assert '<a class="tag" href="/timelines/tagged/?tag=diplomacy"><bdi>Diplomacy</bdi></a>' in page


def test_tags_are_in_every_export(client, tagged):
    csv_url = reverse("timeline:events_csv", kwargs={"slug": tagged.slug})
    rows = list(csv.DictReader(io.StringIO(client.get(csv_url).content.decode())))
    assert {r["title"]: r["tags"] for r in rows}["Talks in Geneva"] == "Diplomacy; Geneva"
    json_url = reverse("timeline:export_json", kwargs={"slug": tagged.slug})
    events = json.loads(client.get(json_url).content)["events"]
    assert {e["title"]: e["tags"] for e in events}["Strike on the border"] == ["Military"]
    tljs_url = reverse("timeline:timelinejs", kwargs={"slug": tagged.slug})
    slides = json.loads(client.get(tljs_url).content)["events"]
    assert {s["text"]["headline"]: s["group"] for s in slides}["Strike on the border"] == "Military"
