"""The plain reader pages of the foundation: index, chronology, event, source, actor, health."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import EventFactory, TimelineFactory

pytestmark = pytest.mark.django_db


def test_index_lists_published_timelines_only(client):
    TimelineFactory(title="Published story")
    TimelineFactory(title="Secret draft", status="draft")
    response = client.get("/")
    assert response.status_code == 200
    assert "Published story" in response.text
    assert "Secret draft" not in response.text


def test_chronology_shows_demo_events_with_dates_types_and_sources(client, demo):
    response = client.get(demo.get_absolute_url())
    text = response.text
    assert response.status_code == 200
    assert text.index("1972") < text.index("10 May 2025") < text.index("11 May 2025")
    assert "Ceasefire announced" in text
    assert "According to <bdi>India&#x27;s foreign minister</bdi>" in text
    assert "India Pakistan Ceasefire News: Tensions Rise Amid US Mediation Offer" in text


def test_draft_timeline_is_not_found_for_readers(client):
    draft = TimelineFactory(status="draft")
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_draft_timeline_is_visible_to_its_editor(editor_client, editor):
    draft = TimelineFactory(status="draft", editors=[editor])
    assert editor_client.get(draft.get_absolute_url()).status_code == 200


def test_deleted_event_is_not_shown(client):
    event = EventFactory(title="Gone event", deleted_at="2025-05-12T00:00:00Z")
    # Precondition: the page is there and shows the timeline's live events.
    EventFactory(timeline=event.timeline, title="Live event")
    response = client.get(event.timeline.get_absolute_url())
    assert response.status_code == 200 and "Live event" in response.text
    assert "Gone event" not in response.text


def test_event_page_shows_the_event(client, demo):
    event = demo.events.get(title__startswith="US offers")
    response = client.get(event.get_absolute_url())
    assert response.status_code == 200
    assert "President Trump offering to help resolve the issue" in response.text


def test_unknown_event_is_404(client, demo):
    url = reverse("timeline:event", kwargs={"slug": demo.slug, "pk": 999999})
    assert client.get(url).status_code == 404


def test_summary_markdown_is_sanitised(client):
    event = EventFactory(summary="**bold** <script>alert(1)</script> [x](javascript:alert(1))")
    text = client.get(event.timeline.get_absolute_url()).text
    assert "<strong>bold</strong>" in text
    assert "<script>alert(1)" not in text
    assert 'href="javascript:' not in text


def test_pages_send_a_csp_without_inline_script(client, demo):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_healthz_answers_when_the_database_does(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
