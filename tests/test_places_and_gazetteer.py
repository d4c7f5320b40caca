"""Place pages, the gazetteer's suggestions, and a new place's location from the event form."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.editing import event_form_data
from tests.factories import EventFactory, PlaceFactory, TimelineFactory, UserFactory
from timeline.maps import gazetteer
from timeline.models import Event, GeoPrecision, Place

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


# Place pages ----------------------------------------------------------------------------------


def test_place_page_lists_published_events_across_timelines(client):
    place = PlaceFactory(
        name="Poonch",
        slug="poonch",
        latitude=Decimal("33.77"),
        longitude=Decimal("74.09"),
        geo_precision=GeoPrecision.TOWN,
    )
    for slug in ("one", "two"):
        timeline = TimelineFactory(slug=slug, title=f"Story {slug}", status="published")
        EventFactory(timeline=timeline, place=place, title=f"Shelling in {slug}")
    html = client.get("/places/poonch/").content.decode()
    assert "Shelling in one" in html and "Shelling in two" in html
    assert "33.7700° N, 74.0900° E" in html
    assert "Town or exact place" in html
    assert 'href="/timelines/one/map/?place=poonch"' in html


def test_place_page_never_shows_drafts(client):
    place = PlaceFactory(name="Uri", slug="uri")
    published = TimelineFactory(slug="pub", status="published")
    hidden = TimelineFactory(slug="hidden", status="draft", title="Hidden story")
    EventFactory(timeline=published, place=place, title="Draft event", status="draft")
    EventFactory(timeline=hidden, place=place, title="In a draft timeline")
    EventFactory(timeline=published, place=place, title="Deleted", deleted_at="2025-05-11T00:00Z")
    html = client.get("/places/uri/").content.decode()
    assert "Draft event" not in html
    assert "In a draft timeline" not in html and "Hidden story" not in html
    assert "Deleted" not in html
    assert "No published events happened at" in html


def test_unknown_place_page_is_not_found(client):
    assert client.get("/places/nowhere/").status_code == 404


def test_place_page_follows_an_edit_of_the_place(client):
    place = PlaceFactory(name="Uri", slug="uri")
    assert "No coordinates recorded" in client.get("/places/uri/").content.decode()
    place.latitude, place.longitude = Decimal("34.08"), Decimal("74.05")
    place.save()
    assert "34.0800° N" in client.get("/places/uri/").content.decode()


def test_event_card_place_link_still_narrows_the_chronology(client):
    place = PlaceFactory(name="Uri", slug="uri")
    timeline = TimelineFactory(slug="s", status="published")
    EventFactory(timeline=timeline, place=place)
    assert 'href="/timelines/s/?place=uri"' in client.get("/timelines/s/").content.decode()


# The gazetteer --------------------------------------------------------------------------------


def test_gazetteer_finds_muzaffarabad_with_its_coordinates_and_country():
    match = gazetteer.suggest("Muzaffarabad")[0]
    assert match.country_code == "PK" and match.country_name == "Pakistan"
    assert abs(match.latitude - 34.37) < 0.01 and abs(match.longitude - 73.47) < 0.01
    assert match.precision == GeoPrecision.TOWN


def test_gazetteer_matches_prefixes_without_accents_or_case():
    assert gazetteer.suggest("muzaffarab")[0].name == "Muzaffarābād"


def test_gazetteer_ignores_too_short_and_too_long_queries():
    assert gazetteer.suggest("m") == []
    assert gazetteer.suggest("a" * 500) == []


def test_gazetteer_endpoint_offers_buttons_that_fill_the_new_place(editor_client, timeline):
    html = editor_client.get("/editor/places/gazetteer/?key=new&place=Muzaffarabad").content
    html = html.decode()
    assert 'data-gazetteer-for="edit-new-"' in html
    assert 'data-latitude="34.37002"' in html and 'data-longitude="73.47082"' in html
    assert 'data-country="PK"' in html and 'data-precision="1"' in html
    assert "Use Muzaffarābād, Pakistan" in html


def test_gazetteer_endpoint_is_for_editors_only(client):
    assert client.get("/editor/places/gazetteer/?place=Uri").status_code == 302
    client.force_login(UserFactory(username="reader"))
    assert client.get("/editor/places/gazetteer/?place=Uri").status_code == 403


def test_event_form_has_the_new_place_fields_and_asks_the_gazetteer(editor_client, timeline):
    html = editor_client.get(f"/timelines/{timeline.slug}/events/new/").content.decode()
    assert 'hx-get="/editor/places/gazetteer/?key=new"' in html
    assert 'id="edit-new-place_latitude"' in html and 'id="edit-new-place_precision"' in html


def test_new_place_is_created_with_the_gazetteers_location(editor_client, timeline):
    data = event_form_data(
        place="Muzaffarabad",
        place_latitude="34.37002",
        place_longitude="73.47082",
        place_country="pk",
        place_precision="1",
    )
    response = editor_client.post(f"/timelines/{timeline.slug}/events/new/", data)
    assert response.status_code == 302
    place = Place.objects.get(name="Muzaffarabad")
    assert (place.latitude, place.longitude) == (Decimal("34.370020"), Decimal("73.470820"))
    assert place.country_code == "PK" and place.geo_precision == GeoPrecision.TOWN
    assert Event.objects.get(timeline=timeline).place == place


def test_new_place_fields_leave_a_known_place_alone(editor_client, timeline):
    PlaceFactory(name="Uri", slug="uri", latitude=Decimal("34.08"), longitude=Decimal("74.05"))
    data = event_form_data(place="Uri", place_latitude="1", place_longitude="2")
    assert editor_client.post(f"/timelines/{timeline.slug}/events/new/", data).status_code == 302
    assert Place.objects.get(slug="uri").latitude == Decimal("34.080000")


def test_half_a_coordinate_pair_is_refused_next_to_the_field(editor_client, timeline):
    data = event_form_data(place="Somewhere new", place_latitude="34.1")
    response = editor_client.post(f"/timelines/{timeline.slug}/events/new/", data)
    assert response.status_code == 422
    assert "Give both the latitude and the longitude" in response.content.decode()
    assert not Place.objects.filter(name="Somewhere new").exists()
    assert not Event.objects.exists()


def test_out_of_range_latitude_is_refused(editor_client, timeline):
    data = event_form_data(place="Far", place_latitude="91", place_longitude="10")
    response = editor_client.post(f"/timelines/{timeline.slug}/events/new/", data)
    assert response.status_code == 422
    assert "A latitude is between -90 and 90." in response.content.decode()


def test_event_may_be_coarser_than_its_place_but_not_finer(editor_client, timeline):
    PlaceFactory(name="Kashmir", slug="kashmir", geo_precision=GeoPrecision.REGION)
    url = f"/timelines/{timeline.slug}/events/new/"
    refused = editor_client.post(url, event_form_data(place="Kashmir", geo_precision="1"))
    assert refused.status_code == 422
    assert "less exactly than its place, not more" in refused.content.decode()
    PlaceFactory(name="Uri", slug="uri", geo_precision=GeoPrecision.TOWN)
    saved = editor_client.post(url, event_form_data(place="Uri", geo_precision="2", title="Near"))
    assert saved.status_code == 302
    assert Event.objects.get(title="Near").geo_precision == GeoPrecision.NEAR_TOWN


def test_place_page_queries_do_not_grow_with_events(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    place = PlaceFactory(name="Uri", slug="uri")
    timeline = TimelineFactory(slug="s", status="published")
    counts = []
    for total in (3, 30):
        for _ in range(total - Event.objects.count()):
            EventFactory(timeline=timeline, place=place)
        from django.core.cache import cache

        from timeline.caching import parts

        cache.clear()
        parts.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/places/uri/").status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1] <= 6
