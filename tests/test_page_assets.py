"""What each page sends: editing assets only to editors, export links that resolve."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import EventFactory, UserFactory

pytestmark = pytest.mark.django_db

EDITOR_ASSETS = ("/static/css/editor.css", "/static/js/editor.js")


def test_readers_chronology_carries_no_editor_script_or_stylesheet(client, timeline):
    EventFactory(timeline=timeline, title="Ceasefire agreed")
    page = client.get(timeline.get_absolute_url()).content.decode()
    assert "Ceasefire agreed" in page
    for asset in EDITOR_ASSETS:
        assert asset not in page


def test_logged_in_non_editor_gets_no_editor_assets_on_the_chronology(client, timeline):
    client.force_login(UserFactory(username="someone-else"))
    page = client.get(timeline.get_absolute_url()).content.decode()
    assert "Ceasefire" in page
    for asset in EDITOR_ASSETS:
        assert asset not in page


def test_editors_chronology_carries_the_editor_script_and_stylesheet(editor_client, timeline):
    page = editor_client.get(timeline.get_absolute_url()).content.decode()
    assert "Add event" in page
    for asset in EDITOR_ASSETS:
        assert asset in page


def test_editors_own_pages_carry_the_editor_script_and_stylesheet(editor_client, timeline):
    event = EventFactory(timeline=timeline)
    for url in (
        reverse("timeline:event_new", args=[timeline.slug]),
        reverse("timeline:event_history", args=[timeline.slug, event.pk]),
        reverse("timeline:timeline_activity", args=[timeline.slug]),
        reverse("timeline:source_new"),
    ):
        response = editor_client.get(url)
        assert response.status_code == 200, url
        for asset in EDITOR_ASSETS:
            assert asset in response.content.decode(), (url, asset)


def test_chronology_export_links_lead_to_the_exports(client, timeline):
    EventFactory(timeline=timeline, title="Ceasefire agreed")
    page = client.get(timeline.get_absolute_url()).content.decode()
    for name in ("feed", "timelinejs", "events_csv", "export_json"):
        url = reverse(f"timeline:{name}", args=[timeline.slug])
        assert f'href="{url}"' in page, name
        response = client.get(url)
        assert response.status_code == 200, name
        assert b"Ceasefire agreed" in b"".join(
            getattr(response, "streaming_content", None) or [response.content]
        )
