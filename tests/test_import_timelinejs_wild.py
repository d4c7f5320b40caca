"""TimelineJS files as people write them (Knight Lab's own examples, see tests/data/README.md)."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from django.urls import reverse

from timeline.dates import Precision
from timeline.formats.import_files import read_import
from timeline.formats.import_plan import import_plan
from timeline.models import Event, Period, Tag
from timeline.services.imports import import_apply

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
ERAS = DATA / "timelinejs_eras_excerpt.json"
GROUPS = DATA / "timelinejs_group_sample.json"
MEDIA = DATA / "timelinejs_media_types_excerpt.json"
YEARS_BC = DATA / "timelinejs_years_bc.json"


def plan_of(raw: bytes, timeline):
    return import_plan(read_import(raw, name="timeline.json"), timeline=timeline)


def imported(raw: bytes, timeline):
    plan = plan_of(raw, timeline)
    assert plan.ok, plan.describe()
    import_apply(plan)
    return plan


def test_eras_become_periods_of_the_timeline(timeline):
    imported(ERAS.read_bytes(), timeline)
    periods = list(Period.objects.filter(timeline=timeline).order_by("start_date", "title"))
    assert [(p.title, p.start_date, p.end_date) for p in periods] == [
        ("Era Test 600-700", datetime.date(600, 1, 1), datetime.date(650, 1, 1)),
        ("Tang Dynasty in China", datetime.date(618, 6, 18), datetime.date(907, 6, 1)),
        ("Era Test 700-800", datetime.date(650, 1, 1), datetime.date(700, 1, 1)),
        ("Era Test 800-900", datetime.date(700, 1, 1), datetime.date(720, 1, 1)),
    ]
    assert periods[0].start_precision == Precision.YEAR


def test_years_written_as_strings_are_read_and_backgrounds_kept(timeline):
    imported(ERAS.read_bytes(), timeline)
    war = Event.objects.get(title="Last great Roman-Persian War.")
    assert (war.date, war.precision) == (datetime.date(602, 1, 1), Precision.YEAR)
    assert war.end_date == datetime.date(629, 1, 1)
    assert war.dataset_fields["timelinejs"]["background"] == {
        "opacity": "50",
        "url": "https://upload.wikimedia.org/wikipedia/commons/a/a2/HumiliationValerianusHolbein.jpg",
    }


def test_eras_are_exported_back(client, editor, timeline):
    imported(ERAS.read_bytes(), timeline)
    client.force_login(editor)
    url = reverse("timeline:timelinejs", kwargs={"slug": timeline.slug}) + "?drafts=1"
    document = json.loads(client.get(url).content)
    assert {e["text"]["headline"] for e in document["eras"]} == {
        "Era Test 600-700",
        "Era Test 700-800",
        "Era Test 800-900",
        "Tang Dynasty in China",
    }
    tang = next(e for e in document["eras"] if e["text"]["headline"] == "Tang Dynasty in China")
    assert tang["start_date"] == {"year": 618, "month": 6, "day": 18}


def test_a_group_becomes_a_tag_and_the_type_falls_back_with_a_warning(timeline):
    plan = imported(GROUPS.read_bytes(), timeline)
    assert sorted(Tag.objects.filter(timeline=timeline).values_list("name", flat=True)) == [
        "Group 1 - 1ST_INTERVIEW - 1st Interview - Technical assessment",
        "Group 2 - 2ND_INTERVIEW - 2nd Interview",
        "Group 3 - 3RD_INTERVIEW - 3rd Interview",
        "Group 4 - 4th_INTERVIEW - 4th Interview",
    ]
    first = Event.objects.get(date=datetime.date(2016, 11, 13))
    assert [t.name for t in first.tags.all()] == [
        "Group 1 - 1ST_INTERVIEW - 1st Interview - Technical assessment"
    ]
    assert first.event_type.slug == "statement"
    assert any("matches no event type" in str(w) for w in plan.warnings)


def test_hours_and_minutes_are_kept(timeline):
    imported(GROUPS.read_bytes(), timeline)
    first = Event.objects.get(date=datetime.date(2016, 11, 13))
    assert (first.precision, first.time) == (Precision.MINUTE, datetime.time(9, 30))


def test_seconds_are_dropped_with_a_warning(timeline):
    plan = imported(MEDIA.read_bytes(), timeline)
    vimeo = Event.objects.get(title="Vimeo")
    assert vimeo.time == datetime.time(6, 45)
    assert "Event 5, start_date.second: times are kept to the minute; dropped" in [
        str(w) for w in plan.warnings
    ]


def test_media_is_kept_and_shown_as_a_link_with_caption_and_credit(client, timeline):
    imported(MEDIA.read_bytes(), timeline)
    Event.objects.update(status="published")
    timeline.status = "published"
    timeline.save()
    video = Event.objects.get(title="YouTube video")
    assert video.dataset_fields["timelinejs"]["media"] == {
        "url": "http://youtu.be/lIvftGgps24",
        "caption": "Le portrait mystérieux",
        "credit": "Georges Méliès",
    }
    page = client.get(video.get_absolute_url()).content.decode()
    assert (
        '<a class="external" href="http://youtu.be/lIvftGgps24" rel="nofollow noopener '
        'noreferrer"><bdi>Le portrait mystérieux</bdi></a> <span class="credit">(credit: '
        "<bdi>Georges Méliès</bdi>)</span>"
    ) in page
    assert "<img" not in page.split('event-dataset"')[1].split("</dl>")[0]


def test_raw_markup_in_media_is_kept_as_inert_text(client, timeline):
    imported(MEDIA.read_bytes(), timeline)
    Event.objects.update(status="published")
    timeline.status = "published"
    timeline.save()
    quote = Event.objects.get(title="Blockquote")
    assert quote.dataset_fields["timelinejs"]["media"]["url"].startswith("<blockquote><p>You have")
    page = client.get(quote.get_absolute_url()).content.decode()
    assert '<code class="inert-media">&lt;blockquote&gt;&lt;p&gt;You have brains' in page
    assert "<blockquote><p>You have brains" not in page


def test_html_in_text_is_sanitised_to_plain_words(timeline):
    imported(MEDIA.read_bytes(), timeline)
    wiki = Event.objects.get(title="Wikipedia")
    assert wiki.summary == (
        "Add a link to a Wikipedia entry in the media field to show an excerpt alongside your text."
    )


def test_a_bc_date_refuses_its_row_not_the_file(timeline):
    document = json.loads(ERAS.read_text())
    document["events"][1]["start_date"]["year"] = "-44"
    plan = imported(json.dumps(document).encode(), timeline)
    assert [str(p) for p in plan.refused] == [
        "Event 2, start_date.year: year -44 (BC) is outside what this app stores (years 1 to "
        "9999); this event is left out"
    ]
    assert Event.objects.filter(timeline=timeline).count() == 5


def test_a_file_of_bc_dates_says_why_each_row_is_left_out(timeline):
    plan = plan_of(YEARS_BC.read_bytes(), timeline)
    assert len(plan.refused) == 5
    assert str(plan.refused[0]).startswith("Event 1, start_date.year: year -5410 (BC)")
    assert not plan.ok  # nothing left to import
    assert "Refused: Event 1" in plan.describe()


def test_unique_id_is_the_external_id_so_a_reimport_changes_nothing(timeline):
    document = json.loads(GROUPS.read_text())
    for number, slide in enumerate(document["events"], start=1):
        slide["unique_id"] = f"interview-{number}"
    raw = json.dumps(document).encode()
    imported(raw, timeline)
    assert Event.objects.get(external_id="interview-1").title.startswith("event 1 heading")
    again = imported(raw, timeline)
    assert len(again.unchanged) == 7 and not again.events


def test_periods_are_bands_on_the_strip_with_a_key(client, timeline):
    imported(ERAS.read_bytes(), timeline)
    Event.objects.update(status="published")
    timeline.status = "published"
    timeline.save()
    page = client.get(timeline.get_absolute_url()).content.decode()
    assert '<rect class="era-band era-even"' in page
    assert "<title>Era Test 600-700: 600–650</title>" in page
    assert '<ul class="eras" aria-label="Periods">' in page
    assert 'Tang Dynasty in China <span class="era-dates">(18 June 618 – 1 June 907)</span>' in page
