"""Every URL the resolver knows is accounted for: who may write through it, and CSRF on it.

The URL list comes from the resolver itself, so a URL added later without being classified
here fails `test_every_url_is_classified`, and cannot be forgotten by the matrix below:

- every write URL (imports included) x every kind of user (anonymous, reader, editor of
  another timeline, editor of this timeline, admin): allowed only to this timeline's editors
  and admins, and a refused request changes nothing;
- every URL that accepts a POST refuses it without the CSRF token, as a plain form post and as
  an htmx request, and changes nothing; with the token the same request gets through;
- every read-only URL refuses a POST, changing nothing.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from tests import test_editor_rights
from tests.editing import snapshot
from tests.support.rights import (
    ALLOWED,
    CREATORS,
    ROLES,
    assert_write_answered_as_the_role_may,
    client_as,
)
from tests.test_editor_rights import WRITES, _prepare

pytestmark = pytest.mark.django_db

# The editor tests' world (a timeline, its events, one user of each kind) is the fixture here
# too, so both matrices judge the same situation.
world = test_editor_rights.world

IMPORT_CSV = b"date,title,event_type\n10 May 2025,Imported from a spreadsheet,statement\n"


def all_urls() -> list[tuple[str, str]]:
    """(name, route) of every URL outside the admin (which has its own permissions)."""

    def walk(patterns, prefix="", namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif not (prefix + str(pattern.pattern)).startswith("admin/"):
                yield f"{namespace}{pattern.name}", prefix + str(pattern.pattern)

    return list(walk(get_resolver().url_patterns))


def post_import(client, world):
    """An import is two POSTs: the upload (a preview) and the confirmation with its token."""
    url = reverse("timeline:import", kwargs={"slug": world.timeline.slug})
    upload = client.post(
        url, {"file": SimpleUploadedFile("events.csv", IMPORT_CSV), "format": "auto"}
    )
    if upload.status_code != 200:
        return upload
    return client.post(url, {"token": upload.context["token"]})


def post_to(name):
    def post(client, world):
        url, data = WRITES[name](world)
        return client.post(url, data)

    return post


# Every write: how to make it, as a function of a client and the world.
WRITE_REQUESTS = {f"timeline:{name}": post_to(name) for name in WRITES}
WRITE_REQUESTS["timeline:import"] = post_import

# POSTs that change nothing (previews) but are for editors only.
EDITOR_POSTS = {
    "timeline:markdown_preview": lambda client, world: client.post(
        reverse("timeline:markdown_preview"), {"summary": "**bold**"}
    ),
}

# Account pages: their POSTs are Django's (login, logout, password change and reset).
ACCOUNT_URLS = {
    "login",
    "logout",
    "password_change",
    "password_change_done",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}

# Writes about sources and their suggested events: their role x URL matrix and plain-form CSRF
# are in tests/test_ingest_rights.py (with the world they need); the htmx CSRF case is in
# tests/test_write_urls_sources.py. Name here -> key in that module's WRITES.
SOURCE_WRITES = {
    "timeline:suggestion_accept": "accept",
    "timeline:suggestion_corroborate": "corroborate",
    "timeline:suggestion_dismiss": "dismiss",
    "timeline:suggestion_undo": "undo",
    "timeline:suggestions_accept_all": "accept_all",
    "timeline:suggestions_publish_accepted": "publish_accepted",
    "timeline:source_new": None,  # test_adding_a_source_is_for_editors_of_a_timeline_and_admins
    # Archive now: roles and CSRF in tests/evidence/test_evidence_pages.py.
    "timeline:source_archive": None,
}

READ_ONLY = {
    "timeline:index",
    "timeline:healthz",
    "timeline:type_colours",
    "timeline:chronology",
    "timeline:event",
    "timeline:timelinejs",
    "timeline:events_csv",
    "timeline:feed",
    "timeline:export_json",
    "timeline:embed",
    "timeline:live",
    "timeline:live_card",
    "timeline:changes",
    "timeline:source",
    "timeline:actor",
    "timeline:timeline_activity",
    "timeline:event_card",
    "timeline:event_history",
    "timeline:date_preview",
    "timeline:actor_suggestions",
    "timeline:place_suggestions",
    "timeline:source_suggestions",
    "timeline:source_review",
    "timeline:sources",
    "timeline:suggestions",
    "timeline:source_archive_status",
    "timeline:snapshot",
    "timeline:snapshot_warc",
    "timeline:evidence_zip",
    "timeline:map",
    "timeline:events_geojson",
    "timeline:place",
    "timeline:place_gazetteer",
}


def test_every_url_is_classified():
    classified = set(WRITE_REQUESTS) | set(SOURCE_WRITES) | set(EDITOR_POSTS)
    classified |= ACCOUNT_URLS | READ_ONLY
    names = {name for name, _ in all_urls()}
    assert names - classified == set(), "classify these new URLs in tests/test_write_urls.py"
    assert classified - names == set(), "these URLs no longer exist"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(WRITE_REQUESTS))
def test_every_write_is_allowed_only_to_its_editors_and_admins(world, name, role, figures):
    _prepare(world, name.removeprefix("timeline:"))
    client = client_as(world.users[role])
    before = snapshot()

    response = WRITE_REQUESTS[name](client, world)

    allowed = role in (CREATORS if name == "timeline:timeline_new" else ALLOWED)
    assert_write_answered_as_the_role_may(
        response,
        role,
        allowed=allowed,
        before=before,
        after=snapshot(),
        # Publishing acts on a draft, which does not exist for those who may not see it.
        hidden=name == "timeline:timeline_publish",
    )
    figures.add("authorisation matrix: role x write URL cases", 1)


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("reader", 403),
        ("editor of another timeline", 200),
        ("editor of this timeline", 200),
        ("admin", 200),
    ],
)
def test_previews_are_for_editors_only_and_change_nothing(world, role, status, figures):
    client = Client()
    if world.users[role] is not None:
        client.force_login(world.users[role])
    before = snapshot()
    for name, request in EDITOR_POSTS.items():
        assert request(client, world).status_code == status, name
        figures.add("authorisation matrix: role x write URL cases", 1)
    assert snapshot() == before


def post_requests(world) -> dict:
    """Every URL that accepts a POST, with a request that would change something."""
    requests = {**WRITE_REQUESTS, **EDITOR_POSTS}
    requests["logout"] = lambda client, world: client.post(reverse("logout"))
    requests["password_change"] = lambda client, world: client.post(
        reverse("password_change"),
        {
            "old_password": "correct-horse-battery",
            "new_password1": "a brand new passphrase 42",
            "new_password2": "a brand new passphrase 42",
        },
    )
    return requests


@pytest.mark.parametrize(
    "name",
    sorted(
        [*WRITE_REQUESTS, *EDITOR_POSTS, "logout", "password_change"],
    ),
)
@pytest.mark.parametrize("htmx", [False, True], ids=["form", "htmx"])
def test_post_without_the_csrf_token_is_refused(world, name, htmx, figures):
    _prepare(world, name.removeprefix("timeline:"))
    client = Client(enforce_csrf_checks=True, headers={"HX-Request": "true"} if htmx else {})
    client.force_login(world.users["admin"])
    before = snapshot()
    session_before = client.session.session_key

    response = post_requests(world)[name](client, world)

    assert response.status_code == 403
    assert "CSRF" in response.content.decode()
    assert snapshot() == before
    assert client.session.session_key == session_before  # not even logged out
    figures.add("CSRF: POSTs without the token refused", 1)


@pytest.mark.parametrize("name", sorted([*WRITE_REQUESTS, "logout", "password_change"]))
def test_the_same_post_with_the_token_gets_through(world, name):
    """The control for the test above: the refusal was the token's doing."""
    _prepare(world, name.removeprefix("timeline:"))
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["admin"])
    client.get("/accounts/login/")  # sets the CSRF cookie
    client.defaults["HTTP_X_CSRFTOKEN"] = client.cookies["csrftoken"].value
    response = post_requests(world)[name](client, world)
    assert response.status_code == 302, response.content[:500]


def test_post_with_a_token_from_another_session_is_refused(world):
    other = Client(enforce_csrf_checks=True)
    other.get("/accounts/login/")
    client = Client(enforce_csrf_checks=True, headers={"X-CSRFToken": "x" * 64})
    client.force_login(world.users["admin"])
    client.cookies["csrftoken"] = "y" * 32
    before = snapshot()
    url, data = WRITES["event_delete"](world)
    assert client.post(url, data).status_code == 403
    assert snapshot() == before


READ_ONLY_ROUTES = sorted((name, route) for name, route in all_urls() if name in READ_ONLY)


@pytest.mark.parametrize(("name", "route"), READ_ONLY_ROUTES)
def test_read_only_urls_refuse_a_post_and_change_nothing(world, name, route):
    client = Client()
    client.force_login(world.users["admin"])
    citation = world.event.citations.first()
    values = {
        "slug": world.timeline.slug,
        "pk": citation.source_id if "sources/" in route and citation else world.event.pk,
        "snapshot": 1,
    }
    kwargs = {key: value for key, value in values.items() if f":{key}>" in route}
    before = snapshot()
    response = client.post(reverse(name, kwargs=kwargs), {"title": "changed"})
    assert response.status_code in {405, 404}, (name, response.status_code)
    assert snapshot() == before
