"""Playwright harness: Debian's Chromium, headless, against pytest-django's live_server.

Browser tests skip (with the reason) only where no Chromium is installed; CI sets
REQUIRE_BROWSER=1 so that a missing browser fails instead.
"""

from __future__ import annotations

import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.support.chromium import CHROMIUM, launch_args

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
    return {**browser_type_launch_args, **launch_args()}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-GB", "timezone_id": "UTC"}


@pytest.fixture
def axe_source():
    if not AXE_SCRIPT.exists():
        pytest.fail(f"axe-core is missing at {AXE_SCRIPT}: run `npm ci` (make test does)")
    return AXE_SCRIPT.read_text(encoding="utf-8")


@pytest.fixture
def other_site():
    """A second web server on another port (another origin): ``pages`` maps paths to bodies.

    A real server rather than a Playwright route: Chromium treats routed documents as public
    and its local-network checks would then block any frame from the local live server.
    """
    pages: dict[str, str | bytes] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = pages.get(self.path, b"")
            body = body.encode("utf-8") if isinstance(body, str) else body
            kind = {".js": "text/javascript", ".css": "text/css"}.get(Path(self.path).suffix)
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", f"{kind or 'text/html'}; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield pages, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
