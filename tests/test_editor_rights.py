"""Who may write: the world of the write URLs (used by tests/test_write_urls.py's matrix), GETs
that change nothing, the editing helpers and controls."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from tests.editing import event_form_data, snapshot
from tests.factories import EventFactory, TimelineFactory, UserFactory
from tests.support.rights import LOGIN
from timeline.models import Event, Timeline

pytestmark = pytest.mark.django_db


@dataclass
class World:
    timeline: Timeline
    event: object
    neighbour: object
    deleted: object
    old_version: object
    users: dict


@pytest.fixture
def world(editor, admin_user_account):
    timeline = TimelineFactory(slug="ceasefire", title="Ceasefire", editors=[editor])
    other = TimelineFactory(slug="other-story", editors=[UserFactory(username="other-editor")])
    event = EventFactory(timeline=timeline, title="Ceasefire announced")
    neighbour = EventFactory(timeline=timeline, title="Second event that day", position=1)
    deleted = EventFactory(
        timeline=timeline, title="Deleted event", deleted_at=timezone.now(), position=2
    )
    event.title = "Ceasefire announced by the US"
    event.save()  # a second revision, so there is an older one to restore
    old_version = event.history.order_by("history_date").first()
    assert other.editors.count() == 1
    users = {
        "anonymous": None,
        "reader": UserFactory(username="reader"),
        "editor of another timeline": other.editors.get(),
        "editor of this timeline": editor,
        "admin": admin_user_account,
    }
    return World(timeline, event, neighbour, deleted, old_version, users)


def _event_url(name, world, event):
    return reverse(f"timeline:{name}", kwargs={"slug": world.timeline.slug, "pk": event.pk})


# Each write: (URL, POST data) built from the world.
WRITES = {
    "timeline_new": lambda w: (
        reverse("timeline:timeline_new"),
        {"title": "A new story", "slug": "a-new-story", "summary": "", "language": "en"},
    ),
    "timeline_edit": lambda w: (
        reverse("timeline:timeline_edit", kwargs={"slug": w.timeline.slug}),
        {"title": "Renamed", "slug": w.timeline.slug, "summary": "New summary", "language": "en"},
    ),
    "timeline_publish": lambda w: (
        reverse("timeline:timeline_publish", kwargs={"slug": w.timeline.slug}),
        {},
    ),
    "timeline_unpublish": lambda w: (
        reverse("timeline:timeline_unpublish", kwargs={"slug": w.timeline.slug}),
        {},
    ),
    "event_new": lambda w: (
        reverse("timeline:event_new", kwargs={"slug": w.timeline.slug}),
        event_form_data(title="A new event"),
    ),
    "event_edit": lambda w: (
        _event_url("event_edit", w, w.event),
        event_form_data(w.event, title="Edited title"),
    ),
    "event_delete": lambda w: (_event_url("event_delete", w, w.event), {}),
    "event_restore": lambda w: (_event_url("event_restore", w, w.deleted), {}),
    "event_move": lambda w: (_event_url("event_move", w, w.neighbour), {"direction": "up"}),
    "event_publish": lambda w: (
        _event_url("event_publish", w, w.event),
        {"version": str(Event.objects.get(pk=w.event.pk).version)},
    ),
    "event_history_restore": lambda w: (
        reverse(
            "timeline:event_history_restore",
            kwargs={
                "slug": w.timeline.slug,
                "pk": w.event.pk,
                "history_id": w.old_version.history_id,
            },
        ),
        {"version": str(w.event.version)},
    ),
}


def _prepare(world, name):
    """Put the timeline in the state the write changes (a draft before publishing)."""
    if name == "timeline_publish":
        Timeline.objects.filter(pk=world.timeline.pk).update(status="draft")
    if name == "event_publish":
        Event.objects.filter(pk=world.event.pk).update(status="draft")


# The role x write URL matrix and the CSRF checks of these writes are in tests/test_write_urls.py,
# which takes WRITES from here (the roles and what each may: tests/support/rights.py).


def test_anonymous_htmx_write_is_sent_to_login_with_hx_redirect(world, client):
    url, data = WRITES["event_delete"](world)
    before = snapshot()
    response = client.post(
        url, data, headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/x/"}
    )
    assert response.status_code == 200
    assert response["HX-Redirect"].startswith(LOGIN)
    assert snapshot() == before


def test_user_with_the_add_timeline_permission_may_create_a_timeline(world, client):
    user = world.users["reader"]
    user.user_permissions.add(Permission.objects.get(codename="add_timeline"))
    client.force_login(user)
    url, data = WRITES["timeline_new"](world)
    response = client.post(url, data)
    created = Timeline.objects.get(slug="a-new-story")
    assert response.status_code == 302
    assert created.status == "draft"
    assert list(created.editors.all()) == [user]


def test_editor_cannot_reach_another_timelines_event_through_their_own_timeline(world, client):
    foreign = EventFactory(timeline=TimelineFactory(), title="Someone else's event")
    client.force_login(world.users["editor of this timeline"])
    before = snapshot()
    url = reverse("timeline:event_delete", kwargs={"slug": world.timeline.slug, "pk": foreign.pk})
    assert client.post(url).status_code == 404
    assert snapshot() == before


# GET pages of the write URLs: a form, a confirmation, a redirect or 405; never a change.
@pytest.mark.parametrize("name", list(WRITES))
def test_get_to_a_write_url_changes_nothing(world, client, name):
    _prepare(world, name)
    client.force_login(world.users["admin"])
    url, _ = WRITES[name](world)
    before = snapshot()
    response = client.get(url)
    assert response.status_code in {200, 302, 405}
    assert snapshot() == before


@pytest.mark.parametrize(
    "url",
    [
        "/editor/date-preview/?date=10+May+2025",
        "/editor/actors/?q=ind",
        "/editor/places/?q=kas",
        "/editor/sources/?q=art",
    ],
)
def test_editing_helpers_are_for_editors_only(world, client, url):
    assert client.get(url)["Location"].startswith(LOGIN)
    client.force_login(world.users["reader"])
    assert client.get(url).status_code == 403
    client.force_login(world.users["editor of another timeline"])
    assert client.get(url).status_code == 200


def test_markdown_preview_is_for_editors_only(world, client):
    url = reverse("timeline:markdown_preview")
    assert client.post(url, {"summary": "x"})["Location"].startswith(LOGIN)
    client.force_login(world.users["reader"])
    assert client.post(url, {"summary": "x"}).status_code == 403


def test_reader_sees_no_edit_controls(world, client):
    client.force_login(world.users["reader"])
    text = client.get(world.timeline.get_absolute_url()).text
    for control in ("Add event", ">Edit<", ">Delete<", "Move up", "History"):
        assert control not in text


def test_editor_sees_edit_controls_on_each_card(world, client):
    client.force_login(world.users["editor of this timeline"])
    text = client.get(world.timeline.get_absolute_url()).text
    assert "Add event" in text
    assert text.count(">Edit</button>") == 2  # the two alive events
    assert f'aria-describedby="event-{world.event.pk}-title">Edit</button>' in text


def test_anonymous_get_of_an_edit_form_returns_after_login(world, client):
    url = _event_url("event_edit", world, world.event)
    response = client.get(url)
    assert response["Location"] == f"{LOGIN}?next={url.replace('/', '%2F')}"


def test_login_and_logout_pages_work(world, client):
    assert client.get(LOGIN).status_code == 200
    response = client.post(LOGIN, {"username": "editor", "password": "correct-horse-battery"})
    assert response.status_code == 302
    assert client.get("/").context["user"].is_authenticated
    assert client.get("/accounts/logout/").status_code == 405  # logout is a POST
    client.post("/accounts/logout/")
    assert not client.get("/").context["user"].is_authenticated
