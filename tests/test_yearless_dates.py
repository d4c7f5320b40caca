"""Issue 17, item 3: datelines without a year, weekdays and dates outside the timeline."""

from __future__ import annotations

import datetime

import pytest

from tests.factories import EventFactory
from tests.ingesting import NEW_URL, extract, known_actors_and_places, metadata_data
from timeline.dates import Precision
from timeline.ingest.article import extract_article
from timeline.ingest.datelines import YearlessDate, resolve_year
from timeline.models import Source

pytestmark = pytest.mark.django_db

NEELUM = (
    "ISLAMABAD, May 12 (Reuters) - Pakistan's army said on Monday that Indian troops had opened "
    "fire on its posts in the Neelum valley overnight, the first reported breach since the "
    "ceasefire took effect on Saturday. India's army denied the claim, saying its troops had "
    "not fired a single shot."
)


@pytest.fixture
def may_2025(timeline):
    EventFactory(timeline=timeline, date=datetime.date(2025, 5, 10), precision=Precision.DAY)
    EventFactory(timeline=timeline, date=datetime.date(2025, 5, 15), precision=Precision.DAY)
    return timeline


def test_yearless_dateline_takes_the_year_from_the_timeline_and_says_so(client, editor, may_2025):
    client.force_login(editor)
    response = extract(client, timeline=may_2025.slug, content=NEELUM)
    assert response.status_code == 200
    assert 'name="published_on" value="2025-05-12"' in response.text
    assert (
        "The dateline says “May 12” without a year: read as 12 May 2025 from the timeline"
        in response.text
    )


def test_yearless_dateline_is_asked_for_when_nothing_tells_the_year(client, editor, timeline):
    client.force_login(editor)
    response = extract(client, timeline=timeline.slug, content=NEELUM)
    assert 'name="published_on" value="' not in response.text.split("published_time")[0]
    assert "enter the publication date" in response.text
    before = Source.objects.count()
    data = metadata_data(response, title="Pakistan says India broke the truce")
    refused = client.post(NEW_URL, data)
    assert refused.status_code == 400
    assert "Enter the publication date: the dateline gives no year." in refused.text
    assert Source.objects.count() == before
    response = client.post(NEW_URL, {**data, "published_on": "2025-05-12"})
    assert response.status_code == 302
    assert Source.objects.get().published_at.date() == datetime.date(2025, 5, 12)


def test_on_monday_in_a_may_12_2025_story_is_12_may_2025(client, editor, may_2025):
    known_actors_and_places()
    client.force_login(editor)
    response = extract(client, timeline=may_2025.slug, content=NEELUM)
    response = client.post(NEW_URL, metadata_data(response, title="India broke the truce"))
    assert response.status_code == 302
    page = client.get(response["Location"]).text
    assert '<time datetime="2025-05-12">12 May 2025</time>' in page
    assert "2026" not in page


def test_a_dated_line_of_the_article_gives_the_dateline_its_year():
    article = extract_article(
        "Pakistan says India broke the truce\n\nUpdated: 13 May 2025 10:00 GMT\n\n" + NEELUM
    )
    assert article.published_at == datetime.datetime(2025, 5, 12, tzinfo=datetime.UTC)
    assert article.yearless_date is None


def test_the_machine_clock_never_gives_a_dateline_its_year():
    article = extract_article(NEELUM)
    assert article.published_at is None
    assert (article.yearless_date.month, article.yearless_date.day) == (5, 12)


def test_a_named_weekday_picks_the_year_among_those_in_the_span():
    monday = YearlessDate(5, 12, "May 12", weekday=0)
    span = (datetime.date(2013, 1, 1), datetime.date(2026, 12, 31))
    assert resolve_year(monday, span=span).date == datetime.date(2025, 5, 12)
    plain = YearlessDate(5, 12, "May 12")
    assert resolve_year(plain, span=span).date == datetime.date(2026, 5, 12)


def test_a_day_outside_the_span_takes_the_nearest_year():
    found = YearlessDate(12, 30, "Dec. 30")
    span = (datetime.date(2025, 5, 1), datetime.date(2025, 5, 31))
    assert resolve_year(found, span=span).date == datetime.date(2024, 12, 30)
    leap = YearlessDate(2, 29, "Feb. 29")
    assert resolve_year(leap, span=span).date == datetime.date(2024, 2, 29)


def test_suggested_date_outside_the_timeline_and_wrong_weekday_are_flagged(
    client, editor, timeline
):
    EventFactory(timeline=timeline, date=datetime.date(2025, 3, 1), precision=Precision.DAY)
    EventFactory(timeline=timeline, date=datetime.date(2025, 3, 5), precision=Precision.DAY)
    known_actors_and_places()
    client.force_login(editor)
    text = (
        "Ceasefire violated again\n\nPublished: 14 May 2025\n\nISLAMABAD, 14 May 2025 (AFP) - "
        "Pakistan's army said India violated the ceasefire along the Line of Control on "
        "Monday, May 13, and again on Wednesday."
    )
    response = extract(client, timeline=timeline.slug, content=text)
    response = client.post(NEW_URL, metadata_data(response))
    page = client.get(response["Location"]).text
    assert "Check the date:" in page
    assert "The article says Monday, but 13 May 2025 was a Tuesday: check the date." in page
    assert (
        "13 May 2025 is outside this timeline&#x27;s dates (1 March 2025 to 5 March 2025)" in page
    )
