"""The daily desk in a real browser (issue 17): Publish in place (item 4), adding an event with a
new source in few interactions (item 5), reachable sharing and a slug from the title (item 6),
and what a reader of a live crisis expects (item 13).
"""

from __future__ import annotations

import datetime
import json
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.accounts import log_in
from tests.factories import EventFactory, TimelineFactory, event_type
from timeline.models import Event, PublicationStatus, Source

pytestmark = pytest.mark.django_db(transaction=True)


def card(page, title):
    return page.locator("article").filter(has=page.get_by_role("heading", name=title))


@pytest.fixture
def story(editor):
    timeline = TimelineFactory(slug="ceasefire", title="Ceasefire", editors=[editor])
    EventFactory(timeline=timeline, title="Talks begin", date=datetime.date(2025, 5, 1))
    EventFactory(
        timeline=timeline,
        title="Shelling reported",
        date=datetime.date(2025, 5, 12),
        status=PublicationStatus.DRAFT,
    )
    return timeline


# 4 ------------------------------------------------------------------------------------------------


def test_publish_on_a_draft_card_publishes_in_place_without_a_reload(live_server, page, story):
    log_in(page, live_server, "editor", story.get_absolute_url())
    page.evaluate("window.samePage = true")
    draft = card(page, "Shelling reported")
    expect(draft.get_by_text("Draft", exact=True)).to_be_visible()
    draft.get_by_role("button", name="Publish").click()

    expect(card(page, "Shelling reported").get_by_text("Draft", exact=True)).to_have_count(0)
    expect(card(page, "Shelling reported").get_by_role("button", name="Publish")).to_have_count(0)
    expect(card(page, "Shelling reported")).to_be_focused()
    expect(
        page.get_by_role("region", name="Editing this timeline").get_by_role("status")
    ).to_have_text("Published “Shelling reported”.")
    assert page.evaluate("window.samePage") is True
    assert Event.objects.get(title="Shelling reported").status == PublicationStatus.PUBLISHED


def test_editor_filters_the_drafts(live_server, page, story):
    log_in(page, live_server, "editor", story.get_absolute_url())
    page.get_by_role("combobox", name="Status (editors only)").select_option(label="Draft")
    expect(page.locator("#results article.event")).to_have_count(1)
    expect(page).to_have_url(re.compile(r"\?status=draft$"))
    expect(card(page, "Shelling reported")).to_be_visible()


# 5 ------------------------------------------------------------------------------------------------


class Counted:
    """Every click, choice and field filled (typing a field's text is one interaction)."""

    def __init__(self):
        self.count = 0

    def __call__(self, action, *args, **kwargs):
        self.count += 1
        return action(*args, **kwargs)


def test_adding_an_event_with_a_new_source_and_a_quote_takes_ten_interactions(
    live_server, page, story, figures
):
    log_in(page, live_server, "editor", story.get_absolute_url())
    do = Counted()
    do(page.get_by_role("button", name="Add event").click)
    form = page.get_by_role("form", name="New event")
    do(
        form.get_by_label("Title", exact=True).fill,
        "Pakistan says Indian troops fired on its posts",
    )
    do(form.get_by_label("Date", exact=True).fill, "12 May 2025")
    do(form.get_by_label("Type", exact=True).select_option, label="Ceasefire violation")
    do(form.get_by_label("URL", exact=True).fill, "https://www.reuters.com/world/neelum-valley")
    do(form.get_by_label("Headline", exact=True).fill, "Pakistan says India breached the truce")
    do(form.get_by_label("Published on", exact=True).fill, "May 2025")
    do(form.get_by_label("Quote", exact=True).fill, "Indian troops had opened fire on its posts")
    do(form.get_by_label("Said by", exact=True).fill, "Pakistan's army")
    do(form.get_by_role("button", name="Save").click)

    added = card(page, "Pakistan says Indian troops fired on its posts")
    expect(added).to_be_focused()
    expect(
        added.get_by_text("According to Pakistan's army (reuters.com, May 2025)")
    ).to_be_visible()
    expect(added.get_by_text("Indian troops had opened fire on its posts")).to_be_visible()
    print(f"\ninteractions to add an event with a new source and a quote: {do.count}")
    figures.set_max("interactions to add an event with a new source and a quote", do.count)
    assert do.count <= 10
    event = Event.objects.get(title="Pakistan says Indian troops fired on its posts")
    citation = event.citations.get()
    assert citation.stance == "asserts"
    assert citation.source == Source.objects.get(title="Pakistan says India breached the truce")
    assert event.event_type == event_type("ceasefire-violation")


# 6 ------------------------------------------------------------------------------------------------


def test_reader_copies_the_embed_code(live_server, demo, browser):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(live_server.url + demo.get_absolute_url())
    page.get_by_text("Share, embed, feed and exports").click()
    page.get_by_text("Embed this timeline on another site").click()
    code = page.get_by_role("textbox", name="Copy this HTML into your page:")
    expect(code).to_have_value(re.compile(r'^<iframe src="http://[^"]+/embed/"'))
    page.get_by_role("button", name="Copy the embed code").click()
    expect(page.get_by_text("Copied.")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == code.input_value()
    context.close()


def test_new_timeline_address_follows_the_title_until_edited(live_server, page, admin_user_account):
    log_in(page, live_server, "admin", "/timelines/new/")
    title = page.get_by_label("Title", exact=True)
    address = page.get_by_label("Address", exact=True)
    title.press_sequentially("Sudan talks, Jeddah 2025")
    expect(address).to_have_value("sudan-talks-jeddah-2025")
    address.fill("jeddah-talks")
    title.press_sequentially(" (second round)")
    expect(address).to_have_value("jeddah-talks")


# 13 -----------------------------------------------------------------------------------------------


def test_new_since_the_last_visit_is_marked_from_the_browsers_own_storage(
    live_server, demo, browser
):
    draft = EventFactory(
        timeline=demo,
        title="India denies the claim",
        date=datetime.date(2025, 5, 12),
        status=PublicationStatus.DRAFT,
    )
    context = browser.new_context()
    page = context.new_page()
    page.goto(live_server.url + demo.get_absolute_url())
    page.wait_for_load_state("load")
    expect(page.locator(".badge.new-since")).to_have_count(0)  # a first visit: nothing "new"

    EventFactory(
        timeline=demo,
        title="Pakistan says Indian troops fired on its posts",
        date=datetime.date(2025, 5, 12),
    )
    draft.status = PublicationStatus.PUBLISHED  # written earlier, published after the visit
    draft.save()
    page.close()
    page = context.new_page()  # a later visit, in a new tab
    page.goto(live_server.url + demo.get_absolute_url())
    new = card(page, "Pakistan says Indian troops fired on its posts")
    expect(new.get_by_text("New since your last visit")).to_be_visible()
    expect(
        card(page, "India denies the claim").get_by_text("New since your last visit")
    ).to_be_visible()
    expect(page.locator(".badge.new-since")).to_have_count(2)
    expect(
        page.get_by_text(re.compile(r"^2 new events on this page since your last visit"))
    ).to_be_visible()
    assert context.cookies() == []  # kept in the browser's storage, so pages stay cacheable
    context.close()


def test_json_ld_describes_the_events_and_the_csp_lets_it_be(live_server, demo, page):
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto(live_server.url + demo.get_absolute_url())
    page.wait_for_load_state("load")
    blocks = page.locator('script[type="application/ld+json"]').all_text_contents()
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert data["@type"] == "ItemList"
    assert data["numberOfItems"] == len(data["itemListElement"]) == 7
    first = data["itemListElement"][0]["item"]
    assert first["@type"] == "Event"
    assert first["startDate"] == "1972"
    assert first["url"].startswith(live_server.url)
    assert violations == []
    assert page.evaluate("window.htmx !== undefined")  # the site's own scripts still run


def test_share_tags_and_a_copy_link_on_an_event(live_server, demo, browser):
    event = demo.events.get(title="US offers to mediate on Kashmir")
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(live_server.url + event.get_absolute_url())
    expect(page.locator('meta[property="og:title"]')).to_have_attribute("content", event.title)
    expect(page.locator('meta[name="twitter:card"]')).to_have_attribute("content", "summary")
    expect(page.locator('meta[property="og:url"]')).to_have_attribute(
        "content", live_server.url + event.get_absolute_url()
    )
    page.get_by_role("button", name="Copy link to this event").click()
    expect(page.get_by_text("Copied.")).to_be_visible()
    assert (
        page.evaluate("navigator.clipboard.readText()")
        == live_server.url + event.get_absolute_url()
    )
    context.close()


def test_history_table_field_names_do_not_break_inside_a_word_at_360_px(
    live_server, browser, story
):
    event = Event.objects.get(title="Talks begin")
    event.title = "Talks begin in Geneva under UN auspices, with " + "long words " * 20
    event.save()
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    url = reverse("timeline:event_history", kwargs={"slug": story.slug, "pk": event.pk})
    log_in(page, live_server, "editor", url)
    assert not page.url.endswith("?")
    header = page.get_by_role("columnheader", name="Field").first
    expect(header).to_be_visible()
    lines = header.evaluate(
        "th => th.getBoundingClientRect().height / parseFloat(getComputedStyle(th).lineHeight)"
    )
    assert lines < 2, f"“Field” takes {lines:.1f} lines"
    context.close()
