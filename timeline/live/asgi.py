"""The live stream for anonymous readers, served beside Django's request stack under ASGI.

Django runs a request's synchronous middleware on a thread of its own that lives as long as
the response does: for a stream open for minutes, a thread per reader (~100 KB each, measured
in bench/live.py). Anonymous readers need none of that stack (no session, no CSRF, no
messages), so config/asgi.py sends their ``GET /timelines/<slug>/live/`` here: the host is
checked as Django would, the timeline and cursor as the view does (timeline.live.stream), and
then the reader is a coroutine on the process's hub. Anyone with a session cookie (an editor
may follow a draft timeline) goes through Django and its view as usual.
"""

from __future__ import annotations

import asyncio
import re
from urllib.parse import parse_qs

from django.conf import settings
from django.http.request import split_domain_port, validate_host

from timeline.live.hub import database_call
from timeline.live.messages import BadCursor, latest_cursor, parse_cursor
from timeline.live.stream import HEADERS, _stream_async
from timeline.models import PublicationStatus, Timeline

PATH = re.compile(r"^/timelines/(?P<slug>[-a-zA-Z0-9_]+)/live/$")


def is_anonymous_stream(scope) -> bool:
    if scope["type"] != "http" or scope["method"] != "GET" or not PATH.match(scope["path"]):
        return False
    cookie = _header(scope, b"cookie")
    return f"{settings.SESSION_COOKIE_NAME}=" not in cookie


def _header(scope, name: bytes) -> str:
    for key, value in scope["headers"]:
        if key == name:
            return value.decode("latin-1")
    return ""


def _resolve(slug: str, last_event_id: str | None, after: str | None):
    """(status, message, timeline id, cursor) as the view would decide them."""
    timeline = Timeline.objects.filter(slug=slug, status=PublicationStatus.PUBLISHED).first()
    if timeline is None:
        return 404, "No published timeline with this address.", None, 0
    if last_event_id is None and after is None:
        return 200, "", timeline.pk, latest_cursor(timeline.pk)
    try:
        cursor = max(parse_cursor(last_event_id, timeline.pk), parse_cursor(after, timeline.pk))
    except BadCursor as error:
        return 400, str(error), None, 0
    return 200, "", timeline.pk, cursor


async def _plain(send, status: int, text: str) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"text/plain; charset=utf-8")],
        }
    )
    await send({"type": "http.response.body", "body": text.encode()})


async def anonymous_stream(scope, receive, send) -> None:
    host = _header(scope, b"host")
    domain, _ = split_domain_port(host)
    if not domain or not validate_host(domain, settings.ALLOWED_HOSTS):
        await _plain(send, 400, "Bad host.")
        return
    slug = PATH.match(scope["path"])["slug"]
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    last_event_id = next(
        (v.decode("latin-1") for k, v in scope["headers"] if k == b"last-event-id"), None
    )
    after = query["after"][0] if "after" in query else None
    status, message, timeline_id, cursor = await database_call(_resolve)(slug, last_event_id, after)
    if status != 200:
        await _plain(send, status, message)
        return

    async def pump():
        headers = [(b"content-type", b"text/event-stream")]
        headers += [(k.lower().encode(), v.encode()) for k, v in HEADERS.items()]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        stream = _stream_async(timeline_id, slug, cursor, True)
        try:
            async for chunk in stream:
                await send(
                    {"type": "http.response.body", "body": chunk.encode(), "more_body": True}
                )
        finally:
            await stream.aclose()
        await send({"type": "http.response.body", "body": b""})

    async def disconnected():
        while (await receive())["type"] != "http.disconnect":
            pass

    tasks = {asyncio.ensure_future(pump()), asyncio.ensure_future(disconnected())}
    try:
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
