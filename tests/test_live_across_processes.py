"""The live stream under ASGI (uvicorn), fed by a change another process publishes."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.request

import pytest
from django.db import connection

from tests.support import servers as app_servers
from tests.support.databases import shared_database_url

pytestmark = pytest.mark.django_db(transaction=True)

STREAM = "/timelines/india-pakistan-ceasefire-2025/live/"
PUBLISH = """
import datetime
from timeline.models import Event, EventType, Timeline
timeline = Timeline.objects.get(slug="india-pakistan-ceasefire-2025")
event = Event.objects.create(
    timeline=timeline, title="Talks resume in Geneva", event_type=EventType.objects.first(),
    date=datetime.date(2025, 5, 14), status="published",
)
print(event.pk)
"""


def read_until(stream, wanted: str, seconds: float) -> list[str]:
    lines, deadline = [], time.monotonic() + seconds
    while time.monotonic() < deadline:
        line = stream.readline().decode()
        lines.append(line.rstrip("\n"))
        if line.startswith(wanted):
            return lines
    raise AssertionError(f"no {wanted!r} within {seconds} s; got {lines}")


def test_an_event_published_by_another_process_reaches_an_asgi_reader_at_once(tmp_path):
    # On PostgreSQL the hub's poll is set far beyond the wait: only NOTIFY can deliver in time.
    poll = "60" if connection.vendor == "postgresql" else "0.2"
    env = app_servers.development_environment(shared_database_url(tmp_path), LIVE_POLL_SECONDS=poll)
    server = app_servers.uvicorn(env, app_servers.free_port())
    with server as base_url, urllib.request.urlopen(f"{base_url}{STREAM}", timeout=15) as stream:
        assert stream.headers["Content-Type"] == "text/event-stream"
        read_until(stream, ": live", 5)
        published = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", PUBLISH],
            cwd=app_servers.PROJECT_DIR,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        event_id = published.stdout.strip().splitlines()[-1]
        lines = read_until(stream, "data:", 10)
        # The same checks as the view's, on the anonymous path beside Django.
        assert app_servers.get(f"{base_url}{STREAM}?after=abc")[0] == 400
        assert app_servers.get(f"{base_url}/timelines/no-such-story/live/")[0] == 404
        assert app_servers.get(f"{base_url}{STREAM}", {"Host": "evil.example"})[0] == 400
    assert "event: created" in lines
    assert f'"event": {event_id}' in lines[-1]
    assert any(line.startswith("id: ") for line in lines)
