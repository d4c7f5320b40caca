"""Out again: events.csv?columns=acled reads back as the same events; the JSON keeps every field."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import EventFactory, TimelineFactory
from timeline.formats import acled
from timeline.formats.import_files import read_import
from timeline.formats.import_plan import import_plan
from timeline.models import Event, Period, Timeline
from timeline.services.imports import import_apply

pytestmark = pytest.mark.django_db

CURRENT = Path(__file__).parent / "data" / "acled_current_somalia_2025.csv"


def load(raw: bytes, timeline=None, **options):
    plan = import_plan(read_import(raw, name="file"), timeline=timeline, **options)
    assert plan.ok, plan.describe()
    return import_apply(plan)


def described(timeline) -> list[tuple]:
    rows = []
    for event in Event.objects.filter(timeline=timeline).for_export(include_drafts=True):
        place = event.place
        rows.append(
            (
                event.external_id,
                event.title,
                event.summary,
                event.date,
                event.precision,
                event.approximate,
                event.event_type.slug,
                sorted((p.actor.name, p.role) for p in event.event_actors.all()),
                (place.name, place.latitude, place.longitude) if place else None,
                event.geo_precision,
                event.fatalities,
                sorted(c.source.publisher for c in event.citations.all()),
                event.dataset_fields,
            )
        )
    return sorted(rows)


def test_acled_columns_are_acleds_current_header(client, editor, timeline):
    client.force_login(editor)
    load(CURRENT.read_bytes(), timeline)
    url = reverse("timeline:events_csv", kwargs={"slug": timeline.slug})
    response = client.get(url + "?columns=acled&drafts=1")
    assert response["Content-Disposition"] == 'attachment; filename="ceasefire-acled.csv"'
    header = response.content.decode().split("\r\n", 1)[0]
    assert header.split(",") == acled.COLUMNS
    assert len(acled.COLUMNS) == 31


def test_an_acled_export_reads_back_as_the_same_events(client, editor, timeline):
    client.force_login(editor)
    load(CURRENT.read_bytes(), timeline)
    url = reverse("timeline:events_csv", kwargs={"slug": timeline.slug})
    exported = client.get(url + "?columns=acled&drafts=1").content
    rows = list(csv.DictReader(io.StringIO(exported.decode())))
    strike = next(r for r in rows if r["event_id_cnty"] == "SOM49639")
    assert strike["event_date"] == "2025-04-01"
    assert strike["actor1"] == "Military Forces of the United States (2025-)"
    assert strike["assoc_actor_1"] == "Military Forces of Somalia (2022-)"
    assert strike["actor2"] == "Islamic State Somalia Province"
    assert strike["inter1"] == "External/Other forces"
    assert strike["fatalities"] == "3"
    copy = TimelineFactory(slug="copy", editors=[editor])
    load(exported, copy)
    assert described(copy) == described(timeline)


def test_events_not_from_acled_are_described_by_their_types_codes(client, editor, timeline):
    client.force_login(editor)
    event = EventFactory(timeline=timeline, status="published", fatalities=None)
    url = reverse("timeline:events_csv", kwargs={"slug": timeline.slug})
    rows = list(csv.DictReader(io.StringIO(client.get(url + "?columns=acled").content.decode())))
    assert rows[0]["event_id_cnty"] == f"TL{event.pk}"
    assert rows[0]["event_type"] == event.event_type.acled_event_type
    assert rows[0]["fatalities"] == ""


def test_the_lossless_json_carries_the_new_fields_and_periods(client, editor, timeline):
    client.force_login(editor)
    load(CURRENT.read_bytes(), timeline)
    Period.objects.create(
        timeline=timeline, title="Gu' season", start_date="2025-04-01", end_date="2025-06-30"
    )
    url = reverse("timeline:export_json", kwargs={"slug": timeline.slug}) + "?drafts=1"
    document = json.loads(client.get(url).content)
    strike = next(e for e in document["events"] if e["external_id"] == "acled:SOM49640")
    assert strike["fatalities"] == 0 and strike["geo_precision"] == 2
    assert strike["dataset_fields"]["acled"]["disorder_type"] == "Political violence"
    assert document["periods"][0]["title"] == "Gu' season"
    place = next(p for p in document["places"] if p["name"] == "Masjid Cali Gaduud")
    assert place["geo_precision"] == 2

    Timeline.objects.all().delete()
    load(json.dumps(document).encode())
    copy = Timeline.objects.get(slug="ceasefire")
    copy.editors.add(editor)
    assert json.loads(client.get(url).content) == document
