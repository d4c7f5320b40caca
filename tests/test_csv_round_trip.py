"""Issue 17, item 7: our own CSV round trip loses nothing, and an edited export updates."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import TimelineFactory
from timeline.models import Citation, Event

pytestmark = pytest.mark.django_db

CSV_HEADER = "date,title,event_type,initiators,targets,place,latitude,longitude,source_urls"


def export_csv(client, timeline) -> str:
    url = reverse("timeline:events_csv", kwargs={"slug": timeline.slug})
    return client.get(url + "?drafts=1").content.decode("utf-8")


def preview(client, timeline, content: str, status=200):
    url = reverse("timeline:import", kwargs={"slug": timeline.slug})
    raw = SimpleUploadedFile("events.csv", content.encode("utf-8"))
    response = client.post(url, {"file": raw, "format": "auto"})
    assert response.status_code == status, response.text[:2000]
    return response


def confirm(client, timeline, response):
    url = reverse("timeline:import", kwargs={"slug": timeline.slug})
    return client.post(url, {"token": response.context["token"]}, follow=True)


def edited(content: str, change) -> str:
    rows = list(csv.DictReader(io.StringIO(content)))
    for row in rows:
        change(row)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0].keys()), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


@pytest.fixture
def demo_editor_client(editor_client, editor, demo):
    """The `editor` logged in, and an editor of the demo timeline too."""
    demo.editors.add(editor)
    return editor_client


def test_demo_csv_imported_into_a_new_timeline_keeps_every_citation(
    demo_editor_client, editor, demo
):
    copy = TimelineFactory(slug="copy", editors=[editor])
    response = preview(demo_editor_client, copy, export_csv(demo_editor_client, demo))
    assert "Importing will add <strong>7 events</strong>" in response.text
    assert "Unsourced" not in response.text
    page = confirm(demo_editor_client, copy, response).text
    assert "Imported 7 events" in page
    assert page.count("standing-badge standing-reported") == 7
    assert "standing-badge standing-unsourced" not in page
    assert "According to <bdi>India&#x27;s foreign minister</bdi>" in page
    original = Citation.objects.filter(event__timeline=demo).order_by("event__date", "quote")
    copied = Citation.objects.filter(event__timeline=copy).order_by("event__date", "quote")
    assert [(c.source_id, c.quote, c.attribution, c.stance) for c in copied] == [
        (c.source_id, c.quote, c.attribution, c.stance) for c in original
    ]


def test_preview_says_which_events_come_in_unsourced(demo_editor_client, editor):
    target = TimelineFactory(slug="target", editors=[editor])
    content = (
        "date,title,event_type,source_urls\n"
        "2025-05-10,Sourced,statement,https://example.org/a\n"
        "2025-05-11,Bare,statement,\n"
    )
    response = preview(demo_editor_client, target, content)
    assert "1 of 2 events cite no source and will show as “Unsourced”: Row 3" in response.text


def test_reimporting_an_edited_export_updates_the_events_instead_of_duplicating(
    demo_editor_client, demo
):
    violation = Event.objects.get(timeline=demo, external_id="demo:loc-violation")
    untouched = Event.objects.get(timeline=demo, external_id="demo:us-mediation-offer")
    versions = {e.pk: e.version for e in Event.objects.filter(timeline=demo)}

    def rename(row):
        if row["id"] == str(violation.pk):
            row["title"] = "Firing along the LoC hours after the ceasefire"

    content = edited(export_csv(demo_editor_client, demo), rename)
    response = preview(demo_editor_client, demo, content)
    assert "update <strong>7 existing events</strong>" in response.text
    assert "Firing along the LoC hours after the ceasefire" in response.text
    assert "already in the timeline" not in response.text
    page = confirm(demo_editor_client, demo, response).text
    assert "Imported 0 events, updated 1" in page
    assert Event.objects.filter(timeline=demo).count() == 7
    violation.refresh_from_db()
    assert violation.title == "Firing along the LoC hours after the ceasefire"
    assert violation.history.first().history_change_reason == "Updated from an imported file"
    assert violation.citations.count() == 1  # the same citation, not a second copy
    untouched.refresh_from_db()
    assert untouched.version == versions[untouched.pk]
    assert "Firing along the LoC hours after the ceasefire" in page


def test_a_row_matched_by_external_id_alone_updates_its_event(demo_editor_client, demo):
    def by_external_id_only(row):
        row["id"] = ""
        if row["external_id"] == "demo:pakistan-welcomes-offer":
            row["status"] = "draft"

    content = edited(export_csv(demo_editor_client, demo), by_external_id_only)
    confirm(demo_editor_client, demo, preview(demo_editor_client, demo, content))
    assert Event.objects.filter(timeline=demo).count() == 7
    welcome = Event.objects.get(timeline=demo, external_id="demo:pakistan-welcomes-offer")
    assert welcome.status == "draft"


def test_ids_of_another_timeline_never_update_its_events(demo_editor_client, editor, demo):
    copy = TimelineFactory(slug="copy", editors=[editor])
    content = export_csv(demo_editor_client, demo)
    confirm(demo_editor_client, copy, preview(demo_editor_client, copy, content))
    assert Event.objects.filter(timeline=demo).count() == 7
    assert Event.objects.filter(timeline=copy).count() == 7


def test_a_citations_cell_that_is_not_json_is_refused_next_to_its_row(demo_editor_client, editor):
    target = TimelineFactory(slug="target", editors=[editor])
    content = "date,title,event_type,citations\n2025-05-10,Bad,statement,[{oops\n"
    response = preview(demo_editor_client, target, content, status=422)
    assert "Row 2" in response.text
    assert "is not a JSON list of citations" in response.text
    assert not Event.objects.filter(timeline=target).exists()
