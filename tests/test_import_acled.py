"""ACLED exports as people have them (real files in tests/data, see its README)."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.factories import ActorFactory, PlaceFactory
from timeline.dates import Precision
from timeline.formats.import_files import read_import
from timeline.formats.import_plan import import_plan
from timeline.models import Actor, Event, EventType, Place, Source
from timeline.services.imports import import_apply

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
CURRENT = DATA / "acled_current_somalia_2025.csv"
ONE_ROW_PER_ACTOR = DATA / "acled_monadic_spreadsheet_bangladesh_2024.csv"
OLDER = DATA / "acled_older_dataid_2020.csv"


def plan_of(path_or_bytes, timeline, **options):
    raw = path_or_bytes if isinstance(path_or_bytes, bytes) else path_or_bytes.read_bytes()
    bundle = read_import(raw, name="export.csv")
    return import_plan(bundle, timeline=timeline, **options)


def imported(path_or_bytes, timeline, **options):
    plan = plan_of(path_or_bytes, timeline, **options)
    assert plan.ok, plan.describe()
    return plan, import_apply(plan)


def event(external_id):
    return Event.objects.get(external_id=external_id)


def names(event, role):
    return sorted(p.actor.name for p in event.event_actors.all() if p.role == role)


def test_the_current_layout_is_recognised_by_its_header(timeline):
    bundle = read_import(CURRENT.read_bytes(), name="acled_data.csv")
    assert bundle.format == "acled"
    assert len(bundle.events) == 12


def test_each_row_becomes_an_event_with_its_acled_id(timeline):
    imported(CURRENT, timeline)
    strike = event("acled:SOM49639")
    assert strike.timeline == timeline
    assert strike.date == datetime.date(2025, 4, 1)
    assert strike.precision == Precision.DAY
    assert strike.approximate is False
    assert strike.summary.startswith("On 1 April 2025, US forces")
    assert Event.objects.filter(timeline=timeline).count() == 12


def test_the_type_is_found_by_its_acled_codes(timeline):
    imported(CURRENT, timeline)
    assert event("acled:SOM49639").event_type.slug == "military-strike"  # Air/drone strike
    assert event("acled:SOM49659").event_type.slug == "armed-clash"
    assert event("acled:SOM49644").event_type.slug == "protest"


def test_an_unknown_pair_takes_the_closest_type_and_the_row_says_so(timeline):
    plan = plan_of(CURRENT, timeline)
    grenade = [w for w in plan.warnings if w.where == "Row 13"]
    assert [str(w) for w in grenade] == [
        'Row 13, event_type: no event type has the codes "Explosions/Remote violence / Grenade"; '
        'imported as "Ceasefire violation" (same ACLED event type)'
    ]


def test_fatalities_are_kept_and_blank_stays_unknown(timeline):
    text = CURRENT.read_text()
    blanked = text.replace(
        "Multiple militants were killed and wounded. Unspecified number "
        'of fatalities coded as 3.",3,',
        'Multiple militants.",,',
        1,
    )
    imported(blanked.encode(), timeline)
    assert event("acled:SOM49639").fatalities is None
    assert event("acled:SOM49659").fatalities == 4
    assert event("acled:SOM49640").fatalities == 0


def test_actors_take_their_roles_and_kinds_from_the_row(timeline):
    imported(CURRENT, timeline)
    strike = event("acled:SOM49639")
    assert names(strike, "initiator") == [
        "Military Forces of Somalia (2022-)",
        "Military Forces of the United States (2025-)",
    ]
    assert names(strike, "target") == ["Islamic State Somalia Province"]
    assert Actor.objects.get(name="Islamic State Somalia Province").kind == "armed_group"
    assert Actor.objects.get(name="Military Forces of the United States (2025-)").kind == (
        "military"
    )


def test_existing_actors_are_matched_by_name_and_by_alias(timeline):
    shabaab = ActorFactory(name="al-Shabaab", aliases="Al Shabaab\nHarakat al-Shabaab")
    imported(CURRENT, timeline)
    assert names(event("acled:SOM49659"), "target") == ["al-Shabaab"]
    assert not Actor.objects.filter(name="Al Shabaab").exists()
    assert event("acled:SOM49693").event_actors.get(role="initiator").actor == shabaab


def test_places_carry_coordinates_and_events_their_own_precision(timeline):
    imported(CURRENT, timeline)
    strike = event("acled:SOM49640")
    assert strike.place.name == "Masjid Cali Gaduud"
    assert (float(strike.place.latitude), float(strike.place.longitude)) == (3.1808, 46.4354)
    assert strike.geo_precision == 2


def test_two_places_of_one_name_are_told_apart_by_their_coordinates(timeline):
    elsewhere = PlaceFactory(name="Mogadishu", latitude=10, longitude=10)
    imported(CURRENT, timeline)
    arrests = event("acled:SOM49671")
    assert arrests.place != elsewhere
    assert arrests.place.name == "Mogadishu"
    assert float(arrests.place.latitude) == pytest.approx(2.0414)
    assert Place.objects.filter(name="Mogadishu").count() == 2


def test_a_place_with_the_same_name_and_coordinates_is_reused(timeline):
    here = PlaceFactory(name="Mogadishu", latitude="2.0414", longitude="45.3337")
    imported(CURRENT, timeline)
    assert event("acled:SOM49671").place == here


def test_sources_are_publishers_without_urls(timeline):
    imported(CURRENT, timeline)
    strike = event("acled:SOM49640")
    assert sorted(c.source.publisher for c in strike.citations.all()) == [
        "Al Furqaan",
        "Baidoa News Agency",
        "Calamada",
    ]
    assert Source.objects.filter(publisher="Radio Kulmiye", url="").count() == 1


def test_acled_columns_without_a_field_are_kept(timeline):
    imported(CURRENT, timeline)
    kept = event("acled:SOM49672").dataset_fields["acled"]
    assert kept["disorder_type"] == "Political violence"
    assert kept["civilian_targeting"] == "Civilian targeting"
    assert kept["interaction"] == "Identity militia-Civilians"
    assert kept["admin1"] == "Sool"
    assert event("acled:SOM49644").dataset_fields["acled"]["tags"] == "crowd size=no report"


def test_an_export_with_one_row_per_actor_gives_one_event_with_all_its_actors(timeline):
    imported(ONE_ROW_PER_ACTOR, timeline)
    assert Event.objects.filter(timeline=timeline).count() == 7
    temple = event("acled:BGD28032")
    assert names(temple, "initiator") == ["Rioters (Bangladesh)"]
    assert names(temple, "target") == ["Civilians (Bangladesh)", "Hindu Group (Bangladesh)"]


def test_dates_resaved_by_a_spreadsheet_are_read(timeline):
    imported(ONE_ROW_PER_ACTOR, timeline)
    assert event("acled:BGD28031").date == datetime.date(2024, 8, 5)


def test_dates_written_out_in_words_are_read(timeline):
    text = CURRENT.read_text().replace("SOM49639,2025-04-01", "SOM49639,01 April 2025")
    imported(text.encode(), timeline)
    assert event("acled:SOM49639").date == datetime.date(2025, 4, 1)


def test_the_older_layout_with_data_id_and_iso3_is_read(timeline):
    imported(OLDER, timeline)
    assert Event.objects.filter(timeline=timeline).count() == 10
    protest = event("acled:IND74387")
    assert protest.date == datetime.date(2020, 5, 9)
    assert protest.event_type.slug == "protest"
    assert protest.dataset_fields["acled"]["iso3"] == "IND"
    assert Actor.objects.get(name="Rioters (India)").kind == "other"
    assert Actor.objects.get(name="Police Forces of Belarus (1994-)").kind == "military"


def test_time_precision_two_is_approximate_and_three_is_a_month(timeline):
    text = OLDER.read_text().replace(
        "7079169,376,ISR1785,1785,9-May-20,2020,1,", "7079169,376,ISR1785,1785,9-May-20,2020,3,"
    )
    imported(text.encode(), timeline)
    around = event("acled:MEX17991")
    assert (around.precision, around.approximate) == (Precision.DAY, True)
    month = event("acled:ISR1785")
    assert (month.date, month.precision, month.approximate) == (
        datetime.date(2020, 5, 1),
        Precision.MONTH,
        True,
    )


def test_crlf_and_na_cells_are_what_a_spreadsheet_leaves(timeline):
    text = OLDER.read_text().replace(",Haifa,,Haifa,", ",Haifa,NA,Haifa,").replace("\n", "\r\n")
    imported(text.encode(), timeline)
    assert "admin3" not in event("acled:ISR1786").dataset_fields["acled"]
    assert event("acled:ISR1786").place.name == "Haifa"


def test_a_bad_row_is_named_with_its_column(timeline):
    text = CURRENT.read_text().replace("SOM49639,2025-04-01", "SOM49639,1st of April")
    plan = plan_of(text.encode(), timeline)
    assert not plan.ok
    assert str(plan.errors[0]) == (
        'Row 2, event_date: "1st of April" is not a date ACLED writes (2024-08-05, '
        "05 August 2024 or 5-Aug-24)"
    )
    assert Event.objects.count() == 0


def test_the_command_imports_acled_with_its_format(timeline):
    out = io.StringIO()
    call_command(
        "import_timeline", str(CURRENT), "--format", "acled", "--timeline", "ceasefire", stdout=out
    )
    assert "Imported 12 events" in out.getvalue()
    assert EventType.objects.filter(slug="military-strike").get().events.count() == 4


def test_the_command_refuses_a_file_with_a_bad_row_and_changes_nothing(timeline, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(CURRENT.read_text().replace(",10.8548,", ",1000,"))
    with pytest.raises(CommandError, match="1 problem"):
        call_command("import_timeline", str(bad), "--timeline", "ceasefire", stdout=io.StringIO())
    assert Event.objects.count() == 0
