"""The story on the first screen (issue 17, item 11): a reader opening the demo chronology sees
its first event without scrolling, on a phone (360 x 740) and on a laptop (1280 x 800).

The figures (the first event's title's bottom edge, in CSS pixels from the top of the page)
are printed for the record: `pytest -n 0 -s tests/browser/test_first_screen_browser.py`.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

FIRST_TITLE = "India and Pakistan agree to settle disputes bilaterally (1972 agreement)"


def first_event_position(browser, url, width, height) -> tuple[float, float]:
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(url)
    page.wait_for_load_state("load")
    title = page.get_by_role("heading", name=FIRST_TITLE)
    expect(title).to_be_in_viewport()
    box = page.locator("article.event").first.bounding_box()
    title_box = title.bounding_box()
    context.close()
    return box["y"], title_box["y"] + title_box["height"]


@pytest.mark.parametrize(("width", "height"), [(360, 740), (1280, 800)])
def test_first_event_is_on_the_first_screen(live_server, demo, browser, width, height, figures):
    top, title_bottom = first_event_position(
        browser, live_server.url + demo.get_absolute_url(), width, height
    )
    print(f"\n{width}x{height}: first card top {top:.0f} px, title bottom {title_bottom:.0f} px")
    figures.set_max(f"first event's title bottom at {width}x{height} (px)", round(title_bottom))
    assert title_bottom <= height, f"the first event's title ends {title_bottom:.0f} px down"


def test_filters_and_strip_are_behind_a_toggle_on_a_small_screen(live_server, demo, browser):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(live_server.url + demo.get_absolute_url())
    page.wait_for_load_state("load")
    search = page.get_by_role("searchbox", name="Search")
    expect(search).to_be_hidden()
    page.get_by_text("Filters, search and the strip").click()
    expect(search).to_be_visible()
    strip = page.get_by_role("group", name="Events over time: 7 events, 1972 to 15 May 2025")
    expect(strip).to_be_visible()
    context.close()


def test_filters_are_open_beside_the_events_on_a_wide_screen(live_server, demo, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(live_server.url + demo.get_absolute_url())
    expect(page.get_by_role("searchbox", name="Search")).to_be_visible()
    search_box = page.get_by_role("searchbox", name="Search").bounding_box()
    first = page.locator("article.event").first.bounding_box()
    assert search_box["x"] + search_box["width"] <= first["x"]  # a sidebar, not above the list
    context.close()
