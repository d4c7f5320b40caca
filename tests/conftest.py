"""Shared fixtures. The suite runs on SQLite by default and on PostgreSQL with DATABASE_URL."""

from __future__ import annotations

import datetime
import importlib
import io
import os

import pytest
from django.core.management import call_command

from tests.factories import CitationFactory, EventFactory, TimelineFactory, UserFactory

# Figures the trust tests measure, printed at the end of a run (tests/figures.py).
pytest_plugins = ["tests.figures"]

# Playwright's sync API runs an event loop in the test thread; live_server's database access
# from that thread is safe here because each test owns its data.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def editor():
    return UserFactory(username="editor")


@pytest.fixture
def editor_client(client, editor):
    """A client logged in as `editor`, who edits the `timeline` fixture."""
    client.force_login(editor)
    return client


@pytest.fixture
def admin_user_account():
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def timeline(editor):
    return TimelineFactory(slug="ceasefire", title="Ceasefire", editors=[editor])


@pytest.fixture
def story(editor):
    """A small published timeline edited by `editor`: three events on 1-3 May 2025, each
    citing a source ("Quote of day N")."""
    timeline = TimelineFactory(slug="story", title="Story", editors=[editor])
    for day in range(1, 4):
        event = EventFactory(
            timeline=timeline, title=f"Event on day {day}", date=datetime.date(2025, 5, day)
        )
        CitationFactory(event=event, quote=f"Quote of day {day}")
    return timeline


@pytest.fixture
def demo(db):
    """The demo timeline from the seed article, loaded by the real management command."""
    call_command("load_demo", stdout=io.StringIO())
    from timeline.models import Timeline

    return Timeline.objects.get(slug="india-pakistan-ceasefire-2025")


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: reader pages, cards and login throttles live there
    (and each process's memory of parts read from it)."""
    from django.core.cache import cache

    from timeline.caching import parts

    cache.clear()
    parts.clear()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Factories set real passwords; the default hasher makes each user cost ~0.15 s."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def seeded_event_types(request):
    """Put back the event types that migration 0002 seeds, before each transactional test.

    Transactional tests (live_server, threads) empty the tables afterwards, seeded rows included.
    ``serialized_rollback`` cannot restore them here: once Playwright's event loop runs in the
    test thread, Django hands the test a fresh connection object without the serialized copy.
    """
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction")) or bool(
        {"live_server", "transactional_db"} & set(request.fixturenames)
    )
    if not transactional:
        return
    request.getfixturevalue("transactional_db")
    from django.apps import apps

    importlib.import_module("timeline.migrations.0002_seed_event_types").seed(apps, None)
