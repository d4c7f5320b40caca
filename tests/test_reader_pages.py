"""The event, source and actor pages."""

from __future__ import annotations

import datetime

import pytest

from tests.factories import (
    ActorFactory,
    CitationFactory,
    EventActorFactory,
    EventFactory,
    SourceFactory,
    TimelineFactory,
)
from timeline.models import Stance

pytestmark = pytest.mark.django_db


def test_event_page_shows_every_citation_in_full(client):
    event = EventFactory(title="Ceasefire announced")
    source = SourceFactory(
        title="Guns fall silent",
        publisher="Dawn",
        author="A. Reporter",
        url="https://www.dawn.com/news/1",
        archive_url="https://web.archive.org/web/2025/https://www.dawn.com/news/1",
        accessed_at=datetime.datetime(2025, 5, 20, tzinfo=datetime.UTC),
        language="en",
    )
    CitationFactory(
        event=event,
        source=source,
        quote="The guns fell silent.",
        attribution="Pakistan's army",
        stance=Stance.DENIES,
    )
    text = client.get(event.get_absolute_url()).text
    assert '<h1 class="event-title"' in text
    assert "Ceasefire announced</h1>" in text
    for shown in (
        "<dt>Who says it</dt><dd><bdi>Pakistan&#x27;s army</bdi></dd>",
        "<dt>Stance</dt><dd>Denies the event</dd>",
        "<dt>Author</dt><dd><bdi>A. Reporter</bdi></dd>",
        "<dt>Language</dt><dd>English</dd>",
        ">web.archive.org</a>",
        ">20 May 2025</time>",
        "<p>The guns fell silent.</p>",
        'Disputed<span class="standing-note">: a source denies it</span>',
    ):
        assert shown in text


def test_event_page_links_to_the_previous_and_next_events(client, demo):
    events = list(demo.events.order_by("date", "precision", "position"))
    middle = events[3]
    text = client.get(middle.get_absolute_url()).text
    assert f'<a rel="prev" href="{events[2].get_absolute_url()}">' in text
    assert f'<a rel="next" href="{events[4].get_absolute_url()}">' in text
    assert "Event 4 of 7" in text
    first = client.get(events[0].get_absolute_url()).text
    assert 'rel="prev"' not in first
    assert 'rel="next"' in first


def test_event_page_neighbours_skip_drafts_and_deleted_events(client):
    timeline = TimelineFactory()
    before = EventFactory(timeline=timeline, title="Before", date="2025-05-01")
    EventFactory(timeline=timeline, title="Draft", date="2025-05-02", status="draft")
    EventFactory(timeline=timeline, title="Gone", date="2025-05-03", deleted_at="2025-05-04T00:00Z")
    event = EventFactory(timeline=timeline, title="This one", date="2025-05-05")
    text = client.get(event.get_absolute_url()).text
    assert f'<a rel="prev" href="{before.get_absolute_url()}">' in text
    assert "Draft" not in text.split('class="prev-next"')[1]


def test_draft_event_page_is_not_found_for_readers(client):
    draft = EventFactory(status="draft")
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_source_page_shows_metadata_and_the_events_citing_it(client):
    source = SourceFactory(
        title="Ceasefire holds", publisher="Dawn", url="https://www.dawn.com/news/1"
    )
    cited = EventFactory(title="Truce holds")
    CitationFactory(event=cited, source=source, quote="Calm returned.")
    unpublished = EventFactory(title="Draft truce", status="draft")
    CitationFactory(event=unpublished, source=source)
    text = client.get(source.get_absolute_url()).text
    assert '<h1 lang="en" dir="ltr">Ceasefire holds</h1>' in text
    assert "<dt>Publisher</dt><dd><bdi>Dawn</bdi></dd>" in text
    assert (
        '<a href="https://www.dawn.com/news/1" rel="nofollow noopener noreferrer">dawn.com</a>'
        in text
    )
    assert "Truce holds" in text
    assert "Calm returned." in text
    assert "Draft truce" not in text


def test_source_without_citing_events_says_so(client):
    assert (
        "No published event cites this source yet."
        in client.get(SourceFactory().get_absolute_url()).text
    )


def test_actor_page_shows_their_events_across_published_timelines(client):
    actor = ActorFactory(name="United States", slug="united-states")
    first = TimelineFactory(title="Kashmir 2025")
    second = TimelineFactory(title="Trade talks")
    hidden = TimelineFactory(title="Secret", status="draft")
    EventActorFactory(event=EventFactory(timeline=first, title="Offer to mediate"), actor=actor)
    EventActorFactory(event=EventFactory(timeline=second, title="Tariffs announced"), actor=actor)
    EventActorFactory(event=EventFactory(timeline=hidden, title="Hidden event"), actor=actor)
    text = client.get(actor.get_absolute_url()).text
    assert "<h1><bdi>United States</bdi></h1>" in text
    assert text.index("Kashmir 2025") < text.index("Offer to mediate")
    assert text.index("Trade talks") < text.index("Tariffs announced")
    assert "Hidden event" not in text
    assert f'href="{first.get_absolute_url()}?actor=united-states"' in text


def test_actor_with_two_roles_in_one_event_lists_it_once(client):
    actor = ActorFactory(slug="india")
    event = EventFactory(title="Border clash")
    EventActorFactory(event=event, actor=actor, role="initiator")
    EventActorFactory(event=event, actor=actor, role="target")
    assert client.get(actor.get_absolute_url()).text.count('<article class="event') == 1
