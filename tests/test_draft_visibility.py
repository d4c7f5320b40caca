"""Drafts never leak through sources, actors, or the existence of a draft timeline.

Issue 13, findings 8, 9 and 10. A source, an actor or a draft timeline that a user may not see
answers 404 and is left out of lists, searches and counts, exactly as if it did not exist.
"""

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
from timeline.models import PublicationStatus

pytestmark = pytest.mark.django_db

DRAFT = PublicationStatus.DRAFT


@pytest.fixture
def draft_timeline_source():
    """A source cited only by an event of a draft timeline."""
    owner = UserFactory(username="scoop-editor")
    timeline = TimelineFactory(slug="embargoed", status=DRAFT, editors=[owner])
    source = SourceFactory(title="Embargoed scoop source", publisher="Secret Wire")
    CitationFactory(source=source, event=EventFactory(timeline=timeline))
    return source


@pytest.fixture
def draft_event_source():
    """A source cited only by a draft event of a published timeline."""
    source = SourceFactory(title="Draft event source", publisher="Quiet Herald")
    CitationFactory(source=source, event=EventFactory(status=DRAFT))
    return source


@pytest.fixture
def deleted_event_source():
    """A source cited only by a deleted event of a published timeline."""
    import django.utils.timezone

    source = SourceFactory(title="Deleted event source", publisher="Gone Gazette")
    event = EventFactory(deleted_at=django.utils.timezone.now())
    CitationFactory(source=source, event=event)
    return source


HIDDEN = ["draft_timeline_source", "draft_event_source", "deleted_event_source"]


@pytest.mark.parametrize("hidden", HIDDEN)
def test_anonymous_sources_list_leaves_out_sources_cited_only_by_drafts(client, request, hidden):
    source = request.getfixturevalue(hidden)
    public = SourceFactory(title="Public wire report")
    CitationFactory(source=public, event=EventFactory())
    listing = client.get("/sources/").text
    assert "Public wire report" in listing
    assert source.title not in listing
    searched = client.get("/sources/", {"q": source.title.split()[0]}).text
    assert source.title not in searched


@pytest.mark.parametrize("hidden", HIDDEN)
def test_anonymous_source_page_of_a_draft_only_source_is_not_found(client, request, hidden):
    source = request.getfixturevalue(hidden)
    response = client.get(f"/sources/{source.pk}/")
    assert response.status_code == 404
    assert source.title not in response.text


def test_a_logged_in_non_editor_does_not_see_another_timelines_draft_source(
    client, draft_timeline_source
):
    client.force_login(UserFactory(username="outsider"))
    assert client.get(f"/sources/{draft_timeline_source.pk}/").status_code == 404
    assert draft_timeline_source.title not in client.get("/sources/").text


def test_the_draft_timelines_editor_sees_its_source(client, draft_timeline_source):
    client.force_login(UserFactory(username="scoop-editor"))
    assert client.get(f"/sources/{draft_timeline_source.pk}/").status_code == 200
    assert draft_timeline_source.title in client.get("/sources/").text


def test_a_source_cited_by_a_published_event_is_public(client):
    source = SourceFactory(title="Published wire")
    CitationFactory(source=source, event=EventFactory())
    assert client.get(f"/sources/{source.pk}/").status_code == 200


def test_actor_only_in_draft_or_deleted_events_is_not_found(client):
    import django.utils.timezone

    in_draft = ActorFactory(name="Hidden Colonel")
    EventActorFactory(actor=in_draft, event=EventFactory(status=DRAFT))
    in_deleted = ActorFactory(name="Removed Minister")
    EventActorFactory(actor=in_deleted, event=EventFactory(deleted_at=django.utils.timezone.now()))
    in_draft_timeline = ActorFactory(name="Embargoed General")
    EventActorFactory(
        actor=in_draft_timeline,
        event=EventFactory(timeline=TimelineFactory(status=DRAFT)),
    )
    for actor in (in_draft, in_deleted, in_draft_timeline):
        response = client.get(f"/actors/{actor.slug}/")
        assert response.status_code == 404, actor.name
        assert actor.name not in response.text


def test_actor_in_a_published_event_is_public(client):
    actor = ActorFactory(name="Public Spokesman")
    EventActorFactory(actor=actor, event=EventFactory())
    assert client.get(f"/actors/{actor.slug}/").status_code == 200


def test_actor_of_a_draft_is_shown_to_that_timelines_editor(client):
    editor = UserFactory(username="draft-editor")
    actor = ActorFactory(name="Draft Colonel")
    timeline = TimelineFactory(status=DRAFT, editors=[editor])
    EventActorFactory(actor=actor, event=EventFactory(timeline=timeline, status=DRAFT))
    client.force_login(editor)
    assert client.get(f"/actors/{actor.slug}/").status_code == 200


# --- Finding 10: a draft timeline's existence ---------------------------------------------------


DRAFT_ONLY_PATHS = [
    "/timelines/{slug}/edit/",
    "/timelines/{slug}/activity/",
    "/timelines/{slug}/events/new/",
    "/timelines/{slug}/import/",
]


@pytest.mark.parametrize("path", DRAFT_ONLY_PATHS)
def test_a_draft_timeline_is_not_found_for_a_logged_in_non_editor(client, path):
    TimelineFactory(slug="secret-draft", status=DRAFT, editors=[UserFactory()])
    client.force_login(UserFactory(username="outsider"))
    hidden = client.get(path.format(slug="secret-draft"))
    unknown = client.get(path.format(slug="no-such-timeline"))
    assert hidden.status_code == unknown.status_code == 404


def test_a_published_timeline_still_refuses_a_non_editor_with_403(client):
    TimelineFactory(slug="public-story", editors=[UserFactory()])
    client.force_login(UserFactory(username="outsider"))
    assert client.get("/timelines/public-story/edit/").status_code == 403


# --- Finding 9: sources have owners ------------------------------------------------------------


@pytest.fixture
def two_desks():
    """Timeline A cites a source in a draft; B's editor edits only B."""
    a_editor = UserFactory(username="desk-a")
    b_editor = UserFactory(username="desk-b")
    a = TimelineFactory(slug="desk-a", editors=[a_editor])
    b = TimelineFactory(slug="desk-b", editors=[b_editor])
    source = SourceFactory(
        title="A's embargoed source",
        url="https://wire.example.org/embargoed",
        text="India and Pakistan agreed to a ceasefire on 10 May 2025, officials said.",
    )
    CitationFactory(source=source, event=EventFactory(timeline=a, status=DRAFT))
    return {"a": a, "b": b, "a_editor": a_editor, "b_editor": b_editor, "source": source}


def test_another_timelines_editor_cannot_review_its_draft_source(client, two_desks):
    source = two_desks["source"]
    client.force_login(two_desks["b_editor"])
    response = client.get(f"/timelines/desk-b/sources/{source.pk}/suggestions/")
    assert response.status_code == 404
    assert "ceasefire on 10 May 2025" not in response.text
    assert client.get(f"/sources/{source.pk}/suggestions/").status_code == 404


def test_the_citing_timelines_editor_reviews_its_source(client, two_desks):
    source = two_desks["source"]
    client.force_login(two_desks["a_editor"])
    assert client.get(f"/timelines/desk-a/sources/{source.pk}/suggestions/").status_code == 200


def test_another_timelines_editor_does_not_find_its_draft_source_in_suggestions(client, two_desks):
    client.force_login(two_desks["b_editor"])
    response = client.get("/editor/sources/", {"q": "embargoed"})
    assert response.status_code == 200
    assert "embargoed source" not in response.text


def test_a_source_by_id_of_another_timelines_draft_cannot_be_cited(client, two_desks):
    source = two_desks["source"]
    client.force_login(two_desks["b_editor"])
    response = client.post(
        "/timelines/desk-b/events/new/",
        {
            "title": "Ceasefire",
            "date": "10 May 2025",
            "event_type": EventFactory._meta.model.objects.first().event_type_id,
            "status": DRAFT,
            "actors-TOTAL_FORMS": "0",
            "actors-INITIAL_FORMS": "0",
            "citations-TOTAL_FORMS": "1",
            "citations-INITIAL_FORMS": "0",
            "citations-0-source": f"Anything [#{source.pk}]",
            "citations-0-stance": "asserts",
        },
    )
    assert response.status_code == 422
    assert "No source matches" in response.text
    assert not source.citations.filter(event__timeline=two_desks["b"]).exists()


def reuse_post(source, timeline: str, text: str, url: str = "") -> dict:
    from timeline.forms.articles import text_signature

    return {
        "step": "save",
        "use_existing": str(source.pk),
        "timeline": timeline,
        "title": "Anything",
        "url": url,
        "text": text,
        "text_signature": text_signature(text),
    }


def test_another_timelines_editor_cannot_overwrite_a_source_by_its_id(client, two_desks):
    source = two_desks["source"]
    source.text = ""
    source.save()
    client.force_login(two_desks["b_editor"])
    response = client.post("/sources/new/", reuse_post(source, "desk-b", "Overwritten text."))
    assert response.status_code == 404
    source.refresh_from_db()
    assert source.text == ""


def test_knowing_the_address_lets_another_desk_cite_but_not_change_it(client, two_desks):
    source = two_desks["source"]
    source.text = ""
    source.save()
    client.force_login(two_desks["b_editor"])
    response = client.post(
        "/sources/new/", reuse_post(source, "desk-b", "Overwritten text.", url=source.url)
    )
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.text == ""


def test_the_citing_timelines_editor_may_give_the_source_its_text(client, two_desks):
    source = two_desks["source"]
    source.text = ""
    source.save()
    client.force_login(two_desks["a_editor"])
    response = client.post("/sources/new/", reuse_post(source, "desk-a", "The article's text."))
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.text == "The article's text."
