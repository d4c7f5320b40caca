"""Reading the change log, and writing it as Server-Sent Events.

Both the stream (timeline.live.stream) and the hub (timeline.live.hub) read the log through
these functions; they are plain synchronous ORM calls (the async side wraps them).
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse

from timeline.models import EventChange, PublicationStatus, Timeline

RELOAD = "reload"


class BadCursor(ValueError):
    """A cursor that is not a number, or not one this timeline's log ever gave out."""


@dataclass(frozen=True)
class Change:
    cursor: int
    event_id: int
    kind: str  # a ChangeKind, or RELOAD: too much was missed to replay, reload the page


def parse_cursor(text: str | None, timeline_id: int) -> int:
    """A cursor as sent by a client: '' or None is 0 (from the start)."""
    text = (text or "").strip()
    if not text:
        return 0
    if not text.isdigit() or len(text) > 18:
        raise BadCursor(f"The cursor {text[:40]!r} is not a number from this feed.")
    cursor = int(text)
    if cursor and not EventChange.objects.filter(timeline_id=timeline_id, pk=cursor).exists():
        raise BadCursor(f"The cursor {cursor} is not one this timeline's change feed gave out.")
    return cursor


def latest_cursor(timeline_id: int) -> int:
    last = (
        EventChange.objects.filter(timeline_id=timeline_id)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    return last or 0


def changes_after(timeline_id: int, after: int, limit: int | None = None) -> list[Change]:
    """The timeline's changes after ``after``, oldest first; past ``limit``, one RELOAD."""
    limit = limit or settings.LIVE_REPLAY_LIMIT
    rows = list(
        EventChange.objects.filter(timeline_id=timeline_id, pk__gt=after)
        .order_by("pk")
        .values_list("pk", "event_id", "kind")[: limit + 1]
    )
    if len(rows) > limit:
        return [Change(latest_cursor(timeline_id), 0, RELOAD)]
    return [Change(*row) for row in rows]


def timeline_is_public(timeline_id: int) -> bool:
    return Timeline.objects.filter(pk=timeline_id, status=PublicationStatus.PUBLISHED).exists()


@functools.lru_cache(maxsize=1024)
def sse_message(change: Change, slug: str) -> str:
    """One SSE message: ``id:`` is the cursor, ``event:`` the kind, data names the event.

    The data is JSON: the event's id and the URL of its card, which the page fetches (an
    edited card replaces the old one in place; a new one joins the "N new events" banner).
    Memoised: a change goes to every reader of the timeline, and is written out once.
    """
    data = {"change": change.kind, "cursor": change.cursor}
    if change.kind != RELOAD:
        data["event"] = change.event_id
        data["card"] = reverse("timeline:live_card", kwargs={"slug": slug, "pk": change.event_id})
    return f"id: {change.cursor}\nevent: {change.kind}\ndata: {json.dumps(data)}\n\n"


def live_url(timeline) -> str:
    """The stream's URL for a page: the cursor is read before the page's events, so a change
    committed while it renders is replayed rather than missed."""
    path = reverse("timeline:live", kwargs={"slug": timeline.slug})
    cursor = getattr(timeline, "live_cursor", None)  # Timeline.objects.with_live_cursor()
    return f"{path}?after={latest_cursor(timeline.pk) if cursor is None else cursor}"
