"""What only a browser shows: htmx swaps and history, scrolling, keyboard use, axe, 360 px."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.bulk_events import build_long_timeline

pytestmark = pytest.mark.django_db(transaction=True)

MEDIATION_TITLES = [
    "US offers to mediate on Kashmir",
    "Pakistan welcomes the US offer of mediation",
    "India refuses third-party mediation, citing the 1972 agreement",
]


def event_titles(page):
    return page.locator("article.event h3, article.event h4, article.event h5")


def open_chronology(page, live_server, timeline, query=""):
    page.goto(live_server.url + timeline.get_absolute_url() + query)
    page.wait_for_function("window.htmx !== undefined")
    # Survives only if the page is never reloaded.
    page.evaluate("window.readerMarker = 'same page'")


def test_type_filter_narrows_the_list_without_a_page_load_and_updates_the_url(
    live_server, demo, page
):
    open_chronology(page, live_server, demo)
    expect(event_titles(page)).to_have_count(7)
    page.get_by_role("checkbox", name="Ceasefire violation").check()
    expect(event_titles(page)).to_have_count(1)
    expect(event_titles(page)).to_have_text(re.compile("Ceasefire understanding violated"))
    expect(page).to_have_url(re.compile(r"\?type=ceasefire-violation$"))
    # The list announcer (the live banner is the other status region on the page).
    expect(page.locator("#list-announcer")).to_have_text("1 of 7 events match.")
    assert page.evaluate("window.readerMarker") == "same page"
    # Focus stays on the control the reader used.
    expect(page.get_by_role("checkbox", name="Ceasefire violation")).to_be_focused()


def test_back_restores_the_previous_list(live_server, demo, page):
    open_chronology(page, live_server, demo)
    page.get_by_role("checkbox", name="Statement").check()
    expect(event_titles(page)).to_have_count(1)
    page.get_by_role("checkbox", name="Mediation offered").check()
    expect(event_titles(page)).to_have_count(2)
    page.go_back()
    expect(page).to_have_url(re.compile(r"\?type=statement$"))
    expect(event_titles(page)).to_have_count(1)
    expect(page.get_by_role("checkbox", name="Mediation offered")).not_to_be_checked()
    page.go_back()
    expect(event_titles(page)).to_have_count(7)
    assert page.evaluate("window.readerMarker") == "same page"


def test_clearing_filters_by_keyboard_announces_the_list_and_keeps_focus_in_it(
    live_server, demo, page
):
    open_chronology(page, live_server, demo, "?type=statement")
    expect(event_titles(page)).to_have_count(1)
    clear = page.get_by_role("link", name="Clear filters").first
    clear.focus()
    page.keyboard.press("Enter")
    expect(event_titles(page)).to_have_count(7)
    expect(page.locator("#list-announcer")).to_have_text("7 events.")
    expect(page.get_by_role("heading", name="Events", exact=True)).to_be_focused()
    expect(page).to_have_url(live_server.url + demo.get_absolute_url())


def test_searching_mediation_finds_the_mediation_events_and_not_the_others(live_server, demo, page):
    open_chronology(page, live_server, demo)
    search = page.get_by_role("searchbox", name="Search")
    search.fill("mediation")
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"\?q=mediation$"))
    for title in MEDIATION_TITLES:
        expect(page.get_by_role("heading", name=title)).to_be_visible()
    expect(
        page.get_by_role("heading", name=re.compile("Ceasefire understanding violated"))
    ).to_have_count(0)
    expect(page.get_by_role("heading", name=re.compile("sets conditions for talks"))).to_have_count(
        0
    )
    assert page.evaluate("window.readerMarker") == "same page"


def test_choosing_a_period_in_the_strip_narrows_the_list(live_server, demo, page):
    open_chronology(page, live_server, demo)
    page.get_by_role("link", name=re.compile(r"^11 May 2025: 2 events")).first.click()
    expect(event_titles(page)).to_have_count(2)
    expect(page).to_have_url(re.compile(r"\?from=2025-05-11&to=2025-05-11$"))
    expect(page.get_by_role("textbox", name="From")).to_have_value("2025-05-11")
    assert page.evaluate("window.readerMarker") == "same page"


def test_permalink_opens_the_event(live_server, demo, page):
    event = demo.events.get(title="Pakistan welcomes the US offer of mediation")
    page.goto(live_server.url + event.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(event.title)
    expect(page.get_by_role("link", name=re.compile("^Next"))).to_be_visible()
    page.goto(live_server.url + demo.get_absolute_url() + f"#event-{event.pk}")
    expect(page.locator(f"#event-{event.pk}")).to_be_in_viewport()


def test_more_events_load_as_the_reader_scrolls(live_server, page):
    timeline = build_long_timeline(75)
    page.goto(live_server.url + timeline.get_absolute_url())
    expect(page.locator("article.event")).to_have_count(50)
    page.get_by_role("link", name="Later events →").scroll_into_view_if_needed()
    expect(page.locator("article.event")).to_have_count(75)
    expect(page.get_by_role("link", name="Later events →")).to_have_count(0)
    ids = page.locator(".month-heading, .year-heading").evaluate_all("els => els.map(e => e.id)")
    assert len(ids) == len(set(ids)), ids
    assert page.url == live_server.url + timeline.get_absolute_url()


def test_keyboard_alone_reaches_every_filter_and_link(live_server, demo, page):
    open_chronology(page, live_server, demo)
    expected = page.evaluate(
        """() => {
          const all = document.querySelectorAll(
            'a[href], input:not([type=hidden]), select, button, summary, textarea');
          const shown = [...all].filter(el => el.getClientRects().length > 0
            && !el.closest('details:not([open]) > :not(summary)'));
          shown.forEach((el, i) => el.setAttribute('data-reachable', i));
          return shown.length;
        }"""
    )
    reached = []
    for _ in range(expected + 5):
        page.keyboard.press("Tab")
        index = page.evaluate("document.activeElement.getAttribute('data-reachable')")
        if index is None:
            continue
        if reached and int(index) == reached[0]:
            break
        reached.append(int(index))
    assert reached[0] == 0  # the skip link comes first
    assert sorted(set(reached)) == list(range(expected))
    assert reached == sorted(reached)  # Tab order follows the page order


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_or_critical_violations(
    live_server, demo, browser, axe_source, scheme
):
    event = demo.events.get(title="US offers to mediate on Kashmir")
    source = event.citations.get().source
    context = browser.new_context(bypass_csp=True, color_scheme=scheme)
    page = context.new_page()
    problems = {}
    for path in ("/", demo.get_absolute_url(), event.get_absolute_url(), source.get_absolute_url()):
        page.goto(live_server.url + path)
        page.add_script_tag(content=axe_source)
        violations = page.evaluate("async () => (await axe.run(document)).violations")
        serious = [
            f"{v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['html'][:120]})"
            for v in violations
            if v["impact"] in {"serious", "critical"}
        ]
        if serious:
            problems[path] = serious
    context.close()
    assert problems == {}


def test_chronology_fits_a_360_px_screen(live_server, demo, browser):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    for path in (demo.get_absolute_url(), demo.events.first().get_absolute_url()):
        page.goto(live_server.url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{path} is {width} px wide"
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    context.close()
