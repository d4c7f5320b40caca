"""The change feed, /timelines/<slug>/changes.json: what a machine keeping a copy in sync reads."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import override_settings

from tests.factories import (
    CitationFactory,
    EventFactory,
    SourceFactory,
    TimelineFactory,
    UserFactory,
)
from timeline.models import EventChange, PublicationStatus
from timeline.services.events import (
    CitationItem,
    EventChanges,
    event_delete,
    event_restore,
    event_update,
)

pytestmark = pytest.mark.django_db


def feed(client, timeline, since=None, **extra):
    url = f"/timelines/{timeline.slug}/changes.json"
    if since is not None:
        url += f"?since={since}"
    return client.get(url, **extra)


def edit(event, user, **values):
    return event_update(
        event,
        changes=EventChanges(values=values),
        expected_version=event.version,
        user=user,
    )


def test_a_published_event_appears_as_created_with_its_lossless_entry(client):
    event = EventFactory(title="Ceasefire announced")
    CitationFactory(event=event, quote="Both sides agreed to stop firing.")
    body = feed(client, event.timeline).json()
    assert body["format"] == "timeline-changes"
    [change] = body["changes"]
    assert (change["change"], change["event_id"]) == ("created", event.pk)
    assert change["event"]["title"] == "Ceasefire announced"
    assert change["event"]["citations"][0]["quote"] == "Both sides agreed to stop firing."
    source_key = change["event"]["citations"][0]["source"]
    assert [s["key"] for s in body["sources"]] == [source_key]
    assert body["cursor"] == change["cursor"] and body["next"] is None


def test_an_edit_since_the_cursor_is_the_only_change_listed(client):
    editor = UserFactory()
    event = EventFactory(title="Shelling reported")
    cursor = feed(client, event.timeline).json()["cursor"]
    edit(event, editor, title="Shelling reported near Poonch")
    body = feed(client, event.timeline, since=cursor).json()
    assert [(c["change"], c["event"]["title"]) for c in body["changes"]] == [
        ("updated", "Shelling reported near Poonch")
    ]


def test_an_edit_of_the_event_and_its_citations_is_one_change(client):
    editor = UserFactory()
    event = EventFactory()
    cursor = feed(client, event.timeline).json()["cursor"]
    event_update(
        event,
        changes=EventChanges(values={"title": "Ceasefire holds"}),
        expected_version=event.version,
        user=editor,
        citations=[CitationItem(quote="It held overnight.", source=SourceFactory())],
    )
    [change] = feed(client, event.timeline, since=cursor).json()["changes"]
    assert change["change"] == "updated"
    assert change["event"]["citations"][0]["quote"] == "It held overnight."


def test_a_new_citation_alone_updates_its_event(client):
    event = EventFactory()
    cursor = feed(client, event.timeline).json()["cursor"]
    with transaction.atomic():  # as a form's save is: its own transaction
        CitationFactory(event=event, quote="A second outlet confirms.")
    [change] = feed(client, event.timeline, since=cursor).json()["changes"]
    assert change["change"] == "updated"
    assert change["event"]["citations"][0]["quote"] == "A second outlet confirms."


def test_unpublishing_an_event_is_a_deletion_given_by_id_only(client):
    editor = UserFactory()
    event = EventFactory(title="Premature report")
    cursor = feed(client, event.timeline).json()["cursor"]
    edit(event, editor, status=PublicationStatus.DRAFT)
    [change] = feed(client, event.timeline, since=cursor).json()["changes"]
    assert change["change"] == "deleted" and change["event_id"] == event.pk
    assert "event" not in change


def test_deleting_and_restoring_are_a_deletion_then_a_creation(client):
    editor = UserFactory()
    event = EventFactory()
    cursor = feed(client, event.timeline).json()["cursor"]
    event_delete(event, user=editor)
    event_restore(event, user=editor)
    changes = feed(client, event.timeline, since=cursor).json()["changes"]
    assert [c["change"] for c in changes] == ["deleted", "created"]
    assert changes[1]["event"]["title"] == event.title


def test_a_hard_delete_is_logged_as_a_deletion(client):
    event = EventFactory()
    timeline, pk = event.timeline, event.pk
    cursor = feed(client, timeline).json()["cursor"]
    event.delete()
    assert feed(client, timeline, since=cursor).json()["changes"][0]["event_id"] == pk


def test_drafts_never_appear_in_the_feed(client):
    editor = UserFactory()
    timeline = TimelineFactory()
    draft = EventFactory(timeline=timeline, status=PublicationStatus.DRAFT, title="Secret draft")
    edit(draft, editor, title="Still a secret draft")
    response = feed(client, timeline)
    assert response.json()["changes"] == []
    assert "secret" not in response.content.decode().lower()
    assert not EventChange.objects.filter(event_id=draft.pk).exists()


def test_an_event_changed_since_it_was_listed_shows_as_it_is_now_or_null(client):
    editor = UserFactory()
    event = EventFactory()
    edit(event, editor, status=PublicationStatus.DRAFT)
    changes = feed(client, event.timeline).json()["changes"]
    assert [(c["change"], c.get("event")) for c in changes] == [
        ("created", None),
        ("deleted", None),
    ]


@override_settings(CHANGE_FEED_PAGE_SIZE=2)
def test_pages_follow_the_next_cursor_without_losing_or_repeating_a_change(client):
    timeline = TimelineFactory()
    events = [EventFactory(timeline=timeline, title=f"Event {n}") for n in range(5)]
    seen, since, pages = [], 0, 0
    while since is not None:
        body = feed(client, timeline, since=since).json()
        seen += [c["event_id"] for c in body["changes"]]
        assert len(body["changes"]) <= 2
        since, pages = body["next"], pages + 1
    assert seen == [e.pk for e in events]
    assert pages == 3


def test_a_malformed_cursor_is_a_400_with_a_message(client):
    timeline = TimelineFactory()
    response = feed(client, timeline, since="yesterday")
    assert response.status_code == 400
    assert "not a number" in response.json()["error"]


def test_a_cursor_of_another_timeline_is_a_400(client):
    other = EventFactory()
    cursor = feed(client, other.timeline).json()["cursor"]
    timeline = TimelineFactory()
    response = feed(client, timeline, since=cursor)
    assert response.status_code == 400
    assert "not one this timeline" in response.json()["error"]


def test_a_draft_timelines_feed_is_not_found_for_readers(client):
    timeline = TimelineFactory(status=PublicationStatus.DRAFT)
    assert feed(client, timeline).status_code == 404


def test_events_moved_between_timelines_leave_one_and_join_the_other(client):
    event = EventFactory()
    old, new = event.timeline, TimelineFactory()
    event.timeline = new
    event.save()
    assert feed(client, old).json()["changes"][-1]["change"] == "deleted"
    assert [c["change"] for c in feed(client, new).json()["changes"]] == ["created"]


@pytest.mark.parametrize("events", [10, 100])
def test_a_page_costs_the_same_queries_however_many_changes_it_holds(
    client, events, django_assert_max_num_queries
):
    timeline = TimelineFactory()
    for n in range(events):
        event = EventFactory(timeline=timeline, title=f"Event {n}")
        CitationFactory(event=event)
    # The timeline, the page of changes, its events, their actors, citations (with their
    # sources) and tags, the sources' snapshots and the timeline's periods.
    with django_assert_max_num_queries(8):
        body = feed(client, timeline, since=0).json()
    assert len(body["changes"]) == events  # one "created" each: the citation is in its transaction


def test_imported_published_events_are_created_in_the_feed(client):
    from timeline.formats.import_files import read_import
    from timeline.formats.import_plan import import_plan
    from timeline.services.imports import import_apply

    editor = UserFactory()
    timeline = TimelineFactory(editors=[editor])
    csv = (
        "title,date,event_type,status\n"
        "Ceasefire announced,2025-05-10,statement,published\n"
        "Draft note,2025-05-11,statement,draft\n"
    )
    plan = import_plan(read_import(csv.encode(), name="events.csv"), timeline=timeline)
    assert not plan.errors
    import_apply(plan, user=editor)
    changes = feed(client, timeline).json()["changes"]
    assert [(c["change"], c["event"]["title"]) for c in changes] == [
        ("created", "Ceasefire announced")
    ]
