"""Every hostile payload, written into every field an editor can write, comes out inert.

Each payload of tests/hostile/payloads.py becomes a whole little world: a timeline (title,
summary), an event (title, summary, notes), an actor and a place (names, aliases), a source
(title, publisher, author, text) and the citation between them (quote, attribution). Then
every output that shows that world is fetched and checked by tests/hostile/inertness.py,
against the same output filled with benign text.
"""

from __future__ import annotations

import pytest

from tests.factories import UserFactory
from tests.hostile.payloads import CORPUS
from tests.hostile.worlds import BENIGN, Checker, World, build_world
from timeline.models import Source
from timeline.views.sources import SOURCES_PER_PAGE

pytestmark = pytest.mark.django_db


def reader_outputs(world: World) -> dict[str, tuple[str, dict]]:
    """The reader outputs showing one world: name -> (path, extra request headers)."""
    chronology = world.timeline.get_absolute_url()
    return {
        "chronology": (chronology, {}),
        "chronology fragment (htmx)": (chronology, {"HTTP_HX_REQUEST": "true"}),
        "event": (world.event.get_absolute_url(), {}),
        "source": (world.source.get_absolute_url(), {}),
        "actor": (world.actor.get_absolute_url(), {}),
    }


def admin_outputs(world: World) -> dict[str, tuple[str, dict]]:
    outputs = {}
    for name, obj in [
        ("timeline", world.timeline),
        ("event", world.event),
        ("source", world.source),
        ("actor", world.actor),
        ("place", world.place),
        ("citation", world.citation),
    ]:
        outputs[f"admin {name} change"] = (f"/admin/timeline/{name}/{obj.pk}/change/", {})
    outputs["admin event history"] = (f"/admin/timeline/event/{world.event.pk}/history/", {})
    return outputs


ADMIN_MODELS = ("timeline", "event", "source", "actor", "place", "citation")
ADMIN_LISTS = [f"/admin/timeline/{name}/" for name in ADMIN_MODELS]


@pytest.fixture
def editor_account():
    return UserFactory(username="hostile-editor")


def test_every_payload_comes_out_inert_on_the_reader_pages(client, editor_account, figures):
    checker = Checker(client)
    benign = build_world(0, BENIGN, editor_account)
    checker.remember_baseline("index", "/", {})
    # Enough benign sources for the list to have pages, as it will with every payload in it.
    for n in range(SOURCES_PER_PAGE * 2):
        Source.objects.create(title=f"Benign report {n}", publisher="Dawn")
    checker.remember_baseline("sources", "/sources/?page=2", {})
    for kind, (path, headers) in reader_outputs(benign).items():
        checker.remember_baseline(kind, path, headers)

    worlds = [build_world(n, payload, editor_account) for n, payload in enumerate(CORPUS, 1)]
    for world in worlds:
        for kind, (path, headers) in reader_outputs(world).items():
            checker.check(world.payload.name, kind, path, headers)
    checker.check("all payloads", "index", "/", {})
    pages = (Source.objects.count() + SOURCES_PER_PAGE - 1) // SOURCES_PER_PAGE
    for page in range(1, pages + 1):
        checker.check("all payloads", "sources", f"/sources/?page={page}", {})

    figures.add("hostile payloads tried", len(CORPUS))
    figures.add("hostile outputs checked (reader pages)", checker.checked)
    assert not checker.problems, checker.report()


def test_every_payload_comes_out_inert_in_the_admin(client, editor_account, figures):
    client.force_login(UserFactory(username="hostile-admin", is_staff=True, is_superuser=True))
    checker = Checker(client)
    benign = build_world(0, BENIGN, editor_account)
    for path in ADMIN_LISTS:
        checker.remember_baseline(path, path, {})
    for kind, (path, headers) in admin_outputs(benign).items():
        checker.remember_baseline(kind, path, headers)

    worlds = [build_world(n, payload, editor_account) for n, payload in enumerate(CORPUS, 1)]
    for world in worlds:
        for kind, (path, headers) in admin_outputs(world).items():
            checker.check(world.payload.name, kind, path, headers)
    for path in ADMIN_LISTS:
        # "?all=" lists every row on one page (no pagination links the benign page lacks).
        checker.check("all payloads", path, f"{path}?all=", {})

    figures.add("hostile outputs checked (admin pages)", checker.checked)
    assert not checker.problems, checker.report()
