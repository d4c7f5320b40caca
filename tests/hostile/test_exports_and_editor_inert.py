"""Every hostile payload comes out inert in the exports and on the editor's own pages.

Exports are read the way their consumers read them: the Atom feed by a feed reader (its
``type="html"`` text is HTML), the TimelineJS JSON by TimelineJS (headline, text, caption and
credit become HTML), the CSV by a spreadsheet (a cell starting with = + - @ is a formula), the
lossless JSON by a JSON parser, the embed by a browser in an iframe. The editor's pages show the
same text in forms, history diffs and the conflict view.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET  # noqa: S405 - parses our own feed, not foreign XML

import pytest
from django.urls import reverse

from tests.editing import event_form_data
from tests.factories import UserFactory
from tests.hostile import inertness
from tests.hostile.payloads import CORPUS
from tests.hostile.worlds import BENIGN, Checker, World, build_world

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
HTML_JSON_KEYS = {"headline", "text", "caption", "credit"}
URL_JSON_KEYS = {"url", "link", "thumbnail"}
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def atom_problems(body: bytes) -> list[str]:
    try:
        feed = ET.fromstring(body)  # noqa: S314 - our own output
    except ET.ParseError as error:
        return [f"not well-formed XML: {error}"]
    problems = []
    for element in feed.iter():
        if element.get("type") in {"html", "xhtml"} and element.text:
            problems += [f"<{element.tag}> {p}" for p in inertness.problems(element.text)]
        if element.tag == f"{ATOM}link":
            scheme = inertness.url_scheme(element.get("href", ""))
            if scheme not in {None, "http", "https"}:
                problems.append(f"feed link with {scheme}: {element.get('href')[:60]!r}")
    return problems


def json_html_problems(value, path="") -> list[str]:
    """TimelineJS renders some string fields as HTML: check those, and every URL."""
    problems = []
    if isinstance(value, dict):
        for key, item in value.items():
            here = f"{path}.{key}"
            if isinstance(item, str) and key in HTML_JSON_KEYS:
                problems += [f"{here}: {p}" for p in inertness.problems(item)]
            elif isinstance(item, str) and key in URL_JSON_KEYS:
                scheme = inertness.url_scheme(item)
                if scheme not in {None, "http", "https"}:
                    problems.append(f"{here} is a {scheme}: URL")
            else:
                problems += json_html_problems(item, here)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            problems += json_html_problems(item, f"{path}[{index}]")
    return problems


def csv_problems(body: bytes) -> list[str]:
    problems = []
    text = body.decode("utf-8-sig")
    if "\x00" in text:
        problems.append("NUL in the CSV")
    for row_number, row in enumerate(csv.reader(io.StringIO(text))):
        for cell in row:
            if cell.startswith(FORMULA_PREFIXES) and not PLAIN_NUMBER.fullmatch(cell):
                problems.append(f"row {row_number}: a spreadsheet would run {cell[:40]!r}")
    return problems


class ExportChecker(Checker):
    def check_export(self, label: str, kind: str, path: str, content_type: str, inspect) -> None:
        response = self.client.get(path)
        assert response.status_code == 200, f"{path}: {response.status_code}"
        self.checked += 1
        if not response["Content-Type"].startswith(content_type):
            self.problems.append(f"{label} in {kind}: served as {response['Content-Type']}")
        if response.get("X-Content-Type-Options") != "nosniff":
            self.problems.append(f"{label} in {kind}: may be sniffed as HTML")
        for problem in inspect(response.content):
            self.problems.append(f"{label} in {kind} ({path}): {problem}")


def export_outputs(world: World) -> dict[str, tuple[str, str, object]]:
    slug = world.timeline.slug
    return {
        "Atom feed": (f"/timelines/{slug}/feed.atom", "application/atom+xml", atom_problems),
        "TimelineJS JSON": (
            f"/timelines/{slug}/timelinejs.json",
            "application/json",
            lambda body: json_html_problems(json.loads(body)),
        ),
        "CSV": (f"/timelines/{slug}/events.csv", "text/csv", csv_problems),
        "lossless JSON": (
            f"/timelines/{slug}/export.json",
            "application/json",
            lambda body: [] if json.loads(body) else ["empty export"],
        ),
    }


def test_every_payload_comes_out_inert_in_the_exports(client, figures):
    editor = UserFactory(username="hostile-editor")
    checker = ExportChecker(client)
    benign = build_world(0, BENIGN, editor)
    embed = f"/timelines/{benign.timeline.slug}/embed/"
    checker.remember_baseline("embed", embed, {})
    worlds = [build_world(n, payload, editor) for n, payload in enumerate(CORPUS, 1)]

    for world in [benign, *worlds]:
        for kind, (path, content_type, inspect) in export_outputs(world).items():
            checker.check_export(world.payload.name, kind, path, content_type, inspect)
        embed = f"/timelines/{world.timeline.slug}/embed/"
        checker.check(world.payload.name, "embed", embed, {})

    figures.add("hostile outputs checked (exports and embed)", checker.checked)
    assert not checker.problems, checker.report()


def editor_outputs(world: World) -> dict[str, tuple[str, dict]]:
    slug, pk = world.timeline.slug, world.event.pk

    def url(name, **kwargs):
        return reverse(f"timeline:{name}", kwargs={"slug": slug, **kwargs})

    return {
        "chronology (editor)": (url("chronology"), {}),
        "event form": (url("event_edit", pk=pk), {}),
        "event form (htmx)": (url("event_edit", pk=pk), {"HTTP_HX_REQUEST": "true"}),
        "event history": (url("event_history", pk=pk), {}),
        "activity": (url("timeline_activity"), {}),
        "timeline form": (url("timeline_edit"), {}),
        "delete confirmation": (url("event_delete", pk=pk), {}),
        "suggested events from the source": (url("suggestions", pk=world.source.pk), {}),
    }


def conflict_page(client, world: World) -> str:
    """The conflict view: the saved (hostile) version beside a stale edit's own text."""
    url = reverse("timeline:event_edit", kwargs={"slug": world.timeline.slug, "pk": world.event.pk})
    data = event_form_data(world.event, title="A stale edit of the same event")
    data["version"] = str(world.event.version - 1)
    response = client.post(url, data)
    assert response.status_code == 409, re.findall(r"errorlist.*", response.content.decode())
    return response.content.decode()


def test_every_payload_comes_out_inert_on_the_editor_pages(client, figures):
    editor = UserFactory(username="hostile-editor")
    client.force_login(editor)
    checker = Checker(client)
    benign = build_world(0, BENIGN, editor)
    _second_revision(benign)
    for kind, (path, headers) in editor_outputs(benign).items():
        checker.remember_baseline(kind, path, headers)
    baseline_conflict = conflict_page(client, benign)
    assert not inertness.problems(baseline_conflict)
    checker.baselines["conflict"] = inertness.inspect(baseline_conflict)

    worlds = [build_world(n, payload, editor) for n, payload in enumerate(CORPUS, 1)]
    for world in worlds:
        _second_revision(world)
        for kind, (path, headers) in editor_outputs(world).items():
            checker.check(world.payload.name, kind, path, headers)
        checker.checked += 1
        for problem in inertness.problems(
            conflict_page(client, world), checker.baselines["conflict"]
        ):
            checker.problems.append(f"{world.payload.name} in conflict view: {problem}")

    figures.add("hostile outputs checked (editor pages)", checker.checked)
    assert not checker.problems, checker.report()


def _second_revision(world: World) -> None:
    """A second history record, so history and activity show a change (a diff) too."""
    world.event.notes = f"{world.event.notes} (revised)"
    world.event.version += 1
    world.event.save()
