"""HEAD on reader pages answers as GET without a body, and pages shown to logged-in users carry
``Cache-Control: private, no-store`` (issue 13, "Also")."""

from __future__ import annotations

import pytest

from tests.factories import (
    ActorFactory,
    CitationFactory,
    EventActorFactory,
    EventFactory,
    SourceFactory,
    TimelineFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    editor = UserFactory(username="head-editor")
    timeline = TimelineFactory(slug="story", editors=[editor])
    draft = TimelineFactory(slug="draft-story", status="draft", editors=[editor])
    event = EventFactory(timeline=timeline)
    actor = ActorFactory(name="Head Army")
    EventActorFactory(event=event, actor=actor)
    source = SourceFactory()
    CitationFactory(event=event, source=source)
    EventFactory(timeline=draft, status="draft")
    return {"editor": editor, "event": event, "actor": actor, "source": source}


def reader_paths(world) -> list[str]:
    event = world["event"]
    return [
        "/",
        "/timelines/story/",
        f"/timelines/story/events/{event.pk}/",
        "/timelines/story/embed/",
        "/timelines/story/feed.atom",
        "/timelines/story/events.csv",
        "/timelines/story/export.json",
        "/timelines/story/timelinejs.json",
        "/sources/",
        f"/sources/{world['source'].pk}/",
        f"/actors/{world['actor'].slug}/",
        "/healthz",
    ]


@pytest.mark.parametrize("logged_in", [False, True])
def test_head_answers_as_get_without_a_body(client, world, logged_in):
    if logged_in:
        client.force_login(world["editor"])
    for path in reader_paths(world):
        got = client.get(path)
        head = client.head(path)
        assert head.status_code == got.status_code == 200, path
        assert head.content == b"", path
        assert head["Content-Type"] == got["Content-Type"], path


def test_head_of_an_unknown_page_is_not_found(client, world):
    assert client.head("/timelines/no-such-story/").status_code == 404


def test_head_on_a_write_url_is_still_refused(client, world):
    client.force_login(world["editor"])
    assert client.head("/timelines/story/publish/").status_code == 405


def editor_pages(world) -> list[str]:
    event = world["event"]
    return [
        "/",
        "/timelines/draft-story/",
        "/timelines/story/",
        f"/timelines/story/events/{event.pk}/",
        f"/timelines/story/events/{event.pk}/edit/",
        f"/timelines/story/events/{event.pk}/history/",
        "/timelines/story/events/new/",
        "/timelines/story/edit/",
        "/timelines/story/activity/",
        "/timelines/story/import/",
        "/sources/",
        "/sources/new/",
    ]


def test_pages_shown_to_an_editor_are_private_and_never_stored(client, world):
    client.force_login(world["editor"])
    for path in editor_pages(world):
        response = client.get(path)
        assert response.status_code == 200, path
        cache_control = response.get("Cache-Control", "")
        assert "private" in cache_control and "no-store" in cache_control, path


def test_the_htmx_fragment_an_editor_gets_is_private_too(client, world):
    client.force_login(world["editor"])
    response = client.get("/timelines/draft-story/", headers={"HX-Request": "true"})
    assert "no-store" in response["Cache-Control"]


def test_anonymous_reader_pages_stay_cacheable(client, world):
    response = client.get("/timelines/story/")
    assert "no-store" not in response.get("Cache-Control", "")
