"""The map in a real browser: marks, filters swapping map and URL together, following a mark,
the keyboard, axe, 360 px, and the gazetteer filling a new place from the event form."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.browser.accounts import log_in
from tests.factories import EventFactory
from timeline.models import Event, GeoPrecision, Place

pytestmark = pytest.mark.django_db(transaction=True)


def open_map(page, live_server, timeline, query=""):
    page.goto(live_server.url + timeline.get_absolute_url() + "map/" + query)
    page.wait_for_function("window.htmx !== undefined")
    page.evaluate("window.mapMarker = 'same page'")


def marks(page):
    return page.locator(".map-marks a")


def event_titles(page):
    return page.locator("article.event h3, article.event h4, article.event h5")


def test_demo_map_shows_a_mark_for_each_place_with_coordinates(live_server, demo, page):
    open_map(page, live_server, demo)
    located = Place.objects.filter(events__timeline=demo, latitude__isnull=False).distinct()
    expect(marks(page)).to_have_count(located.count())
    for place in located:
        count = Event.objects.filter(timeline=demo, place=place).count()
        noun = "event" if count == 1 else "events"
        expect(page.get_by_role("link", name=f"{place.name}: {count} {noun}")).to_be_visible()
    expect(page.locator(".map-loc text")).to_have_text("Line of Control")


def test_type_filter_updates_map_and_url_together(live_server, demo, page):
    open_map(page, live_server, demo)
    page.get_by_role("checkbox", name="Ceasefire violation").check()
    expect(page).to_have_url(re.compile(r"/map/\?type=ceasefire-violation$"))
    expect(marks(page)).to_have_count(1)
    expect(page.get_by_role("link", name=re.compile(r"^Line of Control: 1 event"))).to_be_visible()
    expect(event_titles(page)).to_have_count(1)
    assert page.evaluate("window.mapMarker") == "same page"


def test_following_a_mark_narrows_the_list(live_server, demo, page):
    open_map(page, live_server, demo)
    expect(event_titles(page)).to_have_count(7)
    page.get_by_role("link", name=re.compile(r"^Kashmir: ")).click()
    expect(page).to_have_url(re.compile(r"/map/\?place=kashmir$"))
    kashmir = Event.objects.filter(timeline=demo, place__slug="kashmir").count()
    expect(event_titles(page)).to_have_count(kashmir)
    expect(marks(page)).to_have_count(1)
    assert page.evaluate("window.mapMarker") == "same page"


def test_keyboard_reaches_every_mark_and_enter_follows_it(live_server, demo, page):
    open_map(page, live_server, demo)
    names = marks(page).locator("title").all_text_contents()
    reached = []
    marks(page).first.focus()  # then Tab through the rest, as a keyboard user would
    for _ in range(len(names)):
        reached.append(page.evaluate("document.activeElement.querySelector('title').textContent"))
        page.keyboard.press("Tab")
    assert reached == names
    marks(page).first.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/map/\?place="))


def test_the_map_is_reachable_by_tab_from_the_page_start(live_server, demo, page):
    open_map(page, live_server, demo)
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('.map-marks')"):
            break
    else:
        pytest.fail("Tab never reached a mark")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_or_critical_violations_on_the_map(
    live_server, demo, browser, axe_source, scheme
):
    context = browser.new_context(bypass_csp=True, color_scheme=scheme)
    page = context.new_page()
    problems = {}
    for path in (demo.get_absolute_url() + "map/", "/places/kashmir/"):
        page.goto(live_server.url + path)
        page.add_script_tag(content=axe_source)
        violations = page.evaluate("async () => (await axe.run(document)).violations")
        serious = [
            f"{v['id']}: {v['help']} ({v['nodes'][0]['html'][:120]})"
            for v in violations
            if v["impact"] in {"serious", "critical"}
        ]
        if serious:
            problems[path] = serious
    context.close()
    assert problems == {}


def test_map_fits_a_360_px_screen(live_server, demo, browser):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(live_server.url + demo.get_absolute_url() + "map/")
    width = page.evaluate("document.documentElement.scrollWidth")
    box = page.locator("svg.map-chart").bounding_box()
    context.close()
    assert width <= 360
    assert box["width"] <= 360 and box["height"] > 100


def test_gazetteer_fills_a_new_place_and_it_is_stored(live_server, page, editor, timeline):
    log_in(page, live_server, "editor", f"{timeline.get_absolute_url()}events/new/")
    form = page.get_by_role("form", name="New event")
    form.get_by_label("Title", exact=True).fill("Shelling reported near Muzaffarabad")
    form.get_by_label("Date", exact=True).fill("11 May 2025")
    form.get_by_label("Type", exact=True).select_option(label="Ceasefire violation")
    form.get_by_label("Place", exact=True).press_sequentially("Muzaffarabad")
    form.get_by_role("button", name=re.compile(r"^Use Muzaffarābād, Pakistan")).click()
    expect(form.get_by_label("Latitude")).to_have_value("34.37002")
    expect(form.get_by_label("Longitude")).to_have_value("73.47082")
    expect(form.get_by_label("Country code")).to_have_value("PK")
    form.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Shelling reported near Muzaffarabad")).to_be_visible()
    place = Place.objects.get(name="Muzaffarabad")
    assert (place.latitude, place.longitude) == (Decimal("34.370020"), Decimal("73.470820"))
    assert place.country_code == "PK" and place.geo_precision == GeoPrecision.TOWN


def test_map_prints_without_the_controls(live_server, demo, page):
    open_map(page, live_server, demo)
    page.emulate_media(media="print")
    expect(page.locator("svg.map-chart")).to_be_visible()
    expect(page.locator(".map-note")).to_be_visible()
    expect(page.get_by_role("navigation", name="Show the events as")).to_be_hidden()
    expect(page.locator("form#filters")).to_be_hidden()


def test_an_edit_on_the_map_shows_on_the_map(live_server, page, editor, timeline):
    poonch = Place.objects.create(
        name="Poonch", slug="poonch", latitude=Decimal("33.77"), longitude=Decimal("74.09")
    )
    Place.objects.create(name="Uri", slug="uri", latitude=Decimal("34.08"), longitude=74.05)
    EventFactory(timeline=timeline, place=poonch, title="Shelling reported")
    EventFactory(timeline=timeline, place=poonch, title="Talks held")
    log_in(page, live_server, "editor", timeline.get_absolute_url() + "map/")
    expect(marks(page)).to_have_count(1)
    page.evaluate("window.mapMarker = 'same page'")
    card = page.locator("article").filter(has=page.get_by_role("heading", name="Talks held"))
    card.get_by_role("button", name="Edit").click()
    form = page.get_by_role("form", name="Editing “Talks held”")
    form.get_by_label("Place", exact=True).fill("Uri")
    form.get_by_role("button", name="Save").click()
    expect(page.get_by_role("link", name=re.compile(r"^Uri: 1 event"))).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(r"^Poonch: 1 event"))).to_be_visible()
    expect(page).to_have_url(re.compile(r"/map/$"))
    assert page.evaluate("window.mapMarker") == "same page"  # swapped in, not reloaded
