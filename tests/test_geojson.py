"""events.geojson: an RFC 7946 FeatureCollection of the events with coordinates."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from tests.factories import EventFactory, PlaceFactory, TimelineFactory, UserFactory, event_type
from timeline.models import Event, GeoPrecision, PublicationStatus

pytestmark = pytest.mark.django_db

URL = "/timelines/story/events.geojson"


def check_rfc7946_shape(document: dict) -> None:
    """The members RFC 7946 requires of a FeatureCollection of Points (§3.1.2, §3.2, §3.3)."""
    assert document["type"] == "FeatureCollection"
    assert "crs" not in document  # §4: no CRS member; WGS 84 only
    assert isinstance(document["features"], list)
    for feature in document["features"]:
        assert feature["type"] == "Feature"
        assert set(feature) >= {"type", "geometry", "properties"}
        assert isinstance(feature["properties"], dict)
        assert isinstance(feature.get("id"), str | int | float)
        geometry = feature["geometry"]
        assert geometry["type"] == "Point"
        position = geometry["coordinates"]
        assert isinstance(position, list) and len(position) == 2  # §3.1.1: [lon, lat]
        longitude, latitude = position
        assert all(isinstance(v, int | float) and not isinstance(v, bool) for v in position)
        assert -180 <= longitude <= 180 and -90 <= latitude <= 90


@pytest.fixture
def story():
    timeline = TimelineFactory(slug="story", status=PublicationStatus.PUBLISHED)
    muzaffarabad = PlaceFactory(
        name="Muzaffarabad",
        slug="muzaffarabad",
        country_code="PK",
        latitude=Decimal("34.370020"),
        longitude=Decimal("73.470820"),
        geo_precision=GeoPrecision.TOWN,
    )
    poonch = PlaceFactory(
        name="Poonch", slug="poonch", latitude=Decimal("33.77"), longitude=Decimal("74.09")
    )
    EventFactory(timeline=timeline, place=muzaffarabad, event_type=event_type("statement"))
    EventFactory(
        timeline=timeline,
        place=poonch,
        event_type=event_type("ceasefire-violation"),
        geo_precision=GeoPrecision.REGION,
    )
    EventFactory(timeline=timeline, place=PlaceFactory(name="Unlocated", slug="unlocated"))
    EventFactory(timeline=timeline, place=poonch, status=PublicationStatus.DRAFT, title="Draft")
    return timeline


def test_geojson_has_rfc7946_shape_and_media_type(client, story):
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    document = json.loads(response.content)
    check_rfc7946_shape(document)
    assert len(document["features"]) == 2
    assert document["events_without_coordinates"] == 1


def test_geojson_coordinates_match_the_database(client, story):
    document = json.loads(client.get(URL).content)
    for feature in document["features"]:
        event = Event.objects.select_related("place").get(pk=feature["id"])
        assert feature["geometry"]["coordinates"] == [
            float(event.place.longitude),
            float(event.place.latitude),
        ]
        assert feature["properties"]["place"] == event.place.name
        assert feature["properties"]["title"] == event.title
        assert feature["properties"]["date"] == event.date.isoformat()


def test_geojson_properties_carry_type_standing_and_own_precision(client, story):
    document = json.loads(client.get(URL).content)
    by_place = {f["properties"]["place"]: f["properties"] for f in document["features"]}
    assert by_place["Muzaffarabad"]["type"] == "statement"
    assert by_place["Muzaffarabad"]["geo_precision"] == GeoPrecision.TOWN
    assert by_place["Muzaffarabad"]["standing"] == "unsourced"
    assert by_place["Muzaffarabad"]["country"] == "PK"
    assert by_place["Poonch"]["geo_precision"] == GeoPrecision.REGION


def test_geojson_obeys_the_chronologys_filters(client, story):
    document = json.loads(client.get(URL + "?type=statement").content)
    assert [f["properties"]["place"] for f in document["features"]] == ["Muzaffarabad"]
    document = json.loads(client.get(URL + "?place=poonch").content)
    assert [f["properties"]["place"] for f in document["features"]] == ["Poonch"]


def test_geojson_leaves_drafts_out_for_readers_and_gives_them_to_editors(client, story):
    assert "Draft" not in client.get(URL).content.decode()
    assert "Draft" not in client.get(URL + "?drafts=1").content.decode()
    editor = UserFactory(username="geo-editor")
    story.editors.add(editor)
    client.force_login(editor)
    response = client.get(URL + "?drafts=1")
    assert "Draft" in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"


def test_geojson_of_a_draft_timeline_is_not_found(client):
    TimelineFactory(slug="hidden", status=PublicationStatus.DRAFT)
    assert client.get("/timelines/hidden/events.geojson").status_code == 404


def test_geojson_reports_a_bad_filter_and_applies_the_rest(client, story):
    document = json.loads(client.get(URL + "?type=statement&from=notadate").content)
    assert len(document["features"]) == 1
    assert any("From" in problem for problem in document["problems"])


def test_geojson_queries_do_not_grow_with_events(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.bulk_events import build_long_timeline
    from timeline.models import Place

    small, large = build_long_timeline(10, slug="small"), build_long_timeline(200, slug="large")
    Place.objects.update(latitude=Decimal("34.1"), longitude=Decimal("74.0"))
    counts = []
    for timeline in (small, large):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"/timelines/{timeline.slug}/events.geojson?type=attack")
        assert response.status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1] <= 5
