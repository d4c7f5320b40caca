"""Hostile payloads in a real browser under the real CSP: no script runs, nothing is blocked.

The HTML-level checks (tests/hostile/) prove the markup is inert; this proves it where it
counts: Chromium loads a chronology holding every payload as an event, and no dialog opens, no
script error happens and the CSP had nothing to refuse (a refusal would mean an injection got
as far as the browser).
"""

from __future__ import annotations

import pytest

from tests.factories import TimelineFactory, UserFactory
from tests.hostile.payloads import CORPUS
from tests.hostile.worlds import build_world

pytestmark = pytest.mark.django_db(transaction=True)


def watch(page):
    """Record dialogs (dismissing them), console errors and uncaught script errors."""
    seen = {"dialogs": [], "console errors": [], "page errors": []}

    def on_dialog(dialog):
        seen["dialogs"].append(dialog.message)
        dialog.dismiss()

    def on_console(message):
        # Chromium asks every site for /favicon.ico; that 404 is expected, nothing else is.
        favicon = message.location.get("url", "").endswith("/favicon.ico")
        if message.type == "error" and not favicon:
            seen["console errors"].append(message.text)

    page.on("dialog", on_dialog)
    page.on("console", on_console)
    page.on("pageerror", lambda error: seen["page errors"].append(str(error)))
    return seen


def test_watching_catches_a_script_that_runs(page):
    """The harness can fail: the same payload outside the app (no escaping, no CSP) fires."""
    seen = watch(page)
    page.set_content("<img src='data:image/png;base64,AAAA' onerror=\"alert('payload ran')\">")
    page.wait_for_timeout(300)
    assert seen["dialogs"] == ["payload ran"]


def test_chronology_full_of_payloads_runs_no_script(live_server, page, figures):
    editor = UserFactory(username="hostile-browser-editor")
    timeline = TimelineFactory(slug="hostile-browser", title="Hostile", editors=[editor])
    worlds = [build_world(n, payload, editor, timeline) for n, payload in enumerate(CORPUS, 1)]
    seen = watch(page)

    for path in [
        timeline.get_absolute_url(),
        worlds[0].event.get_absolute_url(),
        worlds[0].source.get_absolute_url(),
    ]:
        response = page.goto(live_server.url + path, wait_until="load")
        assert response.status == 200
        page.wait_for_timeout(300)

    figures.add("hostile pages loaded in Chromium", 3)
    assert seen == {"dialogs": [], "console errors": [], "page errors": []}
