"""Hostile payloads arriving by import come out inert too, and importers never crash.

A CSV file carrying every payload in its text columns is imported through the import page
(upload, preview, confirm) as an editor would; then the chronology, the event pages and the
exports of the imported timeline are checked like those of hand-made events. Property-based
tests throw arbitrary bytes, CSV and JSON at the importers: a problem list or a plan, never an
exception; and what a plan accepts, applying it saves.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import TimelineFactory, UserFactory
from tests.hostile import inertness
from tests.hostile.payloads import CORPUS, storable
from tests.hostile.test_exports_and_editor_inert import atom_problems, csv_problems
from timeline.formats.import_files import read_import
from timeline.formats.import_plan import import_plan
from timeline.formats.records import ImportFileError
from timeline.models import SUMMARY_MAX_LENGTH, Event
from timeline.services.imports import ImportApplyError, import_apply

pytestmark = pytest.mark.django_db


def hostile_csv() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["date", "title", "event_type", "summary", "initiators", "place", "status"])
    for payload in CORPUS:
        text = storable(payload.text)
        writer.writerow(
            [
                "10 May 2025",
                text[:300],
                "statement",
                text[:SUMMARY_MAX_LENGTH],  # longer summaries are refused (tests/test_text_limits)
                text[:200],
                text[:200],
                "published",
            ]
        )
    return out.getvalue().encode()


def import_file(client, timeline, name: str, content: bytes):
    url = reverse("timeline:import", kwargs={"slug": timeline.slug})
    preview = client.post(url, {"file": SimpleUploadedFile(name, content), "format": "auto"})
    assert preview.status_code == 200, preview.content.decode()[:3000]
    return client.post(url, {"token": preview.context["token"]})


def test_payloads_imported_from_a_csv_come_out_inert(client, figures):
    editor = UserFactory(username="importer")
    timeline = TimelineFactory(slug="imported", title="Imported", editors=[editor])
    client.force_login(editor)

    response = import_file(client, timeline, "hostile.csv", hostile_csv())

    assert response.status_code == 302
    events = list(Event.objects.filter(timeline=timeline))
    assert len(events) == len(CORPUS)
    assert all(event.is_published for event in events)
    client.logout()
    problems, checked = [], 0
    pages = [timeline.get_absolute_url(), *(event.get_absolute_url() for event in events)]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        body = response.content.decode()
        problems += [f"{path}: {p}" for p in inertness.problems(body)]
        checked += 1
    feed = client.get(f"/timelines/{timeline.slug}/feed.atom").content
    problems += [f"feed: {p}" for p in atom_problems(feed)]
    spreadsheet = client.get(f"/timelines/{timeline.slug}/events.csv").content
    problems += [f"csv: {p}" for p in csv_problems(spreadsheet)]
    figures.add("hostile outputs checked (after an import)", checked + 2)
    assert problems == [], "\n".join(problems[:40])


def test_an_exported_hostile_timeline_imports_back_unchanged(client):
    editor = UserFactory(username="importer")
    source = TimelineFactory(slug="hostile-source", editors=[editor])
    target = TimelineFactory(slug="hostile-copy", editors=[editor])
    client.force_login(editor)
    assert import_file(client, source, "hostile.csv", hostile_csv()).status_code == 302
    exported = client.get(f"/timelines/{source.slug}/export.json").content

    assert import_file(client, target, "export.json", exported).status_code == 302

    def content(timeline):
        return sorted(
            Event.objects.filter(timeline=timeline).values_list("title", "summary", "date")
        )

    assert content(target) == content(source)


# --- Property-based: the importers never raise anything but their own errors -------------


def plan_and_apply(raw: bytes, name: str, timeline, user) -> None:
    try:
        bundle = read_import(raw, name=name)
    except ImportFileError as error:
        assert error.problems and all(p.message for p in error.problems)
        return
    plan = import_plan(bundle, timeline=timeline, may_create_types=False)
    if plan.ok:
        try:
            import_apply(plan, user=user)
        except ImportApplyError as error:
            assert error.problem.message
    else:
        assert all(problem.message for problem in plan.errors)


cells = st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\x00"), max_size=40)
date_cells = st.one_of(
    cells, st.sampled_from(["10 May 2025", "1972", "2025-02-30", "c. May 2025", "99999", ""])
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | cells,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(cells, children, max_size=4),
    max_leaves=20,
)
PROPERTY_SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture
def import_target():
    editor = UserFactory(username="property-importer")
    return TimelineFactory(slug="property-target", editors=[editor]), editor


@PROPERTY_SETTINGS
@given(raw=st.binary(max_size=600), name=st.sampled_from(["x.csv", "x.json", "x", "x.txt"]))
def test_importers_answer_any_bytes_with_problems_or_a_plan(import_target, raw, name):
    plan_and_apply(raw, name, *import_target)


@PROPERTY_SETTINGS
@given(
    rows=st.lists(
        st.fixed_dictionaries(
            {
                "date": date_cells,
                "title": cells,
                "event_type": st.sampled_from(["statement", "ceasefire-announced", "nope", ""]),
                "summary": cells,
                "initiators": cells,
                "place": cells,
                "latitude": st.sampled_from(["", "91", "-33.5", "x"]),
                "status": st.sampled_from(["", "draft", "published", "deleted"]),
            }
        ),
        max_size=5,
    )
)
def test_importers_answer_any_csv_rows_with_problems_or_a_plan(import_target, rows):
    out = io.StringIO()
    writer = csv.DictWriter(
        out,
        fieldnames=[
            "date",
            "title",
            "event_type",
            "summary",
            "initiators",
            "place",
            "latitude",
            "status",
        ],
    )
    writer.writeheader()
    writer.writerows(rows)
    plan_and_apply(out.getvalue().encode(), "events.csv", *import_target)


@PROPERTY_SETTINGS
@given(document=json_values)
def test_importers_answer_any_json_with_problems_or_a_plan(import_target, document):
    plan_and_apply(json.dumps(document).encode(), "export.json", *import_target)


@PROPERTY_SETTINGS
@given(
    events=st.lists(
        st.fixed_dictionaries(
            {
                "start_date": st.dictionaries(
                    st.sampled_from(["year", "month", "day", "hour", "minute"]),
                    st.one_of(st.integers(-5, 10000), cells),
                    max_size=5,
                ),
                "text": st.fixed_dictionaries({"headline": cells, "text": cells}),
                "media": st.fixed_dictionaries({"url": cells, "credit": cells}),
                "group": cells,
            }
        ),
        max_size=4,
    )
)
def test_importers_answer_any_timelinejs_slides_with_problems_or_a_plan(import_target, events):
    plan_and_apply(json.dumps({"events": events}).encode(), "timeline.json", *import_target)


@pytest.mark.parametrize("year", ["²", "١٩٧٢", "१९७२", "½", "-"])
def test_timelinejs_dates_with_non_ascii_digits_are_a_problem_not_a_crash(import_target, year):
    document = {"events": [{"start_date": {"year": year}, "text": {"headline": "Truce"}}]}
    bundle = read_import(json.dumps(document).encode(), name="timeline.json")
    assert bundle.events == []
    assert any("whole number" in problem.message for problem in bundle.errors)
