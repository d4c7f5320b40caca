"""GDELT event files (real 2.0 samples in tests/data): filters, CAMEO types, drafts."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pytest
from django.core.management import call_command

from timeline.formats.gdelt import GdeltFilters, read_gdelt
from timeline.formats.import_files import read_import
from timeline.formats.import_plan import import_plan
from timeline.models import Event
from timeline.services.imports import import_apply

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
V2_2019 = DATA / "gdelt2_20191024143000.export.CSV"
V2_2015 = DATA / "gdelt2_20151027220000.export.CSV"


def rows_of(path, **filters):
    with path.open(encoding="utf-8", newline="") as stream:
        return read_gdelt(stream, GdeltFilters(**filters))


def test_a_gdelt_file_is_recognised_without_a_header(timeline):
    bundle = read_import(V2_2019.read_bytes(), name="20191024143000.export.CSV")
    assert bundle.format == "gdelt"
    assert len(bundle.events) == 10


def test_each_row_is_a_draft_event_with_its_gdelt_id(timeline):
    plan = import_plan(read_import(V2_2019.read_bytes()), timeline=timeline)
    assert plan.ok, plan.describe()
    import_apply(plan)
    berlin = Event.objects.get(external_id="gdelt:881990839")
    assert berlin.status == "draft"
    assert berlin.date == datetime.date(2018, 10, 24)
    assert berlin.event_type.cameo_code == "190"  # "Use conventional military force"
    assert berlin.place.name == "Berlin, Berlin, Germany"
    assert float(berlin.place.latitude) == 52.5167
    assert berlin.geo_precision == 1
    assert berlin.dataset_fields["gdelt"]["NumMentions"] == "20"
    assert berlin.dataset_fields["gdelt"]["AvgTone"] == "-8.03827751196173"
    source = berlin.citations.get().source
    assert source.url.startswith("https://www.bgdailynews.com/news/international/germany-arrests")
    roles = sorted((p.actor.name, p.role) for p in berlin.event_actors.all())
    assert roles == [("German", "target"), ("Police", "initiator")]


def test_an_event_code_without_a_type_takes_its_root_with_a_warning(timeline):
    plan = import_plan(read_import(V2_2019.read_bytes()), timeline=timeline)
    warnings = [str(w) for w in plan.warnings if w.where == "Row 10"]
    assert warnings and warnings[0].startswith(
        'Row 10, EventCode: no event type has the codes "0841"'
    )


def test_countries_filter_on_actor_codes_and_action_geography():
    assert [e.external_id for e in rows_of(V2_2015, countries={"IND"}).events] == [
        "gdelt:479491243",
        "gdelt:479491244",
    ]
    assert {e.external_id for e in rows_of(V2_2019, countries={"GM"}).events} == {
        "gdelt:881990837",
        "gdelt:881990838",
        "gdelt:881990839",
    }


def test_cameo_filter_keeps_leading_zeros_and_roots():
    assert [e.external_id for e in rows_of(V2_2019, cameo={"0841"}).events] == ["gdelt:881990863"]
    assert [e.external_id for e in rows_of(V2_2019, cameo={"19"}).events] == ["gdelt:881990839"]
    assert [e.external_id for e in rows_of(V2_2019, cameo={"17"}).events] == ["gdelt:881990862"]


def test_date_filters():
    late = rows_of(V2_2019, since=datetime.date(2019, 1, 1)).events
    assert {e.date.date for e in late} == {datetime.date(2019, 9, 24)}
    early = rows_of(V2_2019, until=datetime.date(2018, 12, 31)).events
    assert len(early) == 8


def test_a_gdelt_1_row_of_57_or_58_columns_is_read():
    # GDELT 1.0 has no ADM2 codes (and its back files no SOURCEURL): drop them from a 2.0 row.
    cells = V2_2019.read_text().splitlines()[7].split("\t")
    v1 = cells[:39] + cells[40:47] + cells[48:55] + cells[56:59] + ["20191024"]
    assert len(v1) == 57
    text = "\t".join(v1) + "\n" + "\t".join(v1 + ["http://example.org/a"]) + "\n"
    bundle = read_gdelt(io.StringIO(text))
    assert len(bundle.events) == 1  # the same GLOBALEVENTID twice: one event
    assert bundle.events[0].place == "place:berlin, berlin, germany@52.516700,13.400000"
    assert bundle.events[0].event_type == "cameo:190"


def test_a_row_of_another_width_is_named():
    bundle = read_gdelt(io.StringIO("1\t2\t3\n"))
    assert [str(p) for p in bundle.errors] == ["Row 1: has 3 columns; GDELT rows have 57, 58 or 61"]


def test_the_command_filters_while_it_reads(timeline):
    out = io.StringIO()
    call_command(
        "import_timeline",
        str(V2_2015),
        "--timeline",
        "ceasefire",
        "--format",
        "gdelt",
        "--countries",
        "IND,PAK",
        "--cameo",
        "14",
        stdout=out,
    )
    assert "Imported 2 events" in out.getvalue()
    assert set(Event.objects.values_list("external_id", flat=True)) == {
        "gdelt:479491243",
        "gdelt:479491244",
    }


V1_2016 = DATA / "gdelt1_20160728.export.CSV"


def test_a_real_gdelt_1_file_of_58_columns_is_recognised_and_read(timeline):
    bundle = read_import(V1_2016.read_bytes(), name="20160728.export.CSV")
    assert (bundle.format, len(bundle.events), bundle.errors) == ("gdelt", 19, [])


def test_a_real_gdelt_1_file_imports_as_drafts_with_place_actors_and_source(timeline):
    plan = import_plan(read_import(V1_2016.read_bytes(), name="events.csv"), timeline=timeline)
    assert plan.ok, plan.describe()
    import_apply(plan)
    assert Event.objects.filter(timeline=timeline).count() == 19
    event = Event.objects.get(external_id="gdelt:564114904")
    assert event.status == "draft"
    assert event.date == datetime.date(2016, 7, 28)
    assert (event.place.name, str(event.place.latitude), str(event.place.longitude)) == (
        "Karachi, Sindh, Pakistan",
        "24.866700",
        "67.050000",
    )
    assert sorted((p.actor.name, p.role) for p in event.event_actors.all()) == [
        ("Chief Minister", "target"),
        ("Karachi", "initiator"),
    ]
    assert [c.source.url for c in event.citations.all()] == [
        "http://aninews.in/newsdetail-NGFJeGpj/MjczNzY1YUl4amM/"
        "its-039-possible-039-russia-is-trying-to-sway-vote-for-trump-says-obama.html"
    ]
    assert event.dataset_fields["gdelt"]["GoldsteinScale"] == "5.0"


def test_the_country_filter_keeps_the_pakistani_rows_of_a_gdelt_1_file():
    kept = rows_of(V1_2016, countries={"PAK", "PK"}).events
    assert [e.external_id for e in kept] == [
        "gdelt:564114874",
        "gdelt:564114884",
        "gdelt:564114894",
        "gdelt:564114904",
        "gdelt:564114914",
        "gdelt:564114924",
        "gdelt:564114934",
    ]
