"""Our TimelineJS export, loaded by Knight Lab's TimelineJS3 itself in a real browser.

TimelineJS comes from its npm package (@knight-lab/timelinejs, installed by `npm ci` as part
of `make test`, never committed) and runs on another origin, as on a newsroom's site, loading
timelinejs.json from the live server by URL (the export allows any origin to read it).
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db(transaction=True)

TIMELINEJS_DIST = (
    Path(__file__).resolve().parents[2] / "node_modules" / "@knight-lab" / "timelinejs" / "dist"
)


@pytest.fixture
def timelinejs_files():
    script = TIMELINEJS_DIST / "js" / "timeline.js"
    if not script.exists():
        pytest.fail(f"TimelineJS3 is missing at {script}: run `npm ci` (make test does)")
    return {
        "/dist/js/timeline.js": script.read_bytes(),
        "/dist/js/locale/en.json": (TIMELINEJS_DIST / "js" / "locale" / "en.json").read_bytes(),
        "/dist/css/timeline.css": (TIMELINEJS_DIST / "css" / "timeline.css").read_bytes(),
    }


def test_timelinejs3_loads_the_demo_export_with_one_slide_per_event(
    live_server, demo, page, other_site, timelinejs_files
):
    pages, origin = other_site
    pages.update(timelinejs_files)
    export_url = live_server.url + reverse("timeline:timelinejs", kwargs={"slug": demo.slug})
    options = {"script_path": origin + "/dist/js/", "font": None, "language": "en"}
    pages["/timeline.html"] = (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>TimelineJS</title>"
        "<link rel='stylesheet' href='/dist/css/timeline.css'>"
        "<script src='/dist/js/timeline.js'></script></head><body>"
        "<div id='timeline-embed' style='width: 900px; height: 600px'></div><script>"
        f"window.timeline = new TL.Timeline('timeline-embed', {json.dumps(export_url)}, "
        f"{json.dumps(options)});"
        "window.timeline.on('loaded', function () { window.timelineLoaded = true; });"
        "</script></body></html>"
    )
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(origin + "/timeline.html")
    page.wait_for_function("window.timelineLoaded === true", timeout=15000)

    assert errors == []
    assert page.evaluate("window.timeline.config.isValid()") is True
    assert page.evaluate("window.timeline.config.getErrors()") == []
    assert page.evaluate("window.timeline.config.events.length") == 7
    # The title slide and one slide per event, in the demo's order.
    assert page.locator(".tl-slide").count() == 8
    # Headlines are HTML to TimelineJS (it sets innerHTML), so the export escapes plain text.
    headlines = page.evaluate(
        "window.timeline.config.events.map(function (e) { return e.text.headline; })"
    )
    assert "India&#x27;s foreign minister" in headlines[-1]
    headlines = [html.unescape(headline) for headline in headlines]
    assert headlines[0].startswith("India and Pakistan agree to settle disputes bilaterally")
    assert headlines[-1].startswith("India's foreign minister sets conditions")
    # Approximate dates keep their wording in TimelineJS's own date display.
    page.evaluate("window.timeline.goTo(7)")
    assert page.get_by_text("India's foreign minister sets conditions").first.is_visible()
    page.evaluate("window.timeline.goTo(6)")
    assert page.get_by_text("c. 13 May 2025").first.is_visible()
