"""Editing in place in a real browser: htmx swaps, focus, keyboard, two editors at once."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from tests.browser.accounts import log_in
from tests.factories import ActorFactory, EventFactory, TimelineFactory, UserFactory
from timeline.models import Event

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def three_events(editor):
    timeline = TimelineFactory(slug="ceasefire", title="Ceasefire", editors=[editor])
    EventFactory(timeline=timeline, title="Talks begin", date=datetime.date(2025, 5, 1))
    EventFactory(timeline=timeline, title="Ceasefire announced", date=datetime.date(2025, 5, 10))
    EventFactory(timeline=timeline, title="Violations reported", date=datetime.date(2025, 5, 20))
    return timeline


def card(page, title):
    return page.locator("article").filter(has=page.get_by_role("heading", name=title))


def titles(page):
    return page.get_by_role("article").get_by_role("heading").all_inner_texts()


def event_titles(page):
    """The cards' titles, as a locator that expect() waits on."""
    return page.get_by_role("article").get_by_role("heading")


def editor_notice(page):
    # The chronology also has a status region of its own (the reader's count of results).
    return page.get_by_role("region", name="Editing this timeline").get_by_role("status")


def test_add_event_appears_in_place_at_its_date_and_is_focused(live_server, page, three_events):
    log_in(page, live_server, "editor", three_events.get_absolute_url())
    page.get_by_role("button", name="Add event").click()
    # The reader's filters (Actor, Place, Type...) are on the same page: use the event form's.
    form = page.get_by_role("form", name="New event")
    form.get_by_label("Title", exact=True).fill("US offers to mediate")
    form.get_by_label("Date", exact=True).fill("11 May 2025")
    expect(form.get_by_text("Understood as: 11 May 2025")).to_be_visible()
    form.get_by_label("Type", exact=True).select_option(label="Mediation offered")
    form.get_by_label("Summary", exact=True).fill("Trump offers to **mediate** on Kashmir.")
    form.get_by_role("button", name="Preview summary").click()
    expect(form.locator(".markdown-preview strong")).to_have_text("mediate")
    ActorFactory(name="United States")
    form.get_by_label("Actor", exact=True).press_sequentially("Unit")
    expect(form.locator("#edit-new-actor-options option")).to_have_attribute(
        "value", "United States"
    )
    form.get_by_label("Actor", exact=True).fill("United States")
    form.get_by_role("button", name="Save").click()

    new_card = card(page, "US offers to mediate")
    expect(new_card).to_be_focused()
    expect(event_titles(page)).to_have_text(
        ["Talks begin", "Ceasefire announced", "US offers to mediate", "Violations reported"]
    )
    # Under its month heading, like the others.
    expect(new_card.get_by_role("heading", level=5)).to_have_text("US offers to mediate")
    expect(page.get_by_role("button", name="Add event")).to_be_visible()
    event = Event.objects.get(title="US offers to mediate")
    assert [ea.actor.name for ea in event.event_actors.all()] == ["United States"]


def test_standalone_new_event_page_saves_with_javascript_on(live_server, page, three_events):
    log_in(page, live_server, "editor", f"{three_events.get_absolute_url()}events/new/")
    form = page.get_by_role("form", name="New event")
    form.get_by_label("Title", exact=True).fill("Talks resume")
    form.get_by_label("Date", exact=True).fill("12 May 2025")
    form.get_by_label("Type", exact=True).select_option(label="Talks")
    form.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Talks resume")).to_be_visible()
    assert Event.objects.filter(timeline=three_events, title="Talks resume").exists()


def test_edit_in_place_moves_the_card_when_its_date_changes(live_server, page, three_events):
    log_in(page, live_server, "editor", three_events.get_absolute_url())
    card(page, "Talks begin").get_by_role("button", name="Edit").click()
    form = page.locator("form.event-editor")
    expect(form.get_by_label("Title", exact=True)).to_be_focused()
    form.get_by_label("Title", exact=True).fill("Talks begin in Geneva")
    form.get_by_label("Date", exact=True).fill("15 May 2025")
    form.get_by_role("button", name="Save").click()

    expect(card(page, "Talks begin in Geneva")).to_be_focused()
    assert titles(page) == ["Ceasefire announced", "Talks begin in Geneva", "Violations reported"]

    # A date in another month: the card goes under a new month heading, after May's.
    card(page, "Ceasefire announced").get_by_role("button", name="Edit").click()
    form = page.get_by_role("form", name="Editing “Ceasefire announced”")
    form.get_by_label("Date", exact=True).fill("2 June 2025")
    form.get_by_role("button", name="Save").click()
    expect(card(page, "Ceasefire announced")).to_be_focused()
    events = page.get_by_role("region", name="Events")
    expect(events.get_by_role("heading")).to_have_text(
        [
            "Events",
            "2025",
            "May 2025",
            "Talks begin in Geneva",
            "Violations reported",
            "June 2025",
            "Ceasefire announced",
        ]
    )

    # Cancel restores the card unchanged.
    card(page, "Violations reported").get_by_role("button", name="Edit").click()
    page.get_by_label("Title", exact=True).fill("Not kept")
    page.get_by_role("button", name="Cancel").click()
    expect(card(page, "Violations reported")).to_be_visible()
    expect(page.get_by_text("Not kept")).to_have_count(0)


def test_an_open_form_keeps_what_was_typed_when_another_card_moves(live_server, page, three_events):
    log_in(page, live_server, "editor", three_events.get_absolute_url())
    card(page, "Violations reported").get_by_role("button", name="Edit").click()
    open_form = page.get_by_role("form", name="Editing “Violations reported”")
    open_form.get_by_label("Summary", exact=True).fill("Typed, not saved yet")
    card(page, "Talks begin").get_by_role("button", name="Edit").click()
    moving = page.get_by_role("form", name="Editing “Talks begin”")
    moving.get_by_label("Date", exact=True).fill("12 May 2025")
    moving.get_by_role("button", name="Save").click()

    expect(card(page, "Talks begin")).to_be_focused()
    expect(event_titles(page)).to_have_text(["Ceasefire announced", "Talks begin"])
    expect(open_form.get_by_label("Summary", exact=True)).to_have_value("Typed, not saved yet")
    open_form.get_by_role("button", name="Save").click()
    expect(card(page, "Violations reported")).to_contain_text("Typed, not saved yet")
    expect(event_titles(page)).to_have_text(
        ["Ceasefire announced", "Talks begin", "Violations reported"]
    )


def test_validation_error_is_shown_in_place_and_fixed(live_server, page, three_events):
    log_in(page, live_server, "editor", three_events.get_absolute_url())
    card(page, "Ceasefire announced").get_by_role("button", name="Edit").click()
    page.get_by_label("Summary", exact=True).fill("My careful summary")
    page.get_by_label("Date", exact=True).fill("sometime in May")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("alert")).to_contain_text("Not saved yet")
    expect(page.get_by_text('Could not understand "sometime in May" as a date.')).to_be_visible()
    expect(page.get_by_label("Summary", exact=True)).to_have_value("My careful summary")
    expect(page.get_by_label("Date", exact=True)).to_have_attribute("aria-invalid", "true")

    page.get_by_label("Date", exact=True).fill("May 2025")
    page.get_by_role("button", name="Save").click()
    expect(card(page, "Ceasefire announced")).to_contain_text("My careful summary")
    assert titles(page)[0] == "Ceasefire announced"  # "May 2025" sorts before 1 May


def test_delete_and_undo(live_server, page, three_events):
    log_in(page, live_server, "editor", three_events.get_absolute_url())
    card(page, "Ceasefire announced").get_by_role("button", name="Delete").click()
    expect(page.get_by_text("Event deleted:")).to_be_visible()
    undo = page.get_by_role("button", name="Undo")
    expect(undo).to_be_focused()
    assert Event.objects.get(title="Ceasefire announced").deleted_at is not None

    page.keyboard.press("Enter")
    expect(card(page, "Ceasefire announced")).to_be_visible()
    assert titles(page) == ["Talks begin", "Ceasefire announced", "Violations reported"]
    assert Event.objects.get(title="Ceasefire announced").deleted_at is None


def test_reorder_events_of_one_date_with_the_keyboard(live_server, page, editor):
    timeline = TimelineFactory(slug="same-day", editors=[editor])
    for position, title in enumerate(["First", "Second", "Third"]):
        EventFactory(timeline=timeline, title=title, position=position)
    log_in(page, live_server, "editor", timeline.get_absolute_url())

    card(page, "Third").get_by_role("button", name="Move up").focus()
    page.keyboard.press("Enter")
    expect(event_titles(page)).to_have_text(["First", "Third", "Second"])
    expect(card(page, "Third").get_by_role("button", name="Move up")).to_be_focused()
    page.keyboard.press("Enter")
    expect(event_titles(page)).to_have_text(["Third", "First", "Second"])
    # First of its date now: "Move up" is offered only where there is something to move past,
    # and the focus stays on the card that moved.
    expect(card(page, "Third").get_by_role("button", name="Move up")).to_have_count(0)
    expect(card(page, "Third")).to_be_focused()

    card(page, "First").get_by_role("button", name="Move down").focus()
    page.keyboard.press("Enter")
    expect(event_titles(page)).to_have_text(["Third", "Second", "First"])
    page.reload()
    expect(event_titles(page)).to_have_text(["Third", "Second", "First"])


def test_two_editors_editing_one_event_get_a_conflict_and_lose_nothing(
    live_server, browser, three_events
):
    UserFactory(username="second")
    three_events.editors.add(UserFactory(username="second"))
    first = browser.new_context()
    second = browser.new_context()
    page_one, page_two = first.new_page(), second.new_page()
    log_in(page_one, live_server, "editor", three_events.get_absolute_url())
    log_in(page_two, live_server, "second", three_events.get_absolute_url())
    card(page_one, "Ceasefire announced").get_by_role("button", name="Edit").click()
    card(page_two, "Ceasefire announced").get_by_role("button", name="Edit").click()

    page_one.get_by_label("Title", exact=True).fill("Ceasefire announced by Trump")
    page_one.get_by_role("button", name="Save").click()
    expect(card(page_one, "Ceasefire announced by Trump")).to_be_visible()

    page_two.get_by_label("Summary", exact=True).fill("Announced on social media.")
    page_two.get_by_role("button", name="Save").click()
    conflict = page_two.locator("section.conflict")
    expect(conflict.get_by_role("heading")).to_contain_text("Someone else saved")
    expect(conflict).to_contain_text("Ceasefire announced by Trump")  # theirs
    expect(conflict).to_contain_text("Announced on social media.")  # mine
    conflict.get_by_role("button", name="Overwrite with mine").click()

    expect(card(page_two, "Ceasefire announced")).to_contain_text("Announced on social media.")
    event = Event.objects.get(summary="Announced on social media.")
    assert event.version == 3
    history = list(event.history.order_by("history_date").values_list("title", flat=True))
    assert "Ceasefire announced by Trump" in history  # their save is kept in history
    first.close()
    second.close()


def test_restore_from_history(live_server, page, three_events):
    event = Event.objects.get(title="Violations reported")
    log_in(page, live_server, "editor", three_events.get_absolute_url())
    card(page, "Violations reported").get_by_role("button", name="Edit").click()
    page.get_by_label("Title", exact=True).fill("Violations denied")
    page.get_by_role("button", name="Save").click()
    expect(card(page, "Violations denied")).to_be_visible()

    card(page, "Violations denied").get_by_role("link", name="History").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("History of “Violations denied”")
    expect(page.get_by_role("cell", name="Violations reported")).to_be_visible()
    page.get_by_role("button", name="Restore this version").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("History of “Violations reported”")
    expect(page.locator("li.revision")).to_have_count(3)
    event.refresh_from_db()
    assert event.title == "Violations reported" and event.version == 3


def test_reader_sees_no_edit_controls(live_server, page, three_events):
    UserFactory(username="reader")
    log_in(page, live_server, "reader", three_events.get_absolute_url())
    expect(page.locator("article.event")).to_have_count(3)
    for name in ("Add event", "Edit", "Delete", "Move up", "Move down", "Publish"):
        expect(page.get_by_role("button", name=name)).to_have_count(0)
    expect(page.get_by_role("link", name="History")).to_have_count(0)


def test_editor_page_has_no_serious_accessibility_violations(
    live_server, browser, three_events, axe_source
):
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    log_in(page, live_server, "editor", three_events.get_absolute_url())
    card(page, "Talks begin").get_by_role("button", name="Edit").click()
    expect(page.locator("form.event-editor")).to_be_visible()
    page.add_script_tag(content=axe_source)
    result = page.evaluate("axe.run()")
    serious = [
        (v["id"], [n["target"] for n in v["nodes"]])
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert serious == []
    context.close()
