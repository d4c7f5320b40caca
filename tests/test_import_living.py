"""Living datasets and partial imports: external ids, updates with history, conflicts, skipping."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from tests.factories import UserFactory
from timeline.formats.import_files import read_import
from timeline.formats.import_plan import import_plan
from timeline.models import Actor, Event, Place, Source
from timeline.services.imports import import_apply

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
CURRENT = DATA / "acled_current_somalia_2025.csv"


def run(raw: bytes, timeline, user=None, **options):
    plan = import_plan(read_import(raw, name="acled.csv"), timeline=timeline, **options)
    assert plan.ok, plan.describe()
    return plan, import_apply(plan, user=user)


def snapshot():
    return {
        "events": Event.objects.count(),
        "history": Event.history.count(),
        "actors": Actor.objects.count(),
        "places": Place.objects.count(),
        "sources": Source.objects.count(),
    }


def test_importing_the_same_file_again_changes_nothing(timeline):
    raw = CURRENT.read_bytes()
    run(raw, timeline)
    before = snapshot()
    plan, result = run(raw, timeline)
    assert len(plan.unchanged) == 12
    assert (result.events, result.updated, result.conflicts) == (0, 0, 0)
    assert snapshot() == before


def test_a_newer_export_updates_changed_events_with_history_under_the_importer(timeline):
    importer = UserFactory(username="importer")
    run(CURRENT.read_bytes(), timeline)
    newer = CURRENT.read_text().replace(
        'At least 4 militants were killed, including 1 senior fighter.",4,',
        'At least 6 militants were killed, including 1 senior fighter.",6,',
    )
    plan, result = run(newer.encode(), timeline, user=importer)
    assert [(m.record.where, m.changed) for m in plan.refreshes] == [
        ("Row 7", ["summary", "fatalities"])
    ]
    assert "Row 7: update" in plan.describe()
    assert (result.events, result.updated, result.unchanged) == (0, 1, 11)
    clash = Event.objects.get(external_id="acled:SOM49659")
    assert clash.fatalities == 6
    assert clash.version == 2
    latest = clash.history.latest("history_date")
    assert latest.history_user == importer
    assert latest.history_change_reason == "Updated from a newer file: summary, fatalities"
    # Importing the newer file once more is a no-op again.
    again, _ = run(newer.encode(), timeline)
    assert len(again.unchanged) == 12 and not again.refreshes


def test_an_event_edited_by_hand_is_a_conflict_and_is_kept(timeline):
    run(CURRENT.read_bytes(), timeline)
    clash = Event.objects.get(external_id="acled:SOM49659")
    clash.title = "Ambush near Qansax Dheere (checked with our stringer)"
    clash.save()
    newer = CURRENT.read_text().replace('including 1 senior fighter.",4,', 'fighter.",6,')
    plan, result = run(newer.encode(), timeline)
    assert result.conflicts == 1 and result.updated == 0
    assert [str(w) for w in plan.warnings if w.where == "Row 7"] == [
        'Row 7: "Ambush near Qansax Dheere (checked with our stringer)" was edited here since it '
        "was imported; the file would change its title, summary, fatalities. Skipped (import "
        "with overwrite to replace it)"
    ]
    clash.refresh_from_db()
    assert clash.title.startswith("Ambush near Qansax Dheere")
    assert clash.fatalities == 4


def test_overwrite_replaces_a_hand_edited_event(timeline):
    run(CURRENT.read_bytes(), timeline)
    Event.objects.filter(external_id="acled:SOM49659").update(fatalities=40)
    out = io.StringIO()
    call_command(
        "import_timeline", str(CURRENT), "--timeline", "ceasefire", "--overwrite", stdout=out
    )
    assert "1 updated" in out.getvalue()
    assert Event.objects.get(external_id="acled:SOM49659").fatalities == 4


def test_skip_problems_imports_the_valid_rows_and_lists_the_refused(timeline, tmp_path):
    bad = tmp_path / "acled.csv"
    bad.write_text(
        CURRENT.read_text()
        .replace("SOM49640,2025-04-02", "SOM49640,sometime")
        .replace(",3.7807,41.8943,", ",3.7807,400,")
    )
    out = io.StringIO()
    call_command(
        "import_timeline", str(bad), "--timeline", "ceasefire", "--skip-problems", stdout=out
    )
    text = out.getvalue()
    assert "Refused: Row 3, event_date:" in text
    assert "Refused: Row 13, longitude: 400 is out of range (-180 to 180)" in text
    assert "Imported 10 events" in text and "2 rows refused" in text
    assert not Event.objects.filter(external_id__in=["acled:SOM49640", "acled:SOM49693"])


def test_without_skip_problems_a_bad_row_still_stops_the_file(timeline):
    raw = CURRENT.read_text().replace("SOM49640,2025-04-02", "SOM49640,sometime").encode()
    plan = import_plan(read_import(raw, name="acled.csv"), timeline=timeline)
    assert not plan.ok and not plan.refused


def test_the_preview_checkbox_imports_only_the_valid_rows(client, timeline, editor):
    client.force_login(editor)
    url = reverse("timeline:import", kwargs={"slug": timeline.slug})
    raw = CURRENT.read_text().replace("SOM49640,2025-04-02", "SOM49640,sometime").encode()
    preview = client.post(url, {"file": SimpleUploadedFile("acled.csv", raw), "format": "auto"})
    assert preview.status_code == 422
    assert "import the 11 valid events" in preview.text
    token = preview.context["token"]
    unchecked = client.post(url, {"token": token})
    assert unchecked.status_code == 409
    assert Event.objects.count() == 0
    done = client.post(url, {"token": token, "skip_problems": "1"}, follow=True)
    assert "Imported 11 events from acled.csv. 1 rows with problems were left out." in done.text
    assert Event.objects.filter(timeline=timeline).count() == 11
