"""Playwright harness: Debian's Chromium, headless, against pytest-django's live_server.

Browser tests skip (with the reason) only where no Chromium is installed; CI sets
REQUIRE_BROWSER=1 so that a missing browser fails instead.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
AXE_SCRIPT = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def pytest_collection_modifyitems(config, items):
    browser_dir = Path(__file__).parent
    for item in items:
        if browser_dir in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)
    if CHROMIUM.exists():
        return
    if os.environ.get("REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(f"REQUIRE_BROWSER=1 but no Chromium at {CHROMIUM}")
    reason = f"no Chromium at {CHROMIUM}: install Debian's chromium package to run browser tests"
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "headless": True,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-GB", "timezone_id": "UTC"}


@pytest.fixture
def axe_source():
    if not AXE_SCRIPT.exists():
        pytest.fail(f"axe-core is missing at {AXE_SCRIPT}: run `npm ci` (make test does)")
    return AXE_SCRIPT.read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def seeded_event_types(request):
    """Transactional tests empty every table afterwards, the seeded event types included.

    serialized_rollback cannot restore them here: Playwright's event loop gives the test a
    different database connection object from the one the session set-up serialised.
    """
    if "live_server" not in request.fixturenames:
        return
    from django.apps import apps

    request.getfixturevalue("transactional_db")
    importlib.import_module("timeline.migrations.0002_seed_event_types").seed(apps, None)
