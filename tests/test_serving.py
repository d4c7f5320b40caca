"""The app behind real servers: uvicorn on the ASGI entry, gunicorn with `make serve`'s config."""

from __future__ import annotations

import gc
import runpy
import secrets

import pytest

from tests.support import servers
from tests.support.databases import shared_database_url

# Transactional: the servers are other processes. The seeded event types are put back by
# tests/conftest.py's seeded_event_types.
pytestmark = pytest.mark.django_db(transaction=True)

DEMO_PATH = "/timelines/india-pakistan-ceasefire-2025/"


def test_asgi_entry_serves_health_and_the_demo_chronology_under_uvicorn(tmp_path):
    env = servers.development_environment(shared_database_url(tmp_path))
    port = servers.free_port()
    with servers.uvicorn(env, port) as base_url:
        status, _, body = servers.get(f"{base_url}/healthz")
        assert (status, body) == (200, '{"status": "ok", "database": "ok"}')
        status, headers, body = servers.get(base_url + DEMO_PATH)
        assert status == 200
        assert "Ceasefire announced" in body
        assert "script-src 'self'" in headers["Content-Security-Policy"]


def test_gunicorn_config_serves_production_settings_with_long_lived_static_files(tmp_path):
    env = servers.development_environment(
        shared_database_url(tmp_path),
        DJANGO_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        STATIC_ROOT=str(tmp_path / "static"),
    )
    servers.manage(env, "collectstatic", "--noinput")
    port = servers.free_port()
    with servers.gunicorn(env, port, workers=2) as base_url:
        # Behind a TLS-terminating proxy (X-Forwarded-Proto) production sends HSTS.
        status, headers, body = servers.get(
            base_url + DEMO_PATH, headers={"X-Forwarded-Proto": "https"}
        )
        assert status == 200
        assert "Ceasefire announced" in body
        assert headers["Strict-Transport-Security"].startswith("max-age=")
        stylesheet = body.split('<link rel="stylesheet" href="', 1)[1].split('"', 1)[0]
        assert stylesheet.startswith("/static/css/timeline.") and stylesheet != (
            "/static/css/timeline.css"
        ), "production templates link the hashed, collected file"
        status, headers, _ = servers.get(base_url + stylesheet, headers={"Accept-Encoding": "gzip"})
        assert status == 200
        assert headers["Content-Encoding"] == "gzip"
        assert "immutable" in headers["Cache-Control"]
        status, _, body = servers.get(f"{base_url}/no-such-page/")
        assert status == 404
        assert "Traceback" not in body and "URLconf" not in body, "DEBUG is off"


def test_a_gunicorn_worker_freezes_its_startup_objects_and_collects_young_ones_less_often(
    monkeypatch,
):
    config = runpy.run_path(str(servers.PROJECT_DIR / "config" / "gunicorn.py"))
    threshold = gc.get_threshold()
    monkeypatch.setenv("GC_YOUNG_THRESHOLD", "10000")
    try:
        config["post_worker_init"](None)
        assert gc.get_threshold()[0] == 10000
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)
