"""``/timelines/<slug>/live/``: published changes of a timeline as Server-Sent Events.

Under ASGI (uvicorn workers, `make serve`) a connection is a coroutine waiting on a queue that
the process's hub fills (timeline.live.hub): an idle reader costs a few kilobytes and no thread
and no database connection. Under WSGI (``runserver``, the test server) the same stream is a
generator that reads the log every LIVE_POLL_SECONDS in its thread: fine for development.

A client resumes from the ``Last-Event-ID`` header (sent by the browser's EventSource when it
reconnects by itself) or ``?after=<cursor>`` (the page's own URL, which timeline/live.js moves
forward as messages arrive, for reconnects the browser starts afresh): the larger wins. Either
must be a cursor of this timeline's log (or 0: from the start), or the answer is a 400. A client
that sends neither starts from now.

Anonymous readers (and anyone who may not edit the timeline) follow public timelines only; if
the timeline goes back to draft their stream ends, and reconnecting gets a 404. The log holds
published changes only, so nothing of a draft event is ever sent.
"""

from __future__ import annotations

import asyncio
import time

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.handlers.asgi import ASGIRequest
from django.db import connections
from django.http import HttpResponse, StreamingHttpResponse
from django.views.decorators.http import require_GET

from timeline.live.hub import hub
from timeline.live.messages import (
    BadCursor,
    changes_after,
    latest_cursor,
    parse_cursor,
    sse_message,
    timeline_is_public,
)
from timeline.rights import visible_timeline_or_404

HEADERS = {
    "Cache-Control": "no-store",
    # nginx: pass each message on at once (deploy/nginx.conf also turns buffering off).
    "X-Accel-Buffering": "no",
}


def _resume_from(request, timeline) -> int:
    """The cursor to resume after; a client that names none starts from now."""
    if "Last-Event-ID" not in request.headers and "after" not in request.GET:
        return latest_cursor(timeline.pk)
    return max(
        parse_cursor(request.headers.get("Last-Event-ID"), timeline.pk),
        parse_cursor(request.GET.get("after"), timeline.pk),
    )


def _opening() -> str:
    # An opening comment flushes the headers at once; `retry` sets the browser's reconnect delay.
    return f"retry: {int(settings.LIVE_RETRY_MS)}\n: live\n\n"


async def _stream_async(timeline_id: int, slug: str, after: int, public_only: bool):
    the_hub = hub()
    subscription = await the_hub.subscribe(timeline_id, after=after, public_only=public_only)
    loop = asyncio.get_running_loop()
    ends_at = loop.time() + float(settings.LIVE_MAX_SECONDS)
    try:
        yield _opening()
        while (left := ends_at - loop.time()) > 0:
            try:
                batch = await asyncio.wait_for(
                    subscription.queue.get(),
                    timeout=min(float(settings.LIVE_HEARTBEAT_SECONDS), left),
                )
            except TimeoutError:
                yield ": keep-alive\n\n"
                continue
            if batch is None:
                return
            yield "".join(sse_message(change, slug) for change in batch)
    finally:
        the_hub.unsubscribe(subscription)


def _stream_sync(timeline_id: int, slug: str, after: int, public_only: bool):
    yield _opening()
    cursor = after
    started = last_sent = time.monotonic()
    while time.monotonic() - started < float(settings.LIVE_MAX_SECONDS):
        try:
            changes = changes_after(timeline_id, cursor)
            public = not (changes and public_only) or timeline_is_public(timeline_id)
        finally:
            # Hand the connection back between polls: a stream lasts minutes, and each one
            # holding a pooled connection would soon leave none for ordinary requests. (Not
            # inside a transaction: a test iterating the stream in its own keeps its connection.)
            if not connections["default"].in_atomic_block:
                connections.close_all()
        if changes:
            if not public:
                return
            cursor = changes[-1].cursor
            last_sent = time.monotonic()
            yield "".join(sse_message(change, slug) for change in changes)
        elif time.monotonic() - last_sent >= float(settings.LIVE_HEARTBEAT_SECONDS):
            last_sent = time.monotonic()
            yield ": keep-alive\n\n"
        time.sleep(float(settings.LIVE_POLL_SECONDS))


def _prepare(request, slug, user):
    try:
        timeline, can_edit = visible_timeline_or_404(user, slug)
        return timeline, can_edit, _resume_from(request, timeline)
    finally:
        if isinstance(request, ASGIRequest):
            # The stream reads through the hub: hand this request's connection back now rather
            # than when the stream ends (it would stay taken for minutes).
            connections.close_all()


@require_GET
async def live_stream(request, slug):
    user = await request.auser()
    try:
        timeline, can_edit, after = await sync_to_async(_prepare)(request, slug, user)
    except BadCursor as error:
        return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
    args = (timeline.pk, timeline.slug, after, not can_edit)
    body = _stream_async(*args) if isinstance(request, ASGIRequest) else _stream_sync(*args)
    return StreamingHttpResponse(body, content_type="text/event-stream", headers=HEADERS)
