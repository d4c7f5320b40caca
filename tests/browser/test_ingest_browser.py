"""From a pasted article to draft events in a real browser: progress, htmx swaps, focus."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.accounts import log_in
from tests.factories import TimelineFactory
from tests.ingesting import SEED_TEXT, known_actors_and_places

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def article_timeline(editor):
    known_actors_and_places()
    return TimelineFactory(slug="ceasefire", title="Ceasefire", editors=[editor])


def suggestion(page, title):
    return page.locator("article").filter(has=page.get_by_role("heading", name=title, exact=True))


def event_card(page, title):
    return page.locator("article").filter(has=page.get_by_role("heading", name=title))


def test_paste_review_accept_two_dismiss_one_and_see_the_drafts(
    live_server, page, article_timeline
):
    log_in(page, live_server, "editor", article_timeline.get_absolute_url())
    page.get_by_role("link", name="Add from an article").click()
    expect(page.get_by_label("Suggest events for")).to_have_value("ceasefire")
    page.get_by_label("Article", exact=True).fill(SEED_TEXT)

    # Hold the request to show the progress message while the article is read.
    held = []
    page.route(
        "**/sources/new/",
        lambda route: held.append(route) if route.request.method == "POST" else route.continue_(),
    )
    extract = page.get_by_role("button", name="Extract")
    expect(page.get_by_text("Reading the article…")).to_be_hidden()
    extract.click()
    expect(page.get_by_text("Reading the article…")).to_be_visible()
    expect(extract).to_be_disabled()
    held[0].continue_()
    page.unroute("**/sources/new/")

    heading = page.get_by_role("heading", name="Check what was read")
    expect(heading).to_be_focused()
    expect(page.get_by_label("Headline")).to_have_value(
        "India Pakistan Ceasefire News: Tensions Rise Amid US Mediation Offer"
    )
    expect(page.get_by_label("Article text, as read")).to_have_value(
        re.compile(r"^The US offer to mediate.*sensitivities of both countries\.$", re.S)
    )
    page.get_by_label("Published on").fill("2025-05-11")
    page.get_by_role("button", name="Save and suggest events").click()

    expect(page.get_by_role("heading", name="Suggested events")).to_be_visible()
    violation = suggestion(
        page, "Reports say Pakistan violates ceasefire along the Line of Control"
    )
    expect(violation).to_contain_text("heavy firing and shelling along the Line of Control")
    expect(violation).to_contain_text("reports")
    welcome = suggestion(page, "Pakistan welcomes mediation offer")
    statement = suggestion(
        page, "India's foreign minister sets out position on Pakistan-occupied Kashmir"
    )

    violation.get_by_role("button", name="Accept").click()
    expect(violation).to_contain_text("Added as draft")
    expect(violation.get_by_role("status")).to_be_focused()
    welcome.get_by_role("button", name="Accept").click()
    expect(welcome).to_contain_text("Added as draft")
    statement.get_by_role("button", name="Dismiss").click()
    expect(statement).to_contain_text("Dismissed")
    expect(statement.get_by_role("button", name="Undo")).to_be_focused()
    expect(page.get_by_role("button", name="Accept all 4 remaining")).to_be_visible()

    welcome.get_by_role("link", name="see it in the timeline").click()
    for title, quote in [
        (
            "Reports say Pakistan violates ceasefire along the Line of Control",
            "with reports of heavy firing and shelling along the Line of Control (LoC)",
        ),
        (
            "Pakistan welcomes mediation offer",
            "Pakistan, on the other hand, has welcomed the US offer, seeing it as a moral victory.",
        ),
    ]:
        card = event_card(page, title)
        expect(card).to_be_visible()
        expect(card.get_by_text("Draft", exact=True)).to_be_visible()
        expect(card.get_by_role("blockquote")).to_contain_text(quote)
        expect(card).to_contain_text("According to")
    expect(event_card(page, "India's foreign minister sets out position")).to_have_count(0)
    expect(page.locator("article.event")).to_have_count(2)


def test_bad_paste_shows_the_message_next_to_the_field_and_focuses_it(
    live_server, page, article_timeline
):
    log_in(page, live_server, "editor", "/sources/new/?timeline=ceasefire")
    page.get_by_label("Article", exact=True).fill("   ")
    page.get_by_role("button", name="Extract").click()
    expect(page.get_by_role("alert")).to_be_focused()
    expect(page.get_by_text("Paste the article's text or HTML.")).to_be_visible()
    expect(page.get_by_label("Article", exact=True)).to_have_attribute("aria-invalid", "true")


def test_review_page_has_no_serious_accessibility_violations(
    live_server, browser, article_timeline, axe_source
):
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    log_in(page, live_server, "editor", "/sources/new/?timeline=ceasefire")
    page.get_by_label("Article", exact=True).fill(SEED_TEXT)
    page.get_by_role("button", name="Extract").click()
    page.get_by_role("button", name="Save and suggest events").click()
    expect(page.get_by_role("heading", name="Suggested events")).to_be_visible()
    page.get_by_role("button", name="Dismiss").first.click()
    expect(page.get_by_role("button", name="Undo")).to_be_visible()
    page.add_script_tag(content=axe_source)
    result = page.evaluate("async () => await axe.run()")
    serious = [v["id"] for v in result["violations"] if v["impact"] in {"serious", "critical"}]
    assert serious == []
    context.close()


def test_edit_then_accept_saves_the_corrected_event_and_returns_to_the_review(
    live_server, page, article_timeline
):
    log_in(page, live_server, "editor", "/sources/new/?timeline=ceasefire")
    page.get_by_label("Article", exact=True).fill(SEED_TEXT)
    page.get_by_role("button", name="Extract").click()
    page.get_by_role("button", name="Save and suggest events").click()
    welcome = suggestion(page, "Pakistan welcomes mediation offer")
    welcome.get_by_role("link", name="Edit then accept").click()

    expect(page.get_by_label("Title", exact=True)).to_have_value(
        "Pakistan welcomes mediation offer"
    )
    expect(page.get_by_label("Quote").first).to_have_value(
        "Pakistan, on the other hand, has welcomed the US offer, seeing it as a moral victory."
    )
    page.get_by_label("Title", exact=True).fill("Pakistan welcomes the US offer to mediate")
    page.get_by_label("Date", exact=True).fill("")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Enter a date, for example 10 May 2025.")).to_be_visible()
    page.get_by_label("Date", exact=True).fill("11 May 2025")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("heading", name="Suggested events")).to_be_visible()
    expect(page.get_by_text("Added “Pakistan welcomes the US offer to mediate”.")).to_be_visible()
    expect(welcome).to_contain_text("Added as draft")
    expect(
        welcome.get_by_role("link", name="edit “Pakistan welcomes the US offer to mediate”")
    ).to_be_visible()
