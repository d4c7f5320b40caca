"""The demo chronology in a real browser."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_demo_chronology_shows_its_events_in_order(live_server, demo, page):
    page.goto(live_server.url + demo.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(demo.title)
    headings = page.locator("article.event .event-title").all_inner_texts()
    assert len(headings) == 7
    assert headings[0].startswith("India and Pakistan agree")
    assert headings[1].startswith("US President Trump announces a ceasefire")
    assert headings[-1].startswith("India's foreign minister sets conditions")
