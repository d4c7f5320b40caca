"""Who may add sources from articles and review their suggested events: every new write URL as
every kind of user; refused requests change nothing; CSRF on every write."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from tests.editing import event_form_data, snapshot
from tests.factories import (
    EventActorFactory,
    EventFactory,
    SourceFactory,
    TimelineFactory,
    UserFactory,
    event_type,
)
from tests.ingesting import SEED_TEXT, known_actors_and_places
from tests.support.rights import (
    ALLOWED,
    LOGIN,
    ROLES,
    assert_write_answered_as_the_role_may,
    client_as,
)
from timeline.forms.articles import text_signature
from timeline.ingest.article import extract_article
from timeline.models import Actor, Source, SuggestionDecision, Timeline
from timeline.services.suggestions import suggestion_accept
from timeline.suggestions.review import review

pytestmark = pytest.mark.django_db


@dataclass
class World:
    timeline: Timeline
    source: Source
    keys: dict
    users: dict


@pytest.fixture
def world(editor, admin_user_account):
    known_actors_and_places()
    timeline = TimelineFactory(slug="ceasefire", title="Ceasefire", editors=[editor])
    other = TimelineFactory(slug="other-story", editors=[UserFactory(username="other-editor")])
    # An event the seed's "Pakistan welcomes the offer" corroborates.
    welcomed = EventFactory(
        timeline=timeline, title="Pakistan welcomes", event_type=event_type("mediation-accepted")
    )
    EventActorFactory(event=welcomed, actor=Actor.objects.get(slug="pakistan"))
    source = SourceFactory(url="", text=extract_article(SEED_TEXT).text, published_at=None)
    items = review(source, timeline).items
    keys = {
        "statement": next(i.key for i in items if i.suggestion.type_slug == "statement"),
        "welcome": next(i.key for i in items if i.match is not None),
        "violation": next(i.key for i in items if i.suggestion.type_slug == "ceasefire-violation"),
    }
    users = {
        "anonymous": None,
        "reader": UserFactory(username="reader"),
        "editor of another timeline": other.editors.get(),
        "editor of this timeline": editor,
        "admin": admin_user_account,
    }
    return World(timeline, source, keys, users)


def _suggestion_url(name, w, key):
    return reverse(
        f"timeline:suggestion_{name}",
        kwargs={"slug": w.timeline.slug, "pk": w.source.pk, "key": w.keys[key]},
    )


def _edited_event(w):
    key = w.keys["violation"]
    url = reverse("timeline:event_new", kwargs={"slug": w.timeline.slug})
    data = event_form_data(
        title="Ceasefire violated",
        status="draft",
        citations=[{"source": f"{w.source.title} [#{w.source.pk}]", "quote": "violated"}],
    )
    return f"{url}?from_source={w.source.pk}&suggestion={key}", data


# Each write on a timeline: (URL, POST data) built from the world.
WRITES = {
    "accept": lambda w: (_suggestion_url("accept", w, "statement"), {}),
    "corroborate": lambda w: (_suggestion_url("corroborate", w, "welcome"), {}),
    "dismiss": lambda w: (_suggestion_url("dismiss", w, "statement"), {}),
    "undo": lambda w: (_suggestion_url("undo", w, "violation"), {}),
    "accept_all": lambda w: (
        reverse(
            "timeline:suggestions_accept_all",
            kwargs={"slug": w.timeline.slug, "pk": w.source.pk},
        ),
        {"key": list(w.keys.values())},
    ),
    "edit_then_accept": _edited_event,
    "publish_accepted": lambda w: (
        reverse(
            "timeline:suggestions_publish_accepted",
            kwargs={"slug": w.timeline.slug, "pk": w.source.pk},
        ),
        {},
    ),
}


def _prepare(world, name):
    if name == "publish_accepted":
        # An accepted suggestion: a draft event for "Publish all accepted" to publish.
        item = review(world.source, world.timeline).item(world.keys["statement"])
        suggestion_accept(
            source=world.source, timeline=world.timeline, item=item, user=world.users["admin"]
        )
    if name == "undo":
        SuggestionDecision.objects.create(
            source=world.source,
            timeline=world.timeline,
            key=world.keys["violation"],
            decision="dismissed",
        )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", list(WRITES))
def test_every_review_write_is_allowed_only_to_the_timelines_editors_and_admins(world, name, role):
    _prepare(world, name)
    client = client_as(world.users[role])
    url, data = WRITES[name](world)
    before = snapshot() | {"decisions": list(SuggestionDecision.objects.values())}

    response = client.post(url, data)

    after = snapshot() | {"decisions": list(SuggestionDecision.objects.values())}
    assert_write_answered_as_the_role_may(
        response, role, allowed=role in ALLOWED, before=before, after=after
    )


@pytest.mark.parametrize("role", ROLES)
def test_review_page_is_for_the_timelines_editors_and_admins(world, role):
    client = client_as(world.users[role])
    url = reverse(
        "timeline:suggestions", kwargs={"slug": world.timeline.slug, "pk": world.source.pk}
    )
    response = client.get(url)
    expected = {"anonymous": 302, "reader": 403, "editor of another timeline": 403}
    assert response.status_code == expected.get(role, 200)
    if role == "anonymous":
        assert response["Location"] == f"{LOGIN}?next={url.replace('/', '%2F')}"


def _save_data(world):
    text = extract_article(SEED_TEXT).text
    return {
        "step": "save",
        "timeline": world.timeline.slug,
        "title": "India Pakistan ceasefire",
        "text": text,
        "text_signature": text_signature(text),
    }


@pytest.mark.parametrize("role", ROLES)
def test_adding_a_source_is_for_editors_of_a_timeline_and_admins(world, role):
    client = client_as(world.users[role])
    before = snapshot()
    extract = client.post(
        "/sources/new/",
        {"step": "extract", "timeline": world.timeline.slug, "content": SEED_TEXT},
    )
    save = client.post("/sources/new/", _save_data(world))
    if role == "anonymous":
        assert extract["Location"].startswith(LOGIN)
        assert save["Location"].startswith(LOGIN)
        assert client.get("/sources/new/")["Location"].startswith(LOGIN)
    elif role == "reader":
        assert (extract.status_code, save.status_code) == (403, 403)
        assert client.get("/sources/new/").status_code == 403
    elif role == "editor of another timeline":
        # May add sources, but not suggest events for a timeline they do not edit.
        assert (extract.status_code, save.status_code) == (400, 400)
        assert "Choose one of the timelines you edit." in save.text
        assert client.get("/sources/new/").status_code == 200
    else:
        assert extract.status_code == 200
        assert save.status_code == 302
        assert Source.objects.filter(title="India Pakistan ceasefire").exists()
        return
    assert snapshot() == before


def test_anonymous_htmx_review_write_is_sent_to_login(world):
    url, data = WRITES["accept"](world)
    response = Client().post(
        url, data, headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/x/"}
    )
    assert response["HX-Redirect"].startswith(LOGIN)
    assert not SuggestionDecision.objects.exists()


@pytest.mark.parametrize("name", list(WRITES))
def test_review_write_without_csrf_token_is_refused(world, name):
    _prepare(world, name)
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["admin"])
    url, data = WRITES[name](world)
    before = snapshot() | {"decisions": SuggestionDecision.objects.count()}
    assert client.post(url, data).status_code == 403
    assert snapshot() | {"decisions": SuggestionDecision.objects.count()} == before


def test_adding_a_source_without_csrf_token_is_refused(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["admin"])
    before = snapshot()
    assert client.post("/sources/new/", _save_data(world)).status_code == 403
    assert snapshot() == before


@pytest.mark.parametrize("name", ["accept", "corroborate", "dismiss", "undo", "accept_all"])
def test_get_to_a_review_write_url_is_not_allowed(world, name):
    client = client_as(world.users["admin"])
    url, _ = WRITES[name](world)
    assert client.get(url).status_code == 405
    assert not SuggestionDecision.objects.exists()


def test_review_of_a_missing_source_is_404(world):
    client = client_as(world.users["editor of this timeline"])
    url = reverse("timeline:suggestions", kwargs={"slug": world.timeline.slug, "pk": 999999})
    assert client.get(url).status_code == 404


def test_choosing_a_timeline_for_a_source_needs_an_editor(world):
    url = reverse("timeline:source_review", kwargs={"pk": world.source.pk})
    assert Client().get(url)["Location"].startswith(LOGIN)
    assert client_as(world.users["reader"]).get(url).status_code == 403
