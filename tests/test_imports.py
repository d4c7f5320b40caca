"""Imports: our JSON (round trip), TimelineJS3 JSON and CSV; bad files; atomicity; the editor UI."""

from __future__ import annotations

import datetime
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from tests.factories import (
    ActorFactory,
    CitationFactory,
    EventActorFactory,
    EventFactory,
    PlaceFactory,
    SourceFactory,
    TimelineFactory,
    UserFactory,
)
from timeline.dates import Precision
from timeline.formats.csv_rows import COLUMNS
from timeline.formats.import_files import read_import
from timeline.formats.import_plan import import_plan
from timeline.formats.records import MAX_IMPORT_BYTES, ImportFileError
from timeline.models import Actor, Citation, Event, EventType, Place, Source, Timeline
from timeline.services.imports import ImportApplyError, import_apply

pytestmark = pytest.mark.django_db

CSV_HEADER = "date,title,event_type,initiators,targets,place,latitude,longitude,source_urls"


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Timeline, Event, Actor, Place, Source, Citation, EventType)
    }


def export_json(client, timeline) -> str:
    path = reverse("timeline:export_json", kwargs={"slug": timeline.slug})
    return client.get(path + "?drafts=1").content.decode("utf-8")


def plan_for(content: str | bytes, timeline=None, **kwargs):
    raw = content.encode("utf-8") if isinstance(content, str) else content
    return import_plan(read_import(raw, name=kwargs.pop("name", "")), timeline=timeline, **kwargs)


def messages_of(plan) -> list[str]:
    return [str(problem) for problem in plan.errors]


def file_problems(content: str | bytes, **kwargs) -> list[str]:
    raw = content.encode("utf-8") if isinstance(content, str) else content
    with pytest.raises(ImportFileError) as caught:
        read_import(raw, **kwargs)
    return [str(problem) for problem in caught.value.problems]


# --- Our JSON: the round trip ------------------------------------------------------------


@pytest.fixture
def rich_demo(demo):
    """The demo plus what it lacks: a draft, a span, a time with its zone, coordinates,
    dated sources with URLs, a denial and several citations on one event."""
    place = PlaceFactory(
        name="Poonch", latitude="33.766667", longitude="74.100000", aliases="Punch\nPunchh"
    )
    event = EventFactory(
        timeline=demo,
        title="Shelling reported in Poonch — पुंछ में गोलाबारी 🇮🇳",
        summary="Residents report **shelling** overnight.",
        notes="Times are local.",
        language="hi",
        event_type=EventType.objects.get(slug="ceasefire-violation"),
        place=place,
        date=datetime.date(2025, 5, 10),
        precision=Precision.MINUTE,
        time=datetime.time(23, 15),
        utc_offset=330,
        position=5,
        status="draft",
    )
    EventActorFactory(event=event, actor=Actor.objects.get(slug="pakistan"), role="initiator")
    dawn = SourceFactory(
        url="https://www.dawn.com/news/ceasefire?utm_source=x",
        title="ڈان: جنگ بندی",
        publisher="Dawn",
        language="ur",
        archive_url="https://web.archive.org/web/2025/https://www.dawn.com/news/ceasefire",
    )
    CitationFactory(event=event, source=dawn, quote="Shelling began at 23:15.", stance="asserts")
    CitationFactory(
        event=event,
        source=SourceFactory(url="https://example.org/isp", publisher="ISPR"),
        attribution="Pakistan's military",
        stance="denies",
    )
    EventFactory(
        timeline=demo,
        title="Talks over two months",
        event_type=EventType.objects.get(slug="negotiation"),
        date=datetime.date(2025, 6, 1),
        precision=Precision.MONTH,
        end_date=datetime.date(2025, 7, 1),
        end_precision=Precision.MONTH,
        approximate=True,
    )
    return demo


def empty_the_database() -> None:
    Timeline.objects.all().delete()
    Source.objects.all().delete()
    Actor.objects.all().delete()
    Place.objects.all().delete()


def test_json_export_imported_into_an_empty_database_exports_identically(
    client, rich_demo, admin_user_account, tmp_path
):
    client.force_login(admin_user_account)
    before = export_json(client, rich_demo)
    document = json.loads(before)
    assert len(document["events"]) == 9
    assert any(e["status"] == "draft" for e in document["events"])
    path = tmp_path / "export.json"
    path.write_text(before, encoding="utf-8")

    empty_the_database()
    call_command("import_timeline", str(path), stdout=io.StringIO())

    after = export_json(client, Timeline.objects.get(slug=rich_demo.slug))
    assert after == before


def test_json_import_matches_existing_actors_places_and_sources(
    client, rich_demo, editor, admin_user_account
):
    client.force_login(admin_user_account)
    document = export_json(client, rich_demo)
    target = TimelineFactory(slug="copy", editors=[editor])
    plan = plan_for(document, timeline=target)
    assert plan.ok, messages_of(plan)
    sections = {label: (created, matched) for label, created, matched in plan.sections()}
    assert sections["Actors"][0] == []
    assert "India" in sections["Actors"][1]
    assert sections["Places"][1] == [
        "Kashmir",
        "Line of Control",
        "Pakistan-occupied Kashmir",
        "Poonch",
    ]
    assert "https://www.dawn.com/news/ceasefire?utm_source=x" in sections["Sources"][1]
    before = counts()
    result = import_apply(plan, user=editor)
    assert result.events == 9
    after = counts()
    assert after["Event"] == before["Event"] + 9
    assert (after["Actor"], after["Place"], after["Source"]) == (
        before["Actor"],
        before["Place"],
        before["Source"],
    )


def test_json_types_missing_here_are_created_only_for_admins(timeline):
    document = {
        "format": "timeline-export",
        "version": 1,
        "timeline": {"slug": "x", "title": "X"},
        "event_types": [{"slug": "coup", "label": "Coup", "colour": "#123456"}],
        "events": [{"title": "A coup", "type": "coup", "date": "1977-01-01", "precision": "year"}],
    }
    editor_plan = plan_for(json.dumps(document), timeline=timeline)
    assert messages_of(editor_plan) == [
        'Event 1, type: "coup" is not a known event type (it is described in the file, but only '
        "admins may add event types); known: "
        + ", ".join(f"{t.label} ({t.slug})" for t in EventType.objects.all())
    ]
    admin_plan = plan_for(json.dumps(document), timeline=timeline, may_create_types=True)
    assert admin_plan.ok
    import_apply(admin_plan)
    assert EventType.objects.get(slug="coup").label == "Coup"


# --- TimelineJS --------------------------------------------------------------------------

TIMELINEJS = {
    "title": {"text": {"headline": "Kashmir <i>talks</i>", "text": "<p>Background.</p>"}},
    "events": [
        {
            "start_date": {"year": "1972"},
            "text": {"headline": "Simla Agreement"},
            "group": "Agreement signed",
        },
        {
            "start_date": {"year": 2025, "month": 5},
            "text": {
                "headline": "Tension",
                "text": "<p>First.</p><p>Second <b>bold</b></p><script>x()</script>",
            },
            "group": "statement",
        },
        {
            "start_date": {"year": 2025, "month": 5, "day": 10, "hour": 17, "minute": 0},
            "text": {"headline": "Ceasefire announced"},
            "media": {
                "url": "https://www.reuters.com/world/ceasefire",
                "credit": "Reuters",
                "caption": "Reuters report",
            },
            "group": "Ceasefire announced",
        },
        {
            "start_date": {"year": 2025, "month": 5, "day": 13},
            "end_date": {"year": 2025, "month": 5, "day": 15},
            "display_date": "c. 13-15 May 2025",
            "text": {"headline": "Refusal"},
            "media": {"url": "javascript:alert(1)"},
            "group": "Something else",
        },
    ],
}


def test_timelinejs_import_reads_dates_text_media_and_groups(timeline):
    plan = plan_for(json.dumps(TIMELINEJS), timeline=timeline)
    assert plan.ok, messages_of(plan)
    assert [str(w) for w in plan.warnings] == [
        "File, citations: 3 of 4 events cite no source and will show as “Unsourced”: Event 1, "
        "Event 2, Event 4",
        "Event 4, media.url: is not an http(s) link, so it is not imported as a source",
        'Event 4, group: "Something else" matches no event type; the event is imported as '
        '"Statement"',
    ]
    import_apply(plan)
    events = {e.title: e for e in Event.objects.filter(timeline=timeline)}
    assert events["Simla Agreement"].partial_date.display() == "1972"
    assert events["Simla Agreement"].event_type.slug == "agreement-signed"
    assert events["Tension"].partial_date.display() == "May 2025"
    assert events["Tension"].summary == "First.\n\nSecond bold"
    announced = events["Ceasefire announced"]
    assert announced.partial_date.display() == "10 May 2025, 17:00"
    source = announced.citations.get().source
    assert (source.url, source.title, source.publisher) == (
        "https://www.reuters.com/world/ceasefire",
        "Reuters report",
        "Reuters",
    )
    refusal = events["Refusal"]
    assert refusal.approximate
    assert refusal.end_date == datetime.date(2025, 5, 15)
    assert refusal.event_type.slug == "statement"
    assert refusal.citations.count() == 0
    assert all(e.status == "draft" for e in events.values())


def test_timelinejs_export_imports_back_with_the_same_dates_and_titles(client, demo):
    document = client.get(reverse("timeline:timelinejs", kwargs={"slug": demo.slug})).json()
    target = TimelineFactory(slug="tl-copy")
    plan = plan_for(json.dumps(document), timeline=target)
    # TimelineJS keeps only a source's URL, and the demo's article has none.
    assert plan.ok
    assert [str(w) for w in plan.warnings] == [
        "File, citations: 7 of 7 events cite no source and will show as “Unsourced”: Event 1, "
        "Event 2, Event 3, Event 4, Event 5, Event 6, Event 7"
    ]
    import_apply(plan)
    original = [
        (e.title, e.partial_date.display(), e.event_type.slug)
        for e in Event.objects.filter(timeline=demo).chronological()
    ]
    copied = [
        (e.title, e.partial_date.display(), e.event_type.slug)
        for e in Event.objects.filter(timeline=target).chronological()
    ]
    assert copied == original


# --- CSV ---------------------------------------------------------------------------------


def test_csv_import_matches_actors_by_name_and_creates_the_rest(timeline):
    india = ActorFactory(name="India")
    content = (
        CSV_HEADER + ",status\r\n"
        "2025-05-10,'=Ceasefire,ceasefire-announced,India; Baloch Liberation Army,,Kashmir,"
        "34.083656,74.797371,https://www.reuters.com/a; https://www.dawn.com/b,published\r\n"
        'c. June 2025,"Talks, perhaps",Talks,,India,,,,,\r\n'
    )
    plan = plan_for(content, timeline=timeline, name="events.csv")
    assert plan.ok, messages_of(plan)
    sections = {label: (created, matched) for label, created, matched in plan.sections()}
    assert sections["Actors"] == (["Baloch Liberation Army"], ["India"])
    assert sections["Places"] == (["Kashmir"], [])
    import_apply(plan)
    first = Event.objects.get(timeline=timeline, title="=Ceasefire")
    assert first.status == "published"
    assert set(first.actors.all()) == {india, Actor.objects.get(slug="baloch-liberation-army")}
    assert str(first.place.latitude) == "34.083656"
    assert first.citations.count() == 2
    talks = Event.objects.get(timeline=timeline, title="Talks, perhaps")
    assert talks.partial_date.display() == "c. June 2025"
    assert talks.event_type.slug == "negotiation"
    assert talks.status == "draft"


def test_csv_export_reads_back_into_the_same_rows(client, demo):
    path = reverse("timeline:events_csv", kwargs={"slug": demo.slug})
    content = client.get(path).content.decode("utf-8")
    target = TimelineFactory(slug="csv-copy")
    plan = plan_for(content, timeline=target, name="events.csv")
    assert plan.ok and not plan.warnings
    import_apply(plan)
    again = client.get(reverse("timeline:events_csv", kwargs={"slug": target.slug}))
    strip = lambda text: [line.split(",", 1)[1] for line in text.splitlines()[1:]]  # noqa: E731
    # Same rows but the id: citations (quotes, attributions, stances) and standing included.
    assert strip(again.content.decode()) == strip(content)


def test_imported_events_go_after_events_already_on_that_date(timeline):
    EventFactory(timeline=timeline, date=datetime.date(2025, 5, 10), position=3)
    plan = plan_for(CSV_HEADER + "\n10 May 2025,New,statement,,,,,,\n", timeline=timeline)
    import_apply(plan)
    assert Event.objects.get(title="New").position == 4


def test_imported_events_show_at_once_on_a_cached_chronology(client, timeline):
    EventFactory(timeline=timeline, title="Before the import")
    assert "Before the import" in client.get(timeline.get_absolute_url()).text  # now cached
    plan = plan_for(
        CSV_HEADER + ",status\n2025-05-12,Imported talks,negotiation,,,,,,,published\n",
        timeline=timeline,
    )
    import_apply(plan)
    assert "Imported talks" in client.get(timeline.get_absolute_url()).text


def test_importing_the_same_event_twice_is_flagged_in_the_preview(timeline):
    EventFactory(timeline=timeline, title="Same", date=datetime.date(2025, 5, 10))
    plan = plan_for(CSV_HEADER + "\n2025-05-10,Same,statement,,,,,,\n", timeline=timeline)
    assert plan.ok
    assert [str(w) for w in plan.warnings] == [
        "File, citations: 1 of 1 events cite no source and will show as “Unsourced”: Row 2",
        "Row 2, title: an event with this title and date is already in the timeline; importing "
        "adds a second one",
    ]


# --- Bad files ---------------------------------------------------------------------------


def test_a_binary_file_is_refused_as_not_text():
    assert file_problems(b"\x89PNG\r\n\x1a\n\x00\x00\xff") == [
        "File: is not UTF-8 text (byte 1 cannot be read); upload a JSON or CSV file saved as UTF-8"
    ]


def test_text_that_is_neither_json_nor_csv_is_refused():
    assert file_problems("Dear editor, here are my events.") == [
        "File: is neither JSON nor CSV: upload export.json, a TimelineJS3 JSON file, or a CSV "
        "with at least the columns date, title, event_type"
    ]


def test_broken_json_names_the_line():
    assert file_problems('{\n  "events": [\n    {"start_date": }\n  ]\n}') == [
        "Line 3: is not valid JSON: Expecting value (column 20)"
    ]


def test_json_that_is_neither_format_is_refused():
    assert file_problems('{"rows": []}') == [
        'File: is JSON, but neither a timeline export (with "format": "timeline-export") nor '
        'TimelineJS3 (with an "events" list)'
    ]


def test_a_newer_export_version_is_refused():
    assert file_problems('{"format": "timeline-export", "version": 2}') == [
        "File, version: version 2 is not supported; this app reads version 1"
    ]


def test_wrong_shapes_are_named_by_event_and_field(timeline):
    document = {
        "format": "timeline-export",
        "version": 1,
        "timeline": {"slug": "x", "title": "X"},
        "actors": [{"slug": "india", "name": "India"}],
        "events": [
            {"title": "Fine", "type": "statement", "date": "2025-05-10", "precision": "day"},
            {"title": 5, "type": "statement", "date": "2025-05-10", "precision": "week"},
            {
                "title": "Bad refs",
                "type": "statement",
                "date": "2025-05-10",
                "precision": "day",
                "actors": [{"actor": "atlantis", "role": "initiator"}],
                "citations": "none",
            },
            "not an event",
        ],
    }
    plan = plan_for(json.dumps(document), timeline=timeline)
    assert messages_of(plan) == [
        "Event 2, title: must be text, not a number",
        'Event 2, precision: "week" is not a precision; use one of: year, month, day, minute',
        'Event 3, actors[1].actor: "atlantis" is not one of the file\'s actors',
        "Event 3, citations: must be a list, not text",
        "Event 4: must be an object, not text",
    ]


def test_timelinejs_without_start_dates_is_refused_by_event(timeline):
    document = {
        "events": [
            {"start_date": {"year": 2025}, "text": {"headline": "Fine"}},
            {"text": {"headline": "No date"}},
            {"start_date": {"year": 2025, "month": 13}, "text": {"headline": "Bad month"}},
            {"start_date": {"year": 2025, "month": 2, "day": 30}, "text": {"headline": "Feb"}},
            {"start_date": {"year": 2025}, "text": {"text": "no headline"}},
        ]
    }
    plan = plan_for(json.dumps(document), timeline=timeline)
    assert messages_of(plan) == [
        "Event 2, start_date: is required (TimelineJS needs start_date.year)",
        "Event 3, start_date.month: 13 is out of range (1 to 12)",
        "Event 4, start_date.day: 30 February 2025 does not exist.",
        "Event 5, text.headline: is empty; every event needs a headline",
    ]


def test_bad_csv_dates_and_unknown_types_are_named_by_row_and_field(timeline):
    content = (
        CSV_HEADER + "\n"
        "2025-05-10,Fine,statement,,,,,,\n"
        "31 February 2025,Bad day,statement,,,,,,\n"
        "10/05/2025,Ambiguous,statement,,,,,,\n"
        "2025-05-11,Coup,coup,,,,,,\n"
        "2025-05-12,Far away,statement,,,Somewhere,95,0,\n"
        "2025-05-13,Bad link,statement,,,,,,javascript:alert(1)\n"
    )
    plan = plan_for(content, timeline=timeline)
    known = ", ".join(f"{t.label} ({t.slug})" for t in EventType.objects.all())
    assert messages_of(plan) == [
        "Row 3, date: 31 February 2025 does not exist.",
        'Row 4, date: "10/05/2025" is ambiguous (day and month could be either way round). '
        'Write the month as a word, like "10 May 2025", or use "2025-05-10".',
        f'Row 5, event_type: "coup" is not a known event type; known: {known}',
        "Row 6, latitude: 95 is out of range (-90 to 90)",
        "Row 7, source_urls: javascript:alert(1): Only http:// and https:// links are allowed "
        "(got javascript:).",
    ]


def test_csv_without_the_required_columns_is_refused():
    assert file_problems("when,what\n2025,x\n", name="events.csv") == [
        'Row 1, header: the column "date" is missing; columns are: ' + ", ".join(COLUMNS),
        'Row 1, header: the column "title" is missing; columns are: ' + ", ".join(COLUMNS),
        'Row 1, header: the column "event_type" is missing; columns are: ' + ", ".join(COLUMNS),
    ]


def test_a_file_over_10_mb_is_refused_before_reading():
    assert file_problems(b" " * (MAX_IMPORT_BYTES + 1)) == [
        "File: is 10,485,761 bytes; the largest file that can be imported is 10 MB "
        "(10,485,760 bytes)"
    ]


def test_a_plan_with_errors_cannot_be_applied(timeline):
    plan = plan_for(CSV_HEADER + "\nnever,Bad,statement,,,,,,\n", timeline=timeline)
    before = counts()
    with pytest.raises(ValueError, match="cannot be applied"):
        import_apply(plan)
    assert counts() == before


# --- All or nothing ----------------------------------------------------------------------

FIVE_ROWS = (
    CSV_HEADER + "\n"
    "2025-05-10,One,statement,New Actor One,,New Place,,,https://one.example/a\n"
    "2025-05-11,Two,statement,New Actor Two,,,,,\n"
    "2025-05-12,Three,statement,,,,,,\n"
    "2025-05-13,Four,statement,,,,,,\n"
    "{fifth}\n"
)


def test_an_error_in_row_6_leaves_nothing_from_rows_2_to_5(timeline):
    content = FIVE_ROWS.format(fifth="13 Maytember 2025,Five,statement,,,,,,")
    before = counts()
    plan = plan_for(content, timeline=timeline)
    assert messages_of(plan) == [
        'Row 6, date: Could not understand "13 Maytember 2025" as a date. Try one of: 1972, '
        "May 2025, 10 May 2025, 2025-05-10, 10 May 2025 17:00 +05:30, c. May 2025."
    ]
    assert counts() == before


def test_a_failure_while_saving_rolls_back_everything_saved_before_it(timeline):
    content = FIVE_ROWS.format(fifth="2025-05-14,Five,statement,,,,,,https://five.example/e")
    plan = plan_for(content, timeline=timeline)
    assert plan.ok
    # Another editor adds the same article between the preview and the confirmation.
    SourceFactory(url="https://five.example/e")
    before = counts()
    with pytest.raises(ImportApplyError) as caught:
        import_apply(plan)
    assert str(caught.value) == (
        "File: could not be saved: adding the sources failed because the database changed "
        "since the preview; nothing was imported, please preview again"
    )
    assert counts() == before
    assert not Actor.objects.filter(name="New Actor One").exists()


# --- The editor UI -----------------------------------------------------------------------


def import_url(timeline) -> str:
    return reverse("timeline:import", kwargs={"slug": timeline.slug})


def upload(client, timeline, content: str | bytes, name="events.csv", format="auto"):
    raw = content.encode("utf-8") if isinstance(content, str) else content
    return client.post(
        import_url(timeline), {"file": SimpleUploadedFile(name, raw), "format": format}
    )


GOOD_CSV = (
    CSV_HEADER + "\n2025-05-10,Imported one,statement,,,,,,\n2025-05-11,Imported two,Talks,,,,,,\n"
)


def test_editor_previews_then_confirms_an_import(editor_client, timeline, editor):
    form = editor_client.get(import_url(timeline))
    assert form.status_code == 200
    assert 'enctype="multipart/form-data"' in form.text
    assert '<label for="id_file">File</label>' in form.text

    before = counts()
    preview = upload(editor_client, timeline, GOOD_CSV)
    assert preview.status_code == 200
    assert "Importing will add <strong>2 events</strong>" in preview.text
    assert "Imported one" in preview.text and "Talks" in preview.text
    assert counts() == before
    token = preview.context["token"]
    assert token and token in preview.text

    confirmed = editor_client.post(import_url(timeline), {"token": token}, follow=True)
    assert confirmed.redirect_chain[-1][0] == timeline.get_absolute_url()
    assert "Imported 2 events from events.csv." in confirmed.text
    titles = set(Event.objects.filter(timeline=timeline).values_list("title", flat=True))
    assert titles == {"Imported one", "Imported two"}
    assert Event.objects.get(title="Imported one").created_by == editor
    # Every imported row is in the history, as imported by the editor.
    assert Event.history.filter(history_user=editor, history_type="+").count() == 2
    # The token is spent: confirming twice imports nothing more.
    again = editor_client.post(import_url(timeline), {"token": token})
    assert again.status_code == 409
    assert Event.objects.filter(timeline=timeline).count() == 2


def test_preview_lists_problems_row_by_row_and_offers_no_confirmation(editor_client, timeline):
    before = counts()
    response = upload(
        editor_client,
        timeline,
        CSV_HEADER + "\n2025-05-10,Fine,statement,,,,,,\n2025-02-30,Bad,statement,,,,,,\n",
    )
    assert response.status_code == 422
    assert "1 problem in the file. Nothing has been imported" in response.text
    assert "<td>Row 3</td><td>date</td><td>30 February 2025 does not exist.</td>" in response.text
    assert 'name="token"' not in response.text
    assert counts() == before


def test_unreadable_file_message_is_shown_next_to_the_file_field(editor_client, timeline):
    response = upload(editor_client, timeline, b"\xff\xfe\x00garbage", name="photo.png")
    assert response.status_code == 422
    assert 'aria-invalid="true"' in response.text
    assert "File: is not UTF-8 text (byte 1 cannot be read)" in response.text


def test_upload_over_10_mb_is_refused_with_a_message(editor_client, timeline):
    before = counts()
    response = upload(editor_client, timeline, b"a" * (MAX_IMPORT_BYTES + 1))
    assert response.status_code == 422
    assert "The file is 10,485,761 bytes; the largest file that can be imported is 10 MB" in (
        response.text
    )
    assert counts() == before


def test_missing_file_is_asked_for(editor_client, timeline):
    response = editor_client.post(import_url(timeline), {"format": "auto"})
    assert response.status_code == 422
    assert "Choose a file to import." in response.text


def test_confirming_another_timelines_preview_is_refused(editor_client, timeline, editor):
    other = TimelineFactory(slug="other", editors=[editor])
    token = upload(editor_client, timeline, GOOD_CSV).context["token"]
    response = editor_client.post(import_url(other), {"token": token})
    assert response.status_code == 409
    assert "This preview has expired or was replaced" in response.text
    assert not Event.objects.exists()


def test_confirmation_checks_the_file_again_against_the_database(editor_client, timeline):
    content = CSV_HEADER + "\n2025-05-10,Cited,statement,,,,,,https://late.example/a\n"
    token = upload(editor_client, timeline, content).context["token"]
    # The checks run again and pass (the new source now matches); nothing is duplicated.
    SourceFactory(url="https://late.example/a")
    response = editor_client.post(import_url(timeline), {"token": token})
    assert response.status_code == 302
    assert Source.objects.filter(normalized_url="https://late.example/a").count() == 1


def test_anonymous_users_are_sent_to_log_in(client, timeline):
    for response in (client.get(import_url(timeline)), upload(client, timeline, GOOD_CSV)):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert not Event.objects.exists()


def test_users_who_do_not_edit_the_timeline_are_forbidden(client, timeline):
    client.force_login(UserFactory(username="reader"))
    assert client.get(import_url(timeline)).status_code == 403
    assert upload(client, timeline, GOOD_CSV).status_code == 403
    assert not Event.objects.exists()


def test_draft_timeline_import_is_not_found_for_other_users(client):
    draft = TimelineFactory(status="draft")
    client.force_login(UserFactory(username="reader"))
    assert client.get(import_url(draft)).status_code == 404


def test_admins_may_import_into_any_timeline(client, timeline, admin_user_account):
    client.force_login(admin_user_account)
    assert client.get(import_url(timeline)).status_code == 200
    assert upload(client, timeline, GOOD_CSV).status_code == 200


def test_import_posts_need_the_csrf_token(timeline, editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert upload(client, timeline, GOOD_CSV).status_code == 403
    assert not Event.objects.exists()


# --- Management commands -----------------------------------------------------------------


def test_export_timeline_command_writes_each_format(client, demo, tmp_path):
    target = tmp_path / "demo.json"
    call_command("export_timeline", demo.slug, "-o", str(target), stderr=io.StringIO())
    http = client.get(reverse("timeline:export_json", kwargs={"slug": demo.slug}))
    assert target.read_bytes() == http.content

    out = io.StringIO()
    call_command("export_timeline", demo.slug, "--format", "csv", stdout=out)
    assert out.getvalue().splitlines()[0].startswith("id,date,precision,end_date,approximate")
    assert len(out.getvalue().splitlines()) == 8

    out = io.StringIO()
    call_command("export_timeline", demo.slug, "--format", "timelinejs", stdout=out)
    assert len(json.loads(out.getvalue())["events"]) == 7


def test_export_timeline_command_includes_drafts_only_when_asked(timeline):
    EventFactory(timeline=timeline, title="Draft", status="draft")
    out = io.StringIO()
    call_command("export_timeline", timeline.slug, stdout=out)
    assert json.loads(out.getvalue())["events"] == []
    out = io.StringIO()
    call_command("export_timeline", timeline.slug, "--drafts", stdout=out)
    assert [e["title"] for e in json.loads(out.getvalue())["events"]] == ["Draft"]


def test_export_timeline_command_refuses_an_unknown_slug():
    with pytest.raises(CommandError, match='There is no timeline "nope"'):
        call_command("export_timeline", "nope")


def test_import_timeline_dry_run_prints_the_plan_and_changes_nothing(timeline, tmp_path):
    path = tmp_path / "events.csv"
    path.write_text(GOOD_CSV, encoding="utf-8")
    before = counts()
    out = io.StringIO()
    call_command("import_timeline", str(path), "--timeline", timeline.slug, "--dry-run", stdout=out)
    assert 'add 2 events to the timeline "Ceasefire"' in out.getvalue()
    assert "Row 3: 11 May 2025 | Imported two | Talks | draft" in out.getvalue()
    assert "Dry run: nothing was imported." in out.getvalue()
    assert counts() == before


def test_import_timeline_command_applies_into_an_existing_timeline(timeline, tmp_path):
    path = tmp_path / "events.csv"
    path.write_text(GOOD_CSV, encoding="utf-8")
    out = io.StringIO()
    call_command("import_timeline", str(path), "--timeline", timeline.slug, stdout=out)
    assert 'Imported 2 events into "ceasefire".' in out.getvalue()
    assert timeline.events.count() == 2


def test_import_timeline_command_fails_on_errors_and_changes_nothing(timeline, tmp_path):
    path = tmp_path / "events.csv"
    path.write_text(CSV_HEADER + "\nsoon,Bad,statement,,,,,,\n", encoding="utf-8")
    before = counts()
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 problem"):
        call_command("import_timeline", str(path), "--timeline", timeline.slug, stdout=out)
    assert 'Error: Row 2, date: Could not understand "soon" as a date.' in out.getvalue()
    assert counts() == before


def test_import_timeline_needs_a_slug_for_formats_without_one(tmp_path):
    path = tmp_path / "events.csv"
    path.write_text(GOOD_CSV, encoding="utf-8")
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_timeline", str(path), stdout=out)
    assert "Error: File, timeline: says no timeline slug" in out.getvalue()
    assert not Timeline.objects.exists()


def test_import_timeline_exits_non_zero_on_a_bad_file(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("just some words", encoding="utf-8")
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        [sys.executable, str(root / "manage.py"), "import_timeline", str(path)],
        capture_output=True,
        text=True,
        cwd=root,
        check=False,
    )
    assert done.returncode == 1
    assert "Error: File: is neither JSON nor CSV" in done.stderr
    assert "cannot be imported; nothing was changed" in done.stderr


def test_csv_dates_keep_times_zones_and_spans(timeline):
    content = (
        "date,precision,end_date,title,event_type\n"
        "2025-05-10T23:15+05:30,minute,,Shelling,ceasefire-violation\n"
        "2025-05,month,2025-07,Talks,negotiation\n"
        "2025-05-10,month,,Wrong precision,statement\n"
    )
    plan = plan_for(content, timeline=timeline)
    assert messages_of(plan) == [
        'Row 4, precision: says "month" but the date "2025-05-10" is given to the day'
    ]
    fixed = plan_for(content.rsplit("\n", 2)[0] + "\n", timeline=timeline)
    import_apply(fixed)
    shelling = Event.objects.get(title="Shelling")
    assert (shelling.time, shelling.utc_offset) == (datetime.time(23, 15), 330)
    talks = Event.objects.get(title="Talks")
    assert talks.partial_end_date.display() == "July 2025"


def test_a_forged_token_is_refused_without_an_error_page(editor_client, timeline):
    upload(editor_client, timeline, GOOD_CSV)
    response = editor_client.post(import_url(timeline), {"token": "jäger-🙂"})
    assert response.status_code == 409
    assert not Event.objects.exists()


def test_a_long_preview_lists_the_first_500_events(editor_client, timeline):
    rows = "".join(f"2025-05-10,Event {n},statement,,,,,,\n" for n in range(501))
    response = upload(editor_client, timeline, CSV_HEADER + "\n" + rows)
    assert response.status_code == 200
    assert "The first 500 of 501 events are listed." in response.text
    assert "<td>Event 499</td>" in response.text
    assert "<td>Event 500</td>" not in response.text


def test_preview_shows_what_will_be_created_and_what_matches(editor_client, timeline):
    ActorFactory(name="India")
    content = CSV_HEADER + "\n2025-05-10,Clash,statement,India; Baloch Liberation Army,,,,,\n"
    text = upload(editor_client, timeline, content).text
    assert (
        '<tr><th scope="row">Actors</th>\n        <td>1: Baloch Liberation Army</td>\n'
        "        <td>1: India</td></tr>"
    ) in text
    assert not Actor.objects.filter(name="Baloch Liberation Army").exists()
