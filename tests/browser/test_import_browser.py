"""An editor imports a CSV in a real browser: upload, preview (accessible), confirm."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from timeline.models import Event

pytestmark = pytest.mark.django_db(transaction=True)

CSV = (
    "date,title,event_type,initiators\n"
    "2025-05-10,Ceasefire announced by the US,ceasefire-announced,United States\n"
    "c. 13 May 2025,India refuses mediation,Mediation rejected,India\n"
)


def serious_violations(page, axe_source) -> list[str]:
    page.add_script_tag(content=axe_source)
    return page.evaluate(
        """async () => (await axe.run()).violations
            .filter(v => ['serious', 'critical'].includes(v.impact))
            .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))"""
    )


def test_editor_uploads_previews_and_confirms_an_import(
    live_server, timeline, editor, browser, axe_source, tmp_path
):
    client = Client()
    client.force_login(editor)
    # axe-core is injected as a script, which the real CSP would block.
    context = browser.new_context(bypass_csp=True, base_url=live_server.url)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    upload = tmp_path / "events.csv"
    upload.write_text(CSV, encoding="utf-8")

    page.goto(reverse("timeline:import", kwargs={"slug": timeline.slug}))
    expect(page.get_by_role("heading", level=1)).to_have_text("Import events into “Ceasefire”")
    page.get_by_label("File", exact=True).set_input_files(upload)
    page.get_by_role("button", name="Preview import").click()

    expect(page.get_by_role("heading", name="Preview of events.csv")).to_be_visible()
    expect(page.get_by_role("table", name="Events to create")).to_contain_text(
        "India refuses mediation"
    )
    expect(page.get_by_role("table", name="Events to create")).to_contain_text("c. 13 May 2025")
    assert Event.objects.count() == 0
    assert serious_violations(page, axe_source) == []

    page.get_by_role("button", name="Import 2 events").click()
    expect(page).to_have_url(live_server.url + timeline.get_absolute_url())
    # The chronology has status regions of its own (the count of results, editors' notices).
    message = page.get_by_role("status").filter(has_text="Imported")
    expect(message).to_have_text("Imported 2 events from events.csv.")
    assert Event.objects.filter(timeline=timeline).count() == 2
    context.close()


def test_embed_page_has_no_serious_accessibility_violations(live_server, demo, browser, axe_source):
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(live_server.url + reverse("timeline:embed", kwargs={"slug": demo.slug}))
    assert serious_violations(page, axe_source) == []
    context.close()
