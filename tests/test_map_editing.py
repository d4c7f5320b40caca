"""An editor's change made on the map (`/timelines/<slug>/map/`) keeps the map, showing it."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.editing import event_form_data
from tests.factories import EventFactory, PlaceFactory
from timeline.models import GeoPrecision

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def marks(html: str) -> dict[str, str]:
    """Each map mark's accessible name, by place name."""
    found = re.findall(r'<a href="[^"]+"[^>]*class="p\d"><title>([^<]+)</title>', html)
    return {label.split(":")[0]: label for label in found}


@pytest.fixture
def places():
    poonch = PlaceFactory(
        name="Poonch",
        slug="poonch",
        latitude=Decimal("33.77"),
        longitude=Decimal("74.09"),
        geo_precision=GeoPrecision.TOWN,
    )
    uri = PlaceFactory(
        name="Uri",
        slug="uri",
        latitude=Decimal("34.08"),
        longitude=Decimal("74.05"),
        geo_precision=GeoPrecision.TOWN,
    )
    return poonch, uri


def on(timeline, path: str = "map/") -> dict:
    return HTMX | {"HX-Current-URL": f"http://testserver{timeline.get_absolute_url()}{path}"}


def edit_url(event) -> str:
    return reverse("timeline:event_edit", kwargs={"slug": event.timeline.slug, "pk": event.pk})


def test_edit_that_moves_the_card_on_the_map_refreshes_list_and_map(
    editor_client, timeline, places
):
    poonch, _ = places
    EventFactory(timeline=timeline, place=poonch, title="Shelling")
    event = EventFactory(timeline=timeline, place=poonch, title="Talks")
    data = event_form_data(event, title="Talks", date="1 January 2024", place="Uri")
    response = editor_client.post(edit_url(event), data, headers=on(timeline))
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#event-list"
    assert 'class="map-chart"' in response.text
    found = marks(response.text)
    assert found["Uri"].startswith("Uri: 1 event")
    assert found["Poonch"].startswith("Poonch: 1 event")
    # Its links and tabs stay those of the map.
    assert 'aria-current="page">List and map</a>' in response.text


def test_edit_in_place_on_the_map_redraws_the_map_beside_the_card(editor_client, timeline, places):
    poonch, _ = places
    event = EventFactory(timeline=timeline, place=poonch, title="Talks")
    data = event_form_data(event, title="Talks", date=event.partial_date.display(), place="Uri")
    response = editor_client.post(edit_url(event), data, headers=on(timeline))
    assert response.status_code == 200
    assert "HX-Retarget" not in response  # the card alone, in place
    assert f'id="event-{event.pk}"' in response.text
    panel = re.search(r'<section [^>]*id="map-panel"[^>]*>', response.text).group(0)
    assert 'hx-swap-oob="true"' in panel
    assert set(marks(response.text)) == {"Uri"}


def test_edit_on_the_plain_list_sends_no_map(editor_client, timeline, places):
    poonch, _ = places
    event = EventFactory(timeline=timeline, place=poonch, title="Talks")
    data = event_form_data(event, title="Talks", date=event.partial_date.display(), place="Uri")
    response = editor_client.post(edit_url(event), data, headers=on(timeline, ""))
    assert response.status_code == 200
    assert 'id="map-panel"' not in response.text


def test_event_added_on_the_map_appears_on_it(editor_client, timeline, places):
    poonch, _ = places
    EventFactory(timeline=timeline, place=poonch, title="Shelling")
    url = reverse("timeline:event_new", kwargs={"slug": timeline.slug})
    response = editor_client.post(url, event_form_data(place="Uri"), headers=on(timeline))
    assert response.status_code == 200
    assert set(marks(response.text)) == {"Poonch", "Uri"}


def test_event_deleted_on_the_map_leaves_it(editor_client, timeline, places):
    poonch, uri = places
    EventFactory(timeline=timeline, place=poonch, title="Shelling")
    event = EventFactory(timeline=timeline, place=uri, title="Talks")
    url = reverse("timeline:event_delete", kwargs={"slug": timeline.slug, "pk": event.pk})
    response = editor_client.post(url, headers=on(timeline))
    assert response.status_code == 200
    assert "<strong>Event deleted:</strong> Talks" in response.text
    assert set(marks(response.text)) == {"Poonch"}


def test_filtered_map_keeps_its_filter_after_an_edit(editor_client, timeline, places):
    poonch, uri = places
    EventFactory(timeline=timeline, place=poonch, title="Shelling")
    event = EventFactory(timeline=timeline, place=uri, title="Talks")
    data = event_form_data(event, title="Talks", date="1 January 2024", place="Uri")
    response = editor_client.post(edit_url(event), data, headers=on(timeline, "map/?place=uri"))
    assert set(marks(response.text)) == {"Uri"}
