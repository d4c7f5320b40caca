"""Typing is never lost (issue 17, item 9): a response that arrives while someone types swaps
results, never the field being typed in, and never moves the focus the person did not move.

The typing is quick, as a person's is: each field is typed key by key while the responses to
the previous field's change (the list of results, the date's "Understood as") come back.
"""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from tests.browser.accounts import log_in
from tests.factories import EventFactory, TimelineFactory

pytestmark = pytest.mark.django_db(transaction=True)

# Milliseconds between keys: a quick typist. The list's response lands mid-word.
KEY_DELAY = 25


def open_chronology(page, live_server, timeline):
    page.goto(live_server.url + timeline.get_absolute_url())
    page.wait_for_function("window.htmx !== undefined")
    page.wait_for_load_state("load")


@pytest.mark.parametrize("trial", [1, 2, 3])
def test_typing_from_then_to_quickly_keeps_every_key(live_server, demo, page, trial):
    open_chronology(page, live_server, demo)
    date_from = page.get_by_role("textbox", name="From")
    date_to = page.get_by_role("textbox", name="To")
    date_from.click()
    date_from.press_sequentially("10 May 2025", delay=KEY_DELAY)
    # Tab sends From's change: its response comes back while To is being typed.
    page.keyboard.press("Tab")
    expect(date_to).to_be_focused()
    page.keyboard.type("13 May 2025", delay=KEY_DELAY)
    expect(page.get_by_role("status").filter(has_text="match")).to_contain_text("match")
    expect(date_from).to_have_value("10 May 2025")
    expect(date_to).to_have_value("13 May 2025")
    expect(date_to).to_be_focused()
    page.keyboard.press("Tab")  # To's own change: the list follows both dates
    expect(page).to_have_url(
        live_server.url + demo.get_absolute_url() + "?from=10+May+2025&to=13+May+2025"
    )
    between = demo.events.filter(
        date__gte=datetime.date(2025, 5, 10), date__lte=datetime.date(2025, 5, 13)
    )
    expect(page.locator("#results article.event")).to_have_count(between.count())
    expect(date_to).to_have_value("13 May 2025")


def test_a_to_filled_at_once_while_from_is_answered_is_kept(live_server, demo, page):
    """Autofill and paste fill a field in one go, right after the previous field's change."""
    open_chronology(page, live_server, demo)
    date_from = page.get_by_role("textbox", name="From")
    date_to = page.get_by_role("textbox", name="To")
    date_from.fill("11 May 2025")
    date_from.dispatch_event("change")
    date_to.fill("12 May 2025")  # before the response to From's change has come back
    date_to.dispatch_event("change")
    expect(page).to_have_url(
        live_server.url + demo.get_absolute_url() + "?from=11+May+2025&to=12+May+2025"
    )
    expect(date_from).to_have_value("11 May 2025")
    expect(date_to).to_have_value("12 May 2025")


def test_standalone_new_event_page_keeps_the_focus_where_the_typist_put_it(
    live_server, page, editor
):
    timeline = TimelineFactory(slug="talks", title="Talks", editors=[editor])
    EventFactory(timeline=timeline, title="Talks begin", date=datetime.date(2025, 5, 1))
    log_in(page, live_server, "editor", f"{timeline.get_absolute_url()}events/new/")
    form = page.get_by_role("form", name="New event")
    title = form.get_by_label("Title", exact=True)
    expect(title).to_be_focused()  # the page starts in Title: nothing typed there yet
    page.keyboard.type("Talks resume in Geneva", delay=KEY_DELAY)
    form.get_by_label("Date", exact=True).click()
    page.keyboard.type("12 May 2025", delay=KEY_DELAY)
    # The date's preview is asked for 400 ms after the last key, while Place is being typed.
    form.get_by_label("Place", exact=True).click()
    page.keyboard.type("Geneva, Switzerland", delay=60)
    expect(form.get_by_text("Understood as: 12 May 2025")).to_be_visible()
    page.keyboard.type(" (UN office)", delay=KEY_DELAY)
    expect(form.get_by_label("Place", exact=True)).to_have_value("Geneva, Switzerland (UN office)")
    expect(form.get_by_label("Place", exact=True)).to_be_focused()
    expect(title).to_have_value("Talks resume in Geneva")
