"""The map of a chronology: one mark per place, precision visible, same filters as the list."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.bulk_events import build_long_timeline
from tests.factories import EventFactory, PlaceFactory, TimelineFactory, event_type
from timeline.caching import parts
from timeline.models import GeoPrecision, Place, PublicationStatus

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def marks(html: str) -> dict[str, str]:
    """Each map mark's link and its accessible name, by place name."""
    found = re.findall(r'<a href="([^"]+)"[^>]*class="p\d"><title>([^<]+)</title>', html)
    return {label.split(":")[0]: (url, label) for url, label in found}


@pytest.fixture
def story():
    timeline = TimelineFactory(slug="story", status=PublicationStatus.PUBLISHED)
    town = PlaceFactory(
        name="Poonch",
        slug="poonch",
        latitude=Decimal("33.77"),
        longitude=Decimal("74.09"),
        geo_precision=GeoPrecision.TOWN,
    )
    region = PlaceFactory(
        name="Line of Control",
        slug="line-of-control",
        latitude=Decimal("34.09"),
        longitude=Decimal("74.03"),
        geo_precision=GeoPrecision.REGION,
    )
    nowhere = PlaceFactory(name="Somewhere", slug="somewhere")
    for _ in range(3):
        EventFactory(timeline=timeline, place=town, event_type=event_type("ceasefire-violation"))
    EventFactory(timeline=timeline, place=town, event_type=event_type("statement"))
    EventFactory(timeline=timeline, place=region, event_type=event_type("ceasefire-violation"))
    EventFactory(timeline=timeline, place=nowhere)
    EventFactory(timeline=timeline, place=None)
    return timeline


def test_map_shows_one_mark_per_place_with_its_count_and_types(client, story):
    html = client.get("/timelines/story/map/").content.decode()
    found = marks(html)
    assert set(found) == {"Poonch", "Line of Control"}
    assert (
        "Poonch: 4 events (Ceasefire violation: 3; Statement: 1); exact place" in found["Poonch"][1]
    )
    assert "Line of Control: 1 event" in found["Line of Control"][1]


def areas(html: str) -> list[str]:
    areas = html[html.index('<g class="map-areas"') :]
    return re.findall(r'<circle class="(p\d)"', areas[: areas.index("</g>")])


def test_region_is_a_soft_area_and_town_a_point(client, story):
    html = client.get("/timelines/story/map/").content.decode()
    assert areas(html) == ["p3"]  # the Line of Control's; Poonch, a town, has none
    assert re.search(r'class="p3"><title>Line of Control: 1 event', html)
    assert re.search(r'class="p1"><title>Poonch: 4 events', html)


def test_an_event_coarser_than_its_place_is_drawn_at_its_own_precision(client, story):
    EventFactory(
        timeline=story,
        place=Place.objects.get(slug="poonch"),
        geo_precision=GeoPrecision.NEAR_TOWN,
        title="Near Poonch",
    )
    html = client.get("/timelines/story/map/").content.decode()
    poonch = re.search(r'class="p1"><title>Poonch: 5 events.*?</a>', html, re.S)
    assert "4 exact, 1 near" in poonch.group(0)
    assert sorted(areas(html)) == ["p2", "p3"]


def test_events_without_coordinates_are_counted_not_placed(client, story):
    html = client.get("/timelines/story/map/").content.decode()
    note = re.search(r'<p class="map-unplaced">(.*?)</p>', html, re.S).group(1)
    assert "Not on the map: 2 events" in note
    assert "1 with no place" in note and "1 at a place without coordinates" in note
    assert "Somewhere" in note
    assert "Somewhere" not in marks(html)


def test_mark_links_to_the_list_narrowed_to_its_place(client, story):
    url, _ = marks(client.get("/timelines/story/map/").content.decode())["Poonch"]
    assert url == "?place=poonch"  # relative to the map's own address
    narrowed = client.get("/timelines/story/map/" + url).content.decode()
    assert "4 of 7 events match" in narrowed
    assert set(marks(narrowed)) == {"Poonch"}


def test_map_obeys_the_type_filter(client, story):
    html = client.get("/timelines/story/map/?type=statement").content.decode()
    found = marks(html)
    assert set(found) == {"Poonch"}
    assert "Poonch: 1 event (Statement: 1)" in found["Poonch"][1]


def test_htmx_filter_swaps_list_and_map_together_and_pushes_the_url(client, story):
    response = client.get("/timelines/story/map/?type=statement&junk=1", **HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="event-list"')
    assert 'class="map-chart"' in html
    assert response["HX-Push-Url"] == "/timelines/story/map/?type=statement"


def test_table_of_places_follows_the_map(client, story):
    html = client.get("/timelines/story/map/").content.decode()
    table = html[html.index('<table class="map-places">') :]
    assert html.index('class="map-chart"') < html.index('<table class="map-places">')
    rows = re.findall(
        r"<tr><th scope=\"row\">.*?<bdi>(.*?)</bdi>.*?<td class=\"number\">(\d+)", table
    )
    assert rows == [("Poonch", "4"), ("Line of Control", "1")]


def test_map_names_its_source_and_draws_the_line_of_control(client, story):
    html = client.get("/timelines/story/map/").content.decode()
    assert 'class="map-loc"' in html and ">Line of Control</text>" in html
    assert "Natural Earth" in html and "not an international border" in html
    assert "the map names no country" in html


def test_map_elsewhere_names_its_source_but_not_kashmir(client):
    timeline = TimelineFactory(slug="far", status=PublicationStatus.PUBLISHED)
    kyiv = PlaceFactory(name="Kyiv", slug="kyiv", latitude=Decimal("50.45"), longitude=30)
    EventFactory(timeline=timeline, place=kyiv)
    html = client.get("/timelines/far/map/").content.decode()
    assert "Natural Earth" in html
    assert "Line of Control" not in html and "Kashmir is disputed" not in html


def test_list_page_links_to_the_map_with_the_same_filters(client, story):
    html = client.get("/timelines/story/?type=statement").content.decode()
    assert 'href="/timelines/story/map/?type=statement"' in html
    assert 'class="map-chart"' not in html


def test_drafts_are_not_on_a_readers_map(client, story):
    EventFactory(
        timeline=story,
        place=PlaceFactory(name="Secret", slug="secret", latitude=1, longitude=1),
        status=PublicationStatus.DRAFT,
    )
    assert "Secret" not in client.get("/timelines/story/map/").content.decode()


def test_map_without_located_events_says_so(client):
    TimelineFactory(slug="empty", status=PublicationStatus.PUBLISHED)
    html = client.get("/timelines/empty/map/").content.decode()
    assert 'class="map-chart"' not in html
    assert "nothing to map" in html


def test_map_of_the_demo_has_a_mark_for_each_located_place(client, demo):
    html = client.get(demo.get_absolute_url() + "map/").content.decode()
    located = Place.objects.filter(events__timeline=demo, latitude__isnull=False).distinct()
    assert set(marks(html)) == {p.name for p in located}
    assert len(located) == 3


def test_demo_places_keep_their_location_when_loaded_again(demo):
    from io import StringIO

    from django.core.management import call_command

    place = Place.objects.get(slug="kashmir")
    place.latitude = Decimal("34.1")
    place.save()
    call_command("load_demo", stdout=StringIO())
    place.refresh_from_db()
    assert place.latitude == Decimal("34.1")
    assert place.geo_precision == GeoPrecision.REGION


def _queries(client, url, **headers) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **headers)
    assert response.status_code == 200
    assert 'class="map-chart"' in response.text
    return len(captured)


@pytest.mark.parametrize("query", ["", "?type=attack", "?q=talks"])
def test_map_page_costs_six_queries_cold_and_three_warm_at_any_size(client, query):
    small, large = build_long_timeline(10, slug="small"), build_long_timeline(200, slug="large")
    for index, place in enumerate(Place.objects.all()):
        place.latitude, place.longitude = 30 + index, 70 + index
        place.save()
    counts = []
    for timeline in (small, large):
        url = timeline.get_absolute_url() + "map/" + query
        cache.clear()
        parts.clear()
        cold = _queries(client, url)
        # Another response (not the cached one), its facets and cards from the cache.
        warm = _queries(client, url + ("&" if query else "?") + "again=1")
        counts.append((cold, warm))
    # Cold: version, timeline, facets, the map (which counts the matches too), the page (its
    # actors and tags with it), its citations. Warm: version, the map, the page.
    assert counts == [(6, 3), (6, 3)]
