"""`?order=newest` and a timeline's default order."""

from __future__ import annotations

import datetime
import re

import pytest

from tests.factories import EventFactory, TimelineFactory, UserFactory
from timeline.models import ReadingOrder

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return re.findall(r'class="event-title"[^>]*><a [^>]*>([^<]+)</a>', response.text)


@pytest.fixture
def story():
    timeline = TimelineFactory(slug="story")
    for day, title in [(10, "Ceasefire"), (11, "Violations"), (12, "Talks")]:
        EventFactory(timeline=timeline, title=title, date=datetime.date(2025, 5, day))
    return timeline


def test_the_chronology_reads_oldest_first_by_default(client, story):
    assert titles(client.get("/timelines/story/")) == ["Ceasefire", "Violations", "Talks"]


def test_order_newest_lists_the_latest_events_first(client, story):
    assert titles(client.get("/timelines/story/?order=newest")) == [
        "Talks",
        "Violations",
        "Ceasefire",
    ]


def test_the_order_control_links_both_orders_and_marks_the_current_one(client, story):
    text = client.get("/timelines/story/?order=newest&type=statement").text
    control = re.search(r'<nav class="order-control".*?</nav>', text, re.S).group(0)
    assert 'href="/timelines/story/?type=statement"' in control
    assert 'href="/timelines/story/?type=statement&amp;order=newest" hx-get' in control
    assert re.search(r'aria-current="true">Newest first<', control)


def test_filters_keep_the_order_chosen(client, story):
    text = client.get("/timelines/story/?order=newest").text
    assert '<input type="hidden" name="order" value="newest">' in text


def test_an_editor_makes_newest_first_the_timelines_default(client, story):
    editor = UserFactory()
    story.editors.add(editor)
    client.force_login(editor)
    response = client.post(
        "/timelines/story/edit/",
        {
            "title": story.title,
            "slug": "story",
            "summary": "",
            "language": "en",
            "default_order": ReadingOrder.NEWEST,
            "editors": [editor.pk],
        },
    )
    assert response.status_code == 302
    client.logout()
    assert titles(client.get("/timelines/story/"))[0] == "Talks"
    assert titles(client.get("/timelines/story/?order=oldest"))[0] == "Ceasefire"


def test_an_unknown_order_is_explained_and_the_default_kept(client, story):
    response = client.get("/timelines/story/?order=sideways")
    assert response.status_code == 200
    assert "“sideways” is not an order; choose oldest or newest first." in response.text
    assert titles(response)[0] == "Ceasefire"


def test_newest_first_pages_continue_with_earlier_events(client):
    timeline = TimelineFactory(slug="long")
    for n in range(60):
        EventFactory(
            timeline=timeline,
            title=f"Day {n}",
            date=datetime.date(2025, 1, 1) + datetime.timedelta(days=n),
        )
    first = client.get("/timelines/long/?order=newest")
    assert titles(first)[0] == "Day 59"
    assert "Earlier events →" in first.text
    second = client.get("/timelines/long/?order=newest&page=2")
    assert titles(second)[0] == "Day 9"
