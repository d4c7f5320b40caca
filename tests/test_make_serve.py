"""`make serve`'s stack: nginx (deploy/) in front of gunicorn with uvicorn workers.

Runs deploy/serve.py, which `make serve` ends with, against a database this test shares with
it; skipped only where nginx is not installed (`make serve` installs it where it can), and
failed instead when REQUIRE_NGINX=1 (CI sets it, so a missing nginx cannot pass unnoticed).
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import os
import re
import secrets
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from deploy import serve
from tests.support import servers as app_servers
from tests.support.databases import shared_database_url
from timeline.front_headers import default_security_headers

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def nginx_installed():
    """Skip without nginx, or fail when REQUIRE_NGINX=1 (as REQUIRE_BROWSER does for Chromium)."""
    if serve.nginx_binary() is not None:
        return
    reason = "nginx is not installed (apt-get install nginx-light)"
    if os.environ.get("REQUIRE_NGINX") == "1":
        pytest.fail(f"REQUIRE_NGINX=1 but {reason}")
    pytest.skip(reason)


CHRONOLOGY = "/timelines/india-pakistan-ceasefire-2025/"
LOG_IN = """
from importlib import import_module
from django.conf import settings
from django.contrib.auth import get_user_model
user = get_user_model().objects.create_user("serve-editor", password="not-used-here")
store = import_module(settings.SESSION_ENGINE).SessionStore()
store["_auth_user_id"] = str(user.pk)
store["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
store["_auth_user_hash"] = user.get_session_auth_hash()
store.create()
print(store.session_key)
"""
PASSWORD = "a-long-passphrase-for-serve"  # noqa: S105 - a test account's
CREATE_EDITOR = f"""
from django.contrib.auth import get_user_model
get_user_model().objects.create_user("serve-login", password="{PASSWORD}")
print("made")
"""
PUBLISH = """
import datetime
from timeline.models import Event, EventType, Timeline
event = Event.objects.create(
    timeline=Timeline.objects.get(slug="india-pakistan-ceasefire-2025"),
    title="Talks resume in Geneva", event_type=EventType.objects.first(),
    date=datetime.date(2025, 5, 14), status="published",
)
print(event.pk)
"""


def manage(env, code: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=app_servers.PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip().splitlines()[-1]


@contextlib.contextmanager
def served(tmp_path: Path, **overrides):
    port = app_servers.free_port()
    env = app_servers.development_environment(
        shared_database_url(tmp_path),
        DJANGO_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        STATIC_ROOT=str(tmp_path / "static"),
        SERVE_DIR=str(tmp_path / "serve"),
        HOST="127.0.0.1",
        PORT=str(port),
        WEB_CONCURRENCY="1",
        JOB_WORKER="off",
        **overrides,
    )
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=app_servers.PROJECT_DIR,
        env=env,
        check=True,
    )
    with open(tmp_path / "serve.log", "w+b") as log:
        process = subprocess.Popen(
            [sys.executable, "deploy/serve.py"],
            cwd=app_servers.PROJECT_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            base = app_servers.wait_until_answering(
                process, log, "serve.py", f"http://127.0.0.1:{port}"
            )
            yield base, env
        except Exception:
            log.seek(0)
            print(log.read().decode(errors="replace")[-3000:])
            raise
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def test_nginx_serves_static_caches_reader_pages_streams_live_and_never_caches_a_login(tmp_path):
    with served(tmp_path, RATE_LIMIT_RPS="0") as (base, env):
        status, headers, page = app_servers.get(base + CHRONOLOGY)
        assert status == 200 and headers["Server"].startswith("nginx")

        # Static files: from STATIC_ROOT by nginx itself, cached for a year.
        stylesheet = page.split('href="/static/css/timeline.', 1)[1].split('"', 1)[0]
        status, headers, body = app_servers.get(f"{base}/static/css/timeline.{stylesheet}")
        assert status == 200 and "immutable" in headers["Cache-Control"]
        assert body == (tmp_path / "static" / "css" / f"timeline.{stylesheet}").read_text()
        assert "X-Cache-Status" not in headers

        # An anonymous reader page: stored, then answered from nginx's cache.
        statuses = [app_servers.get(base + CHRONOLOGY + "?c=1")[1]["X-Cache-Status"]]
        statuses.append(app_servers.get(base + CHRONOLOGY + "?c=1")[1]["X-Cache-Status"])
        assert statuses == ["MISS", "HIT"]

        # A logged-in reader: never from the cache, never into it.
        cookie = {"Cookie": f"sessionid={manage(env, LOG_IN)}"}
        for _ in range(2):
            status, headers, body = app_servers.get(base + CHRONOLOGY + "?c=1", cookie)
            assert headers["X-Cache-Status"] == "BYPASS"
            assert "serve-editor" in body and "private" in headers["Cache-Control"]
        assert "serve-editor" not in app_servers.get(base + CHRONOLOGY + "?c=1")[2]

        # SSE through nginx: each message arrives at once, not when a buffer fills.
        with urllib.request.urlopen(f"{base}{CHRONOLOGY}live/", timeout=15) as stream:
            assert stream.headers["Content-Type"] == "text/event-stream"
            assert stream.readline() == b"retry: 2000\n"
            started = time.monotonic()
            event_id = manage(env, PUBLISH)
            lines = []
            while not lines or not lines[-1].startswith("data:"):
                lines.append(stream.readline().decode().strip())
            assert time.monotonic() - started < 10
        assert "event: created" in lines and f'"event": {event_id}' in lines[-1]

        # After the edit the next anonymous request shows it (within FRONT_CACHE_SECONDS).
        time.sleep(1.1)
        assert "Talks resume in Geneva" in app_servers.get(base + CHRONOLOGY + "?c=1")[2]
        # And the answers from the stored page after it: nginx keeps that file open
        # (open_file_cache) and must not answer from the one the edit replaced.
        status, headers, body = app_servers.get(base + CHRONOLOGY + "?c=1")
        assert headers["X-Cache-Status"] in {"HIT", "REVALIDATED", "UPDATING", "STALE"}
        assert "Talks resume in Geneva" in body


def policy(value: str) -> set[str]:
    """A Content-Security-Policy's directives (each process may order them differently)."""
    return {directive.strip() for directive in value.split(";")}


def test_nginx_adds_the_apps_security_headers_once_and_the_embed_page_keeps_its_own(tmp_path):
    expected = default_security_headers()
    with served(tmp_path, RATE_LIMIT_RPS="0") as (base, _):
        page = app_servers.get(base + CHRONOLOGY)[1]
        stored = app_servers.get(base + CHRONOLOGY)[1]
        stylesheet = app_servers.get(f"{base}/static/css/timeline.css")[1]
        missing = app_servers.get(f"{base}/static/no-such-file.css")
        embed = app_servers.get(f"{base}{CHRONOLOGY}embed/")[1]
    # From nginx's store: a hit, or (past FRONT_CACHE_SECONDS) the stored page after the app's 304.
    assert stored["X-Cache-Status"] in ("HIT", "REVALIDATED")
    assert missing[0] == 404
    # Pages from the app and from nginx's store, static files, nginx's own error page: each
    # of the app's headers once, with the app's value; one Date and one Server, nginx's.
    for headers in (page, stored, stylesheet, missing[1]):
        for name, value in expected.items():
            assert len(headers.get_all(name) or []) == 1, name
            if name == "Content-Security-Policy":
                assert policy(headers[name]) == policy(value)
            else:
                assert headers[name] == value
        assert headers.get_all("Server") == ["nginx"] and len(headers.get_all("Date")) == 1
    # The embed page may be framed by any site: its own policy, and no X-Frame-Options.
    assert embed.get_all("Content-Security-Policy") == [embed["Content-Security-Policy"]]
    assert "frame-ancestors *" in policy(embed["Content-Security-Policy"])
    assert embed.get_all("X-Frame-Options") is None
    assert embed.get_all("X-Content-Type-Options") == ["nosniff"]


def test_nginx_limits_each_clients_request_rate(tmp_path):
    with served(tmp_path, RATE_LIMIT_RPS="2", RATE_LIMIT_BURST="5") as (base, _):
        time.sleep(3)  # let the start-up health checks' allowance come back
        codes = [app_servers.get(f"{base}/healthz")[0] for _ in range(20)]
    assert codes[:5] == [200] * 5
    assert 429 in codes


def test_logging_in_through_make_serve_over_plain_http_on_loopback_works(tmp_path):
    """A browser sends a Secure cookie back only over https: on make serve's plain http the
    session and CSRF cookies must not be Secure, or the login form fails its CSRF check."""
    with served(tmp_path, RATE_LIMIT_RPS="0") as (base, env):
        manage(env, CREATE_EDITOR)
        # http.cookiejar keeps Secure cookies from http requests, as browsers do.
        browser = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        with browser.open(f"{base}/accounts/login/", timeout=15) as response:
            form = response.read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        fields = {"csrfmiddlewaretoken": token, "username": "serve-login", "password": PASSWORD}
        with browser.open(
            f"{base}/accounts/login/", urllib.parse.urlencode(fields).encode(), timeout=15
        ) as response:
            assert response.status == 200 and response.url == f"{base}/"
        with browser.open(base + CHRONOLOGY, timeout=15) as response:
            page = response.read().decode()
            assert "serve-login" in page
            assert response.headers["X-Cache-Status"] == "BYPASS"


def test_make_serve_keeps_cookies_secure_unless_it_listens_on_loopback():
    assert serve.app_environment({"HOST": "127.0.0.1"})["SECURE_COOKIES"] == "0"
    assert serve.app_environment({"HOST": "localhost"})["SECURE_COOKIES"] == "0"
    assert "SECURE_COOKIES" not in serve.app_environment({"HOST": "0.0.0.0"})  # noqa: S104
    assert "SECURE_COOKIES" not in serve.app_environment({"HOST": "192.0.2.10"})
    said = {"HOST": "127.0.0.1", "SECURE_COOKIES": "1"}
    assert serve.app_environment(said)["SECURE_COOKIES"] == "1"
