"""Issue 17, items 2 and 3 in a real browser: the pasted wire story, from paste to one
disputed event (the denial's card follows the accepted claim without a reload)."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from tests.browser.accounts import log_in
from tests.factories import ActorFactory, EventFactory, PlaceFactory, TimelineFactory
from timeline.dates import Precision
from timeline.models import Event

pytestmark = pytest.mark.django_db(transaction=True)

NEELUM = (
    "ISLAMABAD, May 12 (Reuters) - Pakistan's army said on Monday that Indian troops had opened "
    "fire on its posts in the Neelum valley overnight, the first reported breach since the "
    "ceasefire took effect on Saturday. India's army denied the claim, saying its troops had "
    "not fired a single shot. The United Nations Secretary-General welcomed the truce and urged "
    "both sides to respect it, while China offered to help mediate talks between the "
    "nuclear-armed neighbours."
)
CLAIM = "Pakistan's army says India violates ceasefire near the Neelum valley"
DENIAL = "India's army denies: India violates ceasefire near the Neelum valley"


@pytest.fixture
def neelum_story(editor):
    for name, slug in (("India", "india"), ("Pakistan", "pakistan"), ("China", "china")):
        ActorFactory(name=name, slug=slug)
    ActorFactory(name="United Nations", slug="united-nations")
    PlaceFactory(name="Neelum valley", slug="neelum-valley")
    timeline = TimelineFactory(slug="ceasefire", title="Ceasefire", editors=[editor])
    EventFactory(timeline=timeline, date=datetime.date(2025, 5, 10), precision=Precision.DAY)
    return timeline


def card(page, title):
    return page.locator("article").filter(has=page.get_by_role("heading", name=title, exact=True))


def test_pasted_wire_story_becomes_one_disputed_event(live_server, page, neelum_story):
    log_in(page, live_server, "editor", neelum_story.get_absolute_url())
    page.get_by_role("link", name="Add from an article").click()
    page.get_by_label("Article", exact=True).fill(NEELUM)
    page.get_by_role("button", name="Extract").click()

    # Item 3: the year-less dateline takes its year from the timeline, and says so.
    expect(page.get_by_label("Published on")).to_have_value("2025-05-12")
    expect(page.get_by_role("note")).to_contain_text(
        "The dateline says “May 12” without a year: read as 12 May 2025"
    )
    page.get_by_label("Headline").fill("Pakistan says Indian troops fired on its posts")
    page.get_by_role("button", name="Save and suggest events").click()

    expect(page.get_by_role("heading", name="Suggested events")).to_be_visible()
    claim, denial = card(page, CLAIM), card(page, DENIAL)
    expect(claim).to_contain_text("Pakistan (target)")
    expect(claim).to_contain_text("12 May 2025")
    expect(denial).to_contain_text("India's army")
    expect(card(page, "China offers to mediate")).to_be_visible()
    expect(denial.get_by_role("button", name="Accept", exact=True)).to_be_visible()

    claim.get_by_role("button", name="Accept", exact=True).click()
    expect(claim).to_contain_text("Added as draft")
    # Without a reload, the denial now offers to go onto the event just added.
    add = denial.get_by_role("button", name="Add this source to the existing event")
    expect(add).to_be_visible()
    expect(denial).to_contain_text("Adding this source records the denial on it.")
    add.click()
    expect(denial).to_contain_text("Source added to the existing event")

    assert (
        Event.objects.filter(timeline=neelum_story, event_type__slug="ceasefire-violation").count()
        == 1
    )
    denial.get_by_role("link", name=CLAIM).click()
    expect(page.get_by_text("Disputed").first).to_be_visible()
    expect(page.get_by_text("According to Pakistan's army")).to_contain_text("India's army denied")
