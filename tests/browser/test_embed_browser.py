"""The embed in a real browser: another site frames it; ordinary pages refuse to be framed."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_another_site_can_frame_the_embed_but_not_the_timeline_page(
    live_server, demo, page, other_site
):
    pages, origin = other_site
    embed_url = live_server.url + reverse("timeline:embed", kwargs={"slug": demo.slug})
    page_url = live_server.url + demo.get_absolute_url()
    pages["/article.html"] = (
        "<!doctype html><html lang='en'><title>Article</title><h1>Our article</h1>"
        f"<iframe title='Embedded timeline' src='{embed_url}'></iframe>"
        f"<iframe title='Full timeline page' src='{page_url}'></iframe></html>"
    )
    page.goto(origin + "/article.html")

    embedded = page.frame_locator("iframe[title='Embedded timeline']")
    expect(embedded.get_by_role("heading", level=1)).to_have_text(demo.title)
    expect(embedded.get_by_role("article")).to_have_count(7)
    expect(embedded.get_by_role("link", name="Open the full timeline")).to_have_attribute(
        "target", "_blank"
    )

    # The browser refuses to show the timeline page in a frame (X-Frame-Options DENY and
    # frame-ancestors 'none'): that frame ends on Chromium's error page, not on ours.
    refused = page.frame_locator("iframe[title='Full timeline page']")
    expect(refused.get_by_role("heading", name="Events")).to_have_count(0)
    framed_urls = [frame.url for frame in page.frames]
    assert embed_url in framed_urls
    assert page_url not in framed_urls
