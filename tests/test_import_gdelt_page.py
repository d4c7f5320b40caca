"""The GDELT filters on the import page: the same choices as the command line, checked in place."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from timeline.models import Event

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
V2_2015 = DATA / "gdelt2_20151027220000.export.CSV"
V2_2019 = DATA / "gdelt2_20191024143000.export.CSV"
ACLED = DATA / "acled_current_somalia_2025.csv"


def import_url(timeline):
    return reverse("timeline:import", kwargs={"slug": timeline.slug})


def preview(client, timeline, path, fmt="auto", **filters):
    upload = SimpleUploadedFile(path.name, path.read_bytes())
    data = {"file": upload, "format": fmt}
    data.update({f"gdelt_{name}": value for name, value in filters.items()})
    return client.post(import_url(timeline), data)


def field_errors(html: str, name: str) -> str:
    match = re.search(rf'<ul class="errorlist" id="id_gdelt_{name}_error">(.*?)</ul>', html, re.S)
    return match.group(1) if match else ""


def test_the_page_offers_the_gdelt_filters_with_their_limits(editor_client, timeline):
    html = editor_client.get(import_url(timeline)).text
    assert "<summary>GDELT filters (for GDELT events files only)</summary>" in html
    assert 'name="gdelt_countries"' in html and 'name="gdelt_cameo"' in html
    assert 'name="gdelt_since"' in html and 'name="gdelt_until"' in html
    assert "Up to 30 codes." in html


def test_countries_keep_only_matching_rows_in_preview_and_import(editor_client, timeline):
    response = preview(editor_client, timeline, V2_2015, countries="ind")
    assert response.status_code == 200
    assert "Only the rows kept by the GDELT filters: countries IND." in response.text
    assert "Importing will add <strong>2 events</strong>" in response.text
    editor_client.post(import_url(timeline), {"token": response.context["token"]})
    assert sorted(Event.objects.values_list("external_id", flat=True)) == [
        "gdelt:479491243",
        "gdelt:479491244",
    ]


def test_cameo_and_days_filter_an_auto_detected_file(editor_client, timeline):
    response = preview(
        editor_client, timeline, V2_2019, cameo="0841, 19", since="2018-01-01", until="2019-12-31"
    )
    assert response.status_code == 200
    editor_client.post(import_url(timeline), {"token": response.context["token"]})
    assert sorted(Event.objects.values_list("external_id", flat=True)) == [
        "gdelt:881990839",
        "gdelt:881990863",
    ]


def test_a_bad_country_code_is_named_next_to_the_field(editor_client, timeline):
    response = preview(editor_client, timeline, V2_2015, countries="IND, India, P4K")
    assert response.status_code == 422
    assert "Not a code: INDIA, P4K. Use codes like IND, PAK or IN, PK." in field_errors(
        response.text, "countries"
    )
    assert not Event.objects.exists()


def test_a_cameo_code_outside_the_root_codes_is_refused(editor_client, timeline):
    response = preview(editor_client, timeline, V2_2015, cameo="19, 21, 7")
    assert response.status_code == 422
    assert "Not a code: 21, 7. Use codes like 19, 190 or 0871." in field_errors(
        response.text, "cameo"
    )


def test_too_many_codes_are_refused(editor_client, timeline):
    codes = (
        ", ".join(f"{n:02d}" for n in range(1, 21))
        + ", "
        + ", ".join(f"{n:03d}" for n in range(10, 21))
    )
    response = preview(editor_client, timeline, V2_2015, cameo=codes)
    assert "31 codes: at most 30." in field_errors(response.text, "cameo")


def test_a_day_not_in_iso_form_is_refused(editor_client, timeline):
    response = preview(editor_client, timeline, V2_2015, since="18/02/2015")
    assert response.status_code == 422
    assert "Enter a day as YYYY-MM-DD, for example 2015-02-18." in field_errors(
        response.text, "since"
    )


def test_an_end_before_the_start_is_refused_on_the_end(editor_client, timeline):
    response = preview(editor_client, timeline, V2_2015, since="2015-02-18", until="2015-02-01")
    assert response.status_code == 422
    assert "This day (2015-02-01) is before the first day (2015-02-18)." in field_errors(
        response.text, "until"
    )
    assert '<details class="gdelt-filters" open>' in response.text


def test_filters_on_a_file_that_is_not_gdelt_are_refused(editor_client, timeline):
    response = preview(editor_client, timeline, ACLED, countries="SOM")
    assert response.status_code == 422
    assert (
        "These filters are for GDELT events files; this file was read as ACLED CSV export."
        in field_errors(response.text, "countries")
    )
    assert not Event.objects.exists()


def test_the_confirm_step_applies_the_filters_of_the_preview(editor_client, timeline):
    response = preview(editor_client, timeline, V2_2015, fmt="gdelt", countries="IS")
    assert "Importing will add <strong>1 event</strong>" in response.text
    editor_client.post(import_url(timeline), {"token": response.context["token"]})
    assert list(Event.objects.values_list("external_id", flat=True)) == ["gdelt:479491260"]
