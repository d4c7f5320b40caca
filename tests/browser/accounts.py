"""Logging in through the real login page, for browser tests."""

from __future__ import annotations

from playwright.sync_api import expect

PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory's password


def log_in(page, live_server, username, next_url, password=PASSWORD):
    page.goto(f"{live_server.url}/accounts/login/?next={next_url}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    # htmx (a deferred script) binds its forms when the document has loaded; a control used
    # before then submits as a plain form, which is the no-JavaScript path, not the one tested.
    page.wait_for_load_state("load")
