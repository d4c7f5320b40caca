"""The live stream, /timelines/<slug>/live/: published changes as Server-Sent Events."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from tests.factories import EventFactory, PlaceFactory, TimelineFactory, UserFactory, event_type
from timeline.models import EventChange, PublicationStatus

pytestmark = [
    pytest.mark.django_db,
    # The development (WSGI) stream ends after LIVE_MAX_SECONDS; keep it short in tests.
    pytest.mark.usefixtures("short_streams"),
]


@pytest.fixture
def short_streams():
    with override_settings(LIVE_MAX_SECONDS=0.3, LIVE_POLL_SECONDS=0.05):
        yield


def messages(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode()
    found = []
    for block in text.split("\n\n"):
        fields = {}
        for line in block.splitlines():
            name, _, value = line.partition(": ")
            if name in {"id", "event", "data"}:
                fields[name] = value
        if "id" in fields:
            found.append(fields)
    return found


def live(client, timeline, **extra):
    return client.get(f"/timelines/{timeline.slug}/live/", **extra)


def test_the_stream_is_an_event_stream_that_is_neither_cached_nor_buffered(client):
    response = live(client, TimelineFactory())
    assert response.status_code == 200
    assert response["Content-Type"] == "text/event-stream"
    assert response["Cache-Control"] == "no-store"
    assert response["X-Accel-Buffering"] == "no"


def test_each_message_has_the_cursor_as_id_and_names_its_event(client):
    event = EventFactory()
    [message] = messages(live(client, event.timeline, QUERY_STRING="after=0"))
    change = EventChange.objects.get(event_id=event.pk)
    assert message["id"] == str(change.pk)
    assert message["event"] == "created"
    assert f'"event": {event.pk}' in message["data"]
    assert f"/timelines/{event.timeline.slug}/live/events/{event.pk}/" in message["data"]


def test_last_event_id_resumes_after_the_last_message_seen(client):
    timeline = TimelineFactory()
    first, second = EventFactory(timeline=timeline), EventFactory(timeline=timeline)
    seen = EventChange.objects.get(event_id=first.pk).pk
    sent = messages(live(client, timeline, HTTP_LAST_EVENT_ID=str(seen)))
    assert [m["data"].count(f'"event": {second.pk}') for m in sent] == [1]


def test_after_in_the_address_resumes_too(client):
    timeline = TimelineFactory()
    first, _second = EventFactory(timeline=timeline), EventFactory(timeline=timeline)
    seen = EventChange.objects.get(event_id=first.pk).pk
    response = client.get(f"/timelines/{timeline.slug}/live/?after={seen}")
    assert len(messages(response)) == 1


def test_a_reader_who_names_no_cursor_starts_from_now(client):
    event = EventFactory()
    assert messages(live(client, event.timeline)) == []


def test_a_malformed_last_event_id_is_a_400(client):
    response = live(client, TimelineFactory(), HTTP_LAST_EVENT_ID="abc")
    assert response.status_code == 400
    assert "not a number" in response.content.decode()


def test_draft_events_are_never_sent(client):
    timeline = TimelineFactory()
    EventFactory(timeline=timeline, status=PublicationStatus.DRAFT, title="Embargoed")
    response = live(client, timeline, QUERY_STRING="after=0")
    assert messages(response) == []


def test_a_draft_timelines_stream_is_not_found_for_readers(client):
    assert live(client, TimelineFactory(status=PublicationStatus.DRAFT)).status_code == 404


def test_its_editor_may_follow_a_draft_timeline(client):
    editor = UserFactory()
    timeline = TimelineFactory(status=PublicationStatus.DRAFT, editors=[editor])
    client.force_login(editor)
    assert live(client, timeline).status_code == 200


def test_the_live_card_of_a_draft_event_is_not_found_for_readers(client):
    event = EventFactory(status=PublicationStatus.DRAFT)
    url = f"/timelines/{event.timeline.slug}/live/events/{event.pk}/"
    assert client.get(url).status_code == 404


def test_the_live_card_is_the_chronology_card_of_the_event(client):
    event = EventFactory(title="Talks in Riyadh")
    response = client.get(f"/timelines/{event.timeline.slug}/live/events/{event.pk}/?level=4")
    body = response.content.decode()
    assert f'id="event-{event.pk}"' in body
    assert "<h4" in body and "Talks in Riyadh" in body


def card_in_view(client, event, query):
    return client.get(f"/timelines/{event.timeline.slug}/live/events/{event.pk}/?level=3&{query}")


def test_the_live_card_says_no_content_for_an_event_outside_the_readers_type_filter(client):
    event = EventFactory(title="Shelling in Poonch", event_type=event_type("statement"))
    response = card_in_view(client, event, "type=ceasefire-violation")
    assert response.status_code == 204
    assert response.content == b""


def test_the_live_card_of_an_event_of_the_filtered_view_is_its_card(client):
    poonch = PlaceFactory(name="Poonch")
    event = EventFactory(title="Shelling in Poonch", place=poonch)
    response = card_in_view(client, event, f"place={poonch.slug}&type={event.event_type.slug}")
    assert response.status_code == 200
    assert "Shelling in Poonch" in response.content.decode()


def test_the_live_card_says_no_content_for_an_event_at_another_place(client):
    timeline = TimelineFactory()
    EventFactory(timeline=timeline, place=PlaceFactory(name="Poonch"))
    elsewhere = EventFactory(timeline=timeline, place=PlaceFactory(name="Uri"))
    assert card_in_view(client, elsewhere, "place=poonch").status_code == 204


def test_the_live_card_answers_for_a_search_as_the_chronology_does(client):
    timeline = TimelineFactory()
    talks = EventFactory(timeline=timeline, title="Talks resume in Riyadh")
    shelling = EventFactory(timeline=timeline, title="Shelling across the line")
    assert card_in_view(client, talks, "q=riyadh").status_code == 200
    assert card_in_view(client, shelling, "q=riyadh").status_code == 204


def test_the_live_card_ignores_the_order_alone(client):
    event = EventFactory()
    assert card_in_view(client, event, "order=newest").status_code == 200


def test_filters_tell_readers_nothing_about_a_draft_event(client):
    event = EventFactory(status=PublicationStatus.DRAFT, event_type=event_type("statement"))
    for query in ("type=statement", "type=ceasefire-violation"):
        assert card_in_view(client, event, query).status_code == 404


def test_the_view_costs_the_live_card_one_query_and_reads_no_facets(client):
    event = EventFactory(place=PlaceFactory(name="Poonch"))
    url = f"/timelines/{event.timeline.slug}/live/events/{event.pk}/"
    client.get(url)  # the card is cached from here on, for both requests alike
    with CaptureQueriesContext(connection) as plain:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as filtered:
        assert client.get(url + "?place=poonch&type=statement").status_code == 200
    assert len(filtered) == len(plain) + 1
