"""ACLED places get the two-letter country code our places store (real files in tests/data)."""

from __future__ import annotations

from pathlib import Path

import pytest

from timeline.formats.import_files import read_import
from timeline.formats.import_plan import import_plan
from timeline.models import Event, Place
from timeline.services.imports import import_apply

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
CURRENT = DATA / "acled_current_somalia_2025.csv"
ONE_ROW_PER_ACTOR = DATA / "acled_monadic_spreadsheet_bangladesh_2024.csv"
OLDER = DATA / "acled_older_dataid_2020.csv"


def imported(raw: bytes, timeline):
    plan = import_plan(read_import(raw, name="export.csv"), timeline=timeline)
    assert plan.ok, plan.describe()
    import_apply(plan)
    return plan


def place_of(external_id) -> Place:
    return Event.objects.select_related("place").get(external_id="acled:" + external_id).place


def test_the_current_layout_gives_its_places_a_country_code(timeline):
    imported(CURRENT.read_bytes(), timeline)
    assert set(Place.objects.values_list("country_code", flat=True)) == {"SO"}


def test_the_one_row_per_actor_export_gives_its_places_a_country_code(timeline):
    imported(ONE_ROW_PER_ACTOR.read_bytes(), timeline)
    assert set(Place.objects.values_list("country_code", flat=True)) == {"BD"}


def test_the_older_layout_maps_each_numeric_iso_code(timeline):
    imported(OLDER.read_bytes(), timeline)
    assert {
        external_id: place_of(external_id).country_code
        for external_id in ("ISR1786", "YEM52360", "MEX17991", "UKR37045", "IND74387", "BLR373")
    } == {
        "ISR1786": "IL",
        "YEM52360": "YE",
        "MEX17991": "MX",
        "UKR37045": "UA",
        "IND74387": "IN",
        "BLR373": "BY",
    }


def test_the_country_name_decides_where_acled_writes_no_iso_code(timeline):
    # ACLED writes iso 0 for Kosovo, which has no ISO 3166 number.
    text = OLDER.read_text().replace(",804,UKR37045,", ",0,UKR37045,")
    text = text.replace(",Ukraine,", ",Kosovo,").replace(",UKR\n", ",\n")
    imported(text.encode(), timeline)
    assert place_of("UKR37045").country_code == "XK"


def test_acled_spellings_that_differ_from_geonames_are_known(timeline):
    text = OLDER.read_text().replace(",804,UKR37045,", ",,UKR37045,")
    text = text.replace(",Ukraine,", ",Democratic Republic of Congo,").replace(",UKR\n", ",\n")
    imported(text.encode(), timeline)
    assert place_of("UKR37045").country_code == "CD"


def test_an_unknown_country_is_imported_without_a_code_and_warned_about(timeline):
    text = OLDER.read_text().replace(",804,UKR37045,", ",999,UKR37045,")
    text = text.replace(",Ukraine,", ",Atlantis,").replace(",UKR\n", ",\n")
    plan = imported(text.encode(), timeline)
    assert place_of("UKR37045").country_code == ""
    assert [str(w) for w in plan.warnings if w.field == "country"] == [
        "Row 6, country: “Atlantis” (iso 999) has no ISO 3166 two-letter code we know: its places "
        "are imported without a country"
    ]
