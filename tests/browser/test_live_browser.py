"""Live updates in real browsers: two readers follow a chronology while an editor works."""

from __future__ import annotations

import contextlib
import datetime
import re
import socket
import threading
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.factories import EventFactory, PlaceFactory, TimelineFactory, UserFactory, event_type
from timeline.models import GeoPrecision, PublicationStatus
from timeline.services.events import EventChanges, event_create, event_delete, event_update

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def quick_streams(settings):
    # The test server is WSGI: each stream reads the change log every LIVE_POLL_SECONDS.
    settings.LIVE_POLL_SECONDS = 0.2
    settings.LIVE_RETRY_MS = 300


class CuttableLink:
    """A TCP relay between a browser and the test server whose connections can be cut, as a
    dropped network would: open sockets are shut, and new ones refused until restored."""

    def __init__(self, target_port: int):
        self.target_port = target_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.up = True
        self.open: set[socket.socket] = set()
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.up:
                client.close()
                continue
            server = socket.create_connection(("127.0.0.1", self.target_port))
            with self.lock:
                self.open |= {client, server}
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    def _pipe(self, source, sink):
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        for end in (source, sink):
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)

    def cut(self):
        self.up = False
        with self.lock:
            for end in self.open:
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)
            self.open.clear()

    def restore(self):
        self.up = True

    def close(self):
        self.cut()
        self.listener.close()


@pytest.fixture
def link(live_server):
    relay = CuttableLink(int(live_server.url.rsplit(":", 1)[1]))
    yield relay
    relay.close()


@pytest.fixture
def story():
    timeline = TimelineFactory(slug="ceasefire", title="Ceasefire")
    EventFactory(timeline=timeline, title="Ceasefire announced", date=datetime.date(2025, 5, 10))
    EventFactory(timeline=timeline, title="Violations reported", date=datetime.date(2025, 5, 11))
    return timeline


def heading(page, title):
    return page.get_by_role("article").get_by_role("heading", name=title)


def banner(page):
    return page.locator("[data-live-banner]")


def open_reader(browser, base_url, story, view=""):
    context = browser.new_context(locale="en-GB", timezone_id="UTC")
    page = context.new_page()
    page.goto(f"{base_url}{story.get_absolute_url()}{view}")
    # Connected: the extension opened the EventSource (htmx:sseOpen).
    expect(page.locator("#live[data-live-state=open]")).to_have_count(1)
    if not view:
        expect(heading(page, "Ceasefire announced")).to_be_visible()
    return context, page


def publish(story, editor, title, day, kind="statement", place=None):
    return event_create(
        timeline=story,
        changes=EventChanges(
            values={
                "title": title,
                "event_type": event_type(kind),
                "date": datetime.date(2025, 5, day),
                "status": PublicationStatus.PUBLISHED,
                "place": place,
            }
        ),
        user=editor,
    )


def test_two_readers_see_publish_edit_and_delete_and_a_cut_reader_resumes(
    browser, live_server, link, story, quick_streams
):
    editor = UserFactory(username="editor")
    story.editors.add(editor)
    first_context, first = open_reader(browser, live_server.url, story)
    # The second reader's network runs through a link the test can cut.
    second_context, second = open_reader(browser, f"http://127.0.0.1:{link.port}", story)

    talks = publish(story, editor, "US offers to mediate", 12)
    for reader in (first, second):
        expect(banner(reader)).to_have_text("1 new event - Show")
        # Nothing moved under the reader: the new card waits for "Show".
        expect(heading(reader, "US offers to mediate")).to_have_count(0)
    first.get_by_role("link", name="Show").click()
    expect(heading(first, "US offers to mediate")).to_be_visible()
    expect(banner(first)).to_be_hidden()

    talks.refresh_from_db()
    event_update(
        talks,
        changes=EventChanges(values={"title": "US offers to mediate on Kashmir"}),
        expected_version=talks.version,
        user=editor,
    )
    expect(heading(first, "US offers to mediate on Kashmir")).to_be_visible()

    violations = story.events.get(title="Violations reported")
    event_delete(violations, user=editor)
    for reader in (first, second):
        card = reader.get_by_role("article").filter(
            has=reader.get_by_role("heading", name="Violations reported")
        )
        expect(card.get_by_text("This event has been withdrawn.")).to_be_visible()

    # The second reader's connection is cut; meanwhile two more events are published.
    link.cut()
    second.wait_for_timeout(500)
    publish(story, editor, "India rejects mediation", 13)
    publish(story, editor, "Pakistan welcomes the offer", 14)
    second.wait_for_timeout(1500)
    expect(banner(second)).to_have_text("1 new event - Show")  # still only the first one
    link.restore()
    expect(second.locator("#live[data-live-state=open]")).to_have_count(1, timeout=15_000)
    # It reconnects and resumes from its last message: nothing lost, nothing twice.
    expect(banner(second)).to_have_text("3 new events - Show", timeout=15_000)
    second.get_by_role("link", name="Show").click()
    for title in ("US offers to mediate on Kashmir", "India rejects mediation"):
        expect(heading(second, title)).to_be_visible()
    expect(heading(second, "Pakistan welcomes the offer")).to_be_visible()
    expect(heading(first, "Pakistan welcomes the offer")).to_have_count(0)
    expect(banner(first)).to_have_text("2 new events - Show")
    first_context.close()
    second_context.close()


def test_without_javascript_the_chronology_is_a_plain_page(browser, live_server, story):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}{story.get_absolute_url()}")
    expect(heading(page, "Violations reported")).to_be_visible()
    expect(banner(page)).to_be_hidden()
    context.close()


def test_a_reader_filtering_by_type_is_told_only_of_new_events_of_that_type(
    browser, live_server, story, quick_streams
):
    editor = UserFactory(username="editor")
    story.editors.add(editor)
    shelling = EventFactory(
        timeline=story,
        title="Shelling in Poonch",
        event_type=event_type("ceasefire-violation"),
        date=datetime.date(2025, 5, 9),
    )
    context, reader = open_reader(browser, live_server.url, story, view="?type=ceasefire-violation")
    expect(heading(reader, "Shelling in Poonch")).to_be_visible()
    expect(heading(reader, "Ceasefire announced")).to_have_count(0)

    publish(story, editor, "Foreign ministry statement", 12, kind="statement")
    publish(story, editor, "Drone strike near Uri", 13, kind="ceasefire-violation")
    publish(story, editor, "Army statement", 14, kind="statement")
    expect(banner(reader)).to_have_text("1 new event - Show")
    reader.wait_for_timeout(1500)  # the statements' messages came and went: still one
    expect(banner(reader)).to_have_text("1 new event - Show")

    # A card already shown still follows its event.
    shelling.refresh_from_db()
    event_update(
        shelling,
        changes=EventChanges(values={"title": "Shelling in Poonch and Rajouri"}),
        expected_version=shelling.version,
        user=editor,
    )
    expect(heading(reader, "Shelling in Poonch and Rajouri")).to_be_visible()
    # In place: the reader's focus was not sent to the list's heading (the page does not jump).
    assert reader.evaluate("document.activeElement.id") != "events-heading"

    reader.get_by_role("link", name="Show").click()
    expect(heading(reader, "Drone strike near Uri")).to_be_visible()
    expect(banner(reader)).to_be_hidden()
    for title in ("Foreign ministry statement", "Army statement", "Ceasefire announced"):
        expect(heading(reader, title)).to_have_count(0)
    expect(reader).to_have_url(re.compile(r"\?type=ceasefire-violation$"))
    context.close()


def test_a_reader_on_the_map_sees_the_mark_of_an_event_published_at_a_new_place(
    browser, live_server, story, quick_streams
):
    editor = UserFactory(username="editor")
    story.editors.add(editor)
    poonch = PlaceFactory(
        name="Poonch",
        latitude=Decimal("33.77"),
        longitude=Decimal("74.09"),
        geo_precision=GeoPrecision.TOWN,
    )
    EventFactory(timeline=story, title="Shelling in Poonch", place=poonch)
    uri = PlaceFactory(
        name="Uri",
        latitude=Decimal("34.08"),
        longitude=Decimal("74.05"),
        geo_precision=GeoPrecision.TOWN,
    )
    context = browser.new_context(locale="en-GB", timezone_id="UTC")
    reader = context.new_page()
    reader.goto(f"{live_server.url}{story.get_absolute_url()}map/")
    expect(reader.locator("#live[data-live-state=open]")).to_have_count(1)
    reader.evaluate("window.sameVisit = true")
    marks = reader.locator(".map-marks a")
    expect(marks).to_have_count(1)
    expect(reader.locator("#map-caption")).to_have_text(re.compile(r"^1 event at 1 place"))
    scrolled = reader.evaluate("window.scrollY")

    publish(story, editor, "Drone strike near Uri", 12, place=uri)
    expect(reader.get_by_role("link", name=re.compile(r"^Uri: 1 event"))).to_be_visible()
    expect(marks).to_have_count(2)
    expect(reader.locator("#map-caption")).to_have_text(re.compile(r"^2 events at 2 places"))
    expect(reader.get_by_role("row", name=re.compile(r"^Uri"))).to_be_visible()
    # No reload and no jump; the list itself waits for Show.
    assert reader.evaluate("window.sameVisit") is True
    assert reader.evaluate("window.scrollY") == scrolled
    expect(banner(reader)).to_have_text("1 new event - Show")
    expect(heading(reader, "Drone strike near Uri")).to_have_count(0)
    context.close()


def test_an_edited_card_with_keyboard_focus_is_replaced_once_focus_leaves_it(
    browser, live_server, story, quick_streams
):
    """An editor's just-saved card, or a reader on one of its links, keeps its focus: the live
    update waits until focus leaves the card (it used to swap the card away under the focus)."""
    editor = UserFactory(username="editor")
    story.editors.add(editor)
    context, reader = open_reader(browser, live_server.url, story)
    link = heading(reader, "Violations reported").get_by_role("link")
    link.focus()
    violations = story.events.get(title="Violations reported")
    event_update(
        violations,
        changes=EventChanges(values={"title": "Violations reported along the LoC"}),
        expected_version=violations.version,
        user=editor,
    )
    # The message has come (the card is waiting for focus to leave), and nothing moved.
    expect(reader.locator("article[data-live-waiting]")).to_have_count(1)
    expect(link).to_be_focused()
    expect(heading(reader, "Violations reported along the LoC")).to_have_count(0)
    heading(reader, "Ceasefire announced").get_by_role("link").focus()
    expect(heading(reader, "Violations reported along the LoC")).to_be_visible()
    expect(heading(reader, "Ceasefire announced").get_by_role("link")).to_be_focused()
    context.close()
