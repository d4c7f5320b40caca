"""Exports of a timeline: TimelineJS3 JSON, CSV, Atom, lossless JSON, and the embed page."""

from __future__ import annotations

import csv
import datetime
import io
import json

import feedparser
import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
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
from timeline.formats.csv_rows import COLUMNS, neutralise
from timeline.models import Event

pytestmark = pytest.mark.django_db

EXPORTS = ["timelinejs", "events_csv", "export_json", "feed", "embed"]


def url(name: str, timeline, **query) -> str:
    path = reverse(f"timeline:{name}", kwargs={"slug": timeline.slug})
    if query:
        path += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return path


def csv_rows(response) -> list[dict[str, str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


def exported_titles(client, name, timeline, **query) -> set[str]:
    response = client.get(url(name, timeline, **query))
    assert response.status_code == 200
    if name == "events_csv":
        return {row["title"] for row in csv_rows(response)}
    if name == "timelinejs":
        return {slide["text"]["headline"] for slide in response.json()["events"]}
    return {event["title"] for event in json.loads(response.content)["events"]}


def assert_timelinejs_valid(document: dict) -> None:
    """What TimelineJS3 requires of a document (its TL.Timeline data validation)."""
    assert isinstance(document["events"], list) and document["events"]
    if "title" in document:
        assert document["title"]["text"]["headline"]
    ids = [slide["unique_id"] for slide in document["events"]]
    assert len(ids) == len(set(ids))
    limits = {"month": (1, 12), "day": (1, 31), "hour": (0, 23), "minute": (0, 59)}
    for slide in document["events"]:
        assert "text" in slide or "media" in slide
        for key in ("start_date", "end_date"):
            if key not in slide:
                continue
            parts = slide[key]
            assert isinstance(parts["year"], int)
            for part, (low, high) in limits.items():
                if part in parts:
                    assert low <= parts[part] <= high
        if "media" in slide:
            assert slide["media"]["url"].startswith(("http://", "https://"))


# --- TimelineJS --------------------------------------------------------------------------


def test_timelinejs_export_of_the_demo_has_a_title_slide_and_a_slide_per_event(client, demo):
    response = client.get(url("timelinejs", demo))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    document = response.json()
    assert_timelinejs_valid(document)
    assert document["title"]["text"]["headline"] == demo.title
    assert len(document["events"]) == 7
    first, violation, rejection = (
        document["events"][0],
        document["events"][2],
        document["events"][5],
    )
    assert first["start_date"] == {"year": 1972}
    assert first["group"] == "Agreement signed"
    assert "display_date" not in first
    assert violation["start_date"] == {"year": 2025, "month": 5, "day": 10}
    assert "According to Unnamed reports" in violation["text"]["text"]
    assert "<q>The move comes after a ceasefire understanding" in violation["text"]["text"]
    assert rejection["display_date"] == "c. 13 May 2025"
    # unique_id is the event's external id (stable across copies), else event-<id>.
    events = Event.objects.filter(timeline=demo)
    expected = {e.external_id or f"event-{e.pk}" for e in events}
    assert {s["unique_id"] for s in document["events"]} == expected
    assert "demo:ceasefire-announced" in expected


def test_timelinejs_dates_stop_at_each_events_precision(client, timeline):
    EventFactory(timeline=timeline, title="Year", date=datetime.date(1972, 1, 1), precision=1)
    EventFactory(timeline=timeline, title="Month", date=datetime.date(2025, 5, 1), precision=2)
    EventFactory(
        timeline=timeline,
        title="Minute",
        date=datetime.date(2025, 5, 10),
        precision=Precision.MINUTE,
        time=datetime.time(17, 0),
        utc_offset=330,
    )
    EventFactory(
        timeline=timeline,
        title="Span",
        date=datetime.date(2025, 5, 10),
        end_date=datetime.date(2025, 5, 12),
        end_precision=Precision.DAY,
    )
    document = client.get(url("timelinejs", timeline)).json()
    assert_timelinejs_valid(document)
    slides = {s["text"]["headline"]: s for s in document["events"]}
    assert slides["Year"]["start_date"] == {"year": 1972}
    assert slides["Month"]["start_date"] == {"year": 2025, "month": 5}
    assert slides["Minute"]["start_date"] == {
        "year": 2025,
        "month": 5,
        "day": 10,
        "hour": 17,
        "minute": 0,
    }
    assert slides["Minute"]["display_date"] == "10 May 2025, 17:00 UTC+05:30"
    assert slides["Span"]["end_date"] == {"year": 2025, "month": 5, "day": 12}


def test_timelinejs_media_is_the_first_source_with_publisher_and_date_credit(client, timeline):
    event = EventFactory(timeline=timeline)
    CitationFactory(
        event=event,
        source=SourceFactory(url="https://www.dawn.com/news/1", publisher="Dawn"),
    )
    CitationFactory(event=event, source=SourceFactory(url="https://example.org/2"))
    slide = client.get(url("timelinejs", timeline)).json()["events"][0]
    assert slide["media"] == {"url": "https://www.dawn.com/news/1", "credit": "Dawn, 11 May 2025"}


def test_timelinejs_text_is_sanitised(client, timeline):
    event = EventFactory(
        timeline=timeline, summary="<script>alert(1)</script> [x](javascript:alert(1)) **ok**"
    )
    CitationFactory(event=event, attribution="<img src=x onerror=alert(1)>")
    text = client.get(url("timelinejs", timeline)).json()["events"][0]["text"]["text"]
    assert "<strong>ok</strong>" in text
    assert "<script" not in text
    assert 'href="javascript:' not in text
    assert "<img" not in text
    assert "According to &lt;img src=x onerror=alert(1)&gt;" in text


# --- CSV ---------------------------------------------------------------------------------


def test_csv_export_of_the_demo_has_a_header_and_one_row_per_event(client, demo):
    response = client.get(url("events_csv", demo))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="india-pakistan-ceasefire-2025-events.csv"'
    )
    rows = csv_rows(response)
    assert list(rows[0].keys()) == COLUMNS
    assert len(rows) == 7
    violation = rows[2]
    assert violation["date"] == "2025-05-10"
    assert violation["precision"] == "day"
    assert violation["event_type"] == "ceasefire-violation"
    assert violation["cameo_code"] == "196"
    assert violation["acled_event_type"] == "Explosions/Remote violence"
    assert violation["acled_sub_event_type"] == "Shelling/artillery/missile attack"
    assert violation["initiators"] == "Pakistan"
    assert violation["targets"] == "India"
    assert violation["place"] == "Line of Control"
    assert violation["standing"] == "reported"
    assert rows[0]["date"] == "1972" and rows[0]["precision"] == "year"
    assert rows[5]["approximate"] == "true"
    assert rows[1]["mediators"] == "United States"


def test_csv_export_neutralises_formula_like_cells(client, timeline):
    EventFactory(timeline=timeline, title='=HYPERLINK("http://evil.example","click")')
    EventFactory(timeline=timeline, title="@SUM(A1:A2)", summary="+1 and more")
    EventFactory(timeline=timeline, title="-2+3", summary="-cmd|' /C calc'!A0")
    place = PlaceFactory(name="West", latitude="-33.900000", longitude="-73.500000")
    EventFactory(timeline=timeline, title="Plain", place=place)
    rows = {row["title"]: row for row in csv_rows(client.get(url("events_csv", timeline)))}
    assert '\'=HYPERLINK("http://evil.example","click")' in rows
    assert rows["'@SUM(A1:A2)"]["summary"] == "'+1 and more"
    assert rows["'-2+3"]["summary"] == "'-cmd|' /C calc'!A0"
    # Numbers are numbers, not formulas: a negative longitude stays numeric.
    assert rows["Plain"]["latitude"] == "-33.900000"
    assert rows["Plain"]["longitude"] == "-73.500000"


def test_neutralise_marks_every_formula_prefix():
    for prefix in ("=", "+", "-", "@", "\t", "\r"):
        assert neutralise(prefix + "cmd") == "'" + prefix + "cmd"
    assert neutralise("Ceasefire") == "Ceasefire"


def test_csv_lists_sources_publishers_and_first_report(client, timeline):
    event = EventFactory(timeline=timeline)
    CitationFactory(
        event=event,
        source=SourceFactory(
            url="https://a.example/1",
            publisher="Dawn",
            published_at=datetime.datetime(2025, 5, 11, 9, 0, tzinfo=datetime.UTC),
        ),
    )
    CitationFactory(
        event=event,
        source=SourceFactory(
            url="https://b.example/2",
            publisher="The Hindu",
            published_at=datetime.datetime(2025, 5, 10, 22, 0, tzinfo=datetime.UTC),
        ),
    )
    row = csv_rows(client.get(url("events_csv", timeline)))[0]
    assert row["source_urls"] == "https://a.example/1; https://b.example/2"
    assert row["source_publishers"] == "Dawn; The Hindu"
    assert row["first_reported"] == "2025-05-10T22:00:00Z"
    assert row["standing"] == "confirmed"


# --- Lossless JSON -----------------------------------------------------------------------


def test_lossless_export_of_the_demo_is_versioned_and_keyed_by_slug(client, demo):
    response = client.get(url("export_json", demo))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="india-pakistan-ceasefire-2025-export.json"'
    )
    document = json.loads(response.content)
    assert document["format"] == "timeline-export"
    assert document["version"] == 1
    assert document["timeline"]["slug"] == demo.slug
    assert [a["slug"] for a in document["actors"]] == sorted(a["slug"] for a in document["actors"])
    assert {t["slug"] for t in document["event_types"]} == {e["type"] for e in document["events"]}
    assert document["sources"][0]["key"] == "source-1"
    rejection = document["events"][5]
    assert rejection["approximate"] is True
    assert rejection["date"] == "2025-05-13"
    assert rejection["precision"] == "day"
    assert rejection["notes"].startswith("The article gives no date.")
    assert {"actor": "india", "role": "initiator"} in rejection["actors"]
    assert rejection["citations"][0]["source"] == "source-1"
    assert rejection["citations"][0]["attribution"] == "India"
    assert "id" not in rejection


# --- Atom --------------------------------------------------------------------------------


def test_atom_feed_of_the_demo_parses_cleanly(client, demo):
    response = client.get(url("feed", demo))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.feed.title == demo.title
    assert len(feed.entries) == 7
    assert all(entry.id.startswith("tag:testserver,") for entry in feed.entries)
    assert len({entry.id for entry in feed.entries}) == 7
    titles = [entry.title for entry in feed.entries]
    assert "c. 13 May 2025: India refuses third-party mediation, citing the 1972 agreement" in (
        titles
    )


def test_atom_entry_keeps_its_id_and_changes_updated_when_the_event_is_edited(client, timeline):
    event = EventFactory(timeline=timeline, title="Before")
    before = feedparser.parse(client.get(url("feed", timeline)).content).entries[0]
    event.title = "After"
    event.save()
    after = feedparser.parse(client.get(url("feed", timeline)).content).entries[0]
    assert after.id == before.id
    assert after.title.endswith("After")
    assert after.updated != before.updated
    assert after.updated_parsed >= before.updated_parsed


def test_atom_feed_leaves_out_drafts_and_deleted_events(editor_client, timeline):
    EventFactory(timeline=timeline, title="Public")
    EventFactory(timeline=timeline, title="Draft", status="draft")
    EventFactory(timeline=timeline, title="Gone", deleted_at="2025-05-12T00:00:00Z")
    feed = feedparser.parse(editor_client.get(url("feed", timeline)).content)
    assert [entry.title.split(": ", 1)[1] for entry in feed.entries] == ["Public"]


# --- Who sees what -----------------------------------------------------------------------


@pytest.fixture
def mixed_timeline(timeline):
    EventFactory(timeline=timeline, title="Published event")
    EventFactory(timeline=timeline, title="Draft event", status="draft")
    EventFactory(timeline=timeline, title="Deleted event", deleted_at="2025-05-12T00:00:00Z")
    return timeline


@pytest.mark.parametrize("name", ["timelinejs", "events_csv", "export_json"])
def test_readers_get_published_events_only_even_when_asking_for_drafts(
    client, mixed_timeline, name
):
    assert exported_titles(client, name, mixed_timeline, drafts=1) == {"Published event"}


@pytest.mark.parametrize("name", ["timelinejs", "events_csv", "export_json"])
def test_other_users_asking_for_drafts_get_published_events_only(client, mixed_timeline, name):
    client.force_login(UserFactory(username="someone-else"))
    assert exported_titles(client, name, mixed_timeline, drafts=1) == {"Published event"}


@pytest.mark.parametrize("name", ["timelinejs", "events_csv", "export_json"])
def test_editors_get_drafts_when_they_ask(editor_client, mixed_timeline, name):
    assert exported_titles(editor_client, name, mixed_timeline) == {"Published event"}
    assert exported_titles(editor_client, name, mixed_timeline, drafts=1) == {
        "Published event",
        "Draft event",
    }


def test_admins_get_drafts_when_they_ask(client, mixed_timeline, admin_user_account):
    client.force_login(admin_user_account)
    assert "Draft event" in exported_titles(client, "export_json", mixed_timeline, drafts=1)


def test_an_export_with_drafts_is_never_cached_by_others(editor_client, mixed_timeline):
    response = editor_client.get(url("export_json", mixed_timeline, drafts=1))
    assert response["Cache-Control"] == "private, no-store"
    assert "Access-Control-Allow-Origin" not in response


def test_published_timelinejs_can_be_loaded_by_other_sites(client, demo):
    assert client.get(url("timelinejs", demo))["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("name", EXPORTS)
def test_draft_timeline_exports_are_not_found_for_readers(client, name):
    draft = TimelineFactory(status="draft")
    EventFactory(timeline=draft)
    assert client.get(url(name, draft)).status_code == 404
    client.force_login(UserFactory(username="not-an-editor"))
    assert client.get(url(name, draft)).status_code == 404


@pytest.mark.parametrize("name", EXPORTS)
def test_draft_timeline_exports_work_for_its_editor(editor_client, editor, name):
    draft = TimelineFactory(status="draft", editors=[editor])
    EventFactory(timeline=draft)
    assert editor_client.get(url(name, draft)).status_code == 200


@pytest.mark.parametrize("name", EXPORTS)
def test_unknown_timeline_exports_are_not_found(client, name):
    path = reverse(f"timeline:{name}", kwargs={"slug": "no-such-timeline"})
    assert client.get(path).status_code == 404


# --- Embed -------------------------------------------------------------------------------


def test_embed_shows_the_published_chronology_without_site_chrome(editor_client, mixed_timeline):
    response = editor_client.get(url("embed", mixed_timeline))
    assert response.status_code == 200
    text = response.text
    assert "Published event" in text
    assert "Draft event" not in text
    assert "Deleted event" not in text
    assert "Log out" not in text and "site-header" not in text
    assert f'href="{mixed_timeline.get_absolute_url()}"' in text
    assert "Open the full timeline" in text


def test_embed_of_the_demo_lists_its_events_with_claims(client, demo):
    text = client.get(url("embed", demo)).text
    assert text.count('<article class="event"') == 7
    assert "According to <bdi>India&#x27;s foreign minister</bdi>" in text


def test_only_the_embed_may_be_framed_by_other_sites(client, demo):
    embed = client.get(url("embed", demo))
    assert "X-Frame-Options" not in embed
    assert "frame-ancestors *" in embed["Content-Security-Policy"]
    assert "script-src 'self'" in embed["Content-Security-Policy"]
    for path in (demo.get_absolute_url(), "/", url("import", demo)):
        response = client.get(path)
        assert response["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_embed_snippet_offers_the_iframe_code_to_copy(demo):
    request = RequestFactory().get(demo.get_absolute_url())
    html = render_to_string("timeline/_embed_snippet.html", {"timeline": demo, "request": request})
    assert (
        "&lt;iframe src=&quot;http://testserver/timelines/india-pakistan-ceasefire-2025/embed/"
        "&quot;" in html
    )
    assert "<label" in html and "readonly" in html


# --- Query counts ------------------------------------------------------------------------


def build_events(timeline, count: int) -> None:
    india, pakistan = ActorFactory(name="India"), ActorFactory(name="Pakistan")
    place = PlaceFactory(name="Kashmir", latitude="34.000000", longitude="76.000000")
    for number in range(count):
        event = EventFactory(timeline=timeline, place=place, title=f"Event {number}")
        EventActorFactory(event=event, actor=india, role="initiator")
        EventActorFactory(event=event, actor=pakistan, role="target")
        CitationFactory(event=event)


@pytest.mark.parametrize("count", [10, 200])
@pytest.mark.parametrize("name", EXPORTS)
def test_exports_read_their_events_in_a_constant_number_of_queries(
    editor_client, timeline, django_assert_max_num_queries, name, count
):
    build_events(timeline, count)
    # One query more for the events' tags, one for the timeline's periods (export.json), one
    # for the cited sources' snapshots (CSV archive_url, JSON snapshots).
    with django_assert_max_num_queries(10):
        response = editor_client.get(url(name, timeline, drafts=1))
    assert response.status_code == 200
