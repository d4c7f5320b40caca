"""``/timelines/<slug>/changes.json?since=<cursor>``: the change feed for machines.

Created, updated and deleted (or unpublished) events since a cursor, oldest change first, a page
at a time. Each created/updated change carries its event as it is now, in the lossless export's
shape (timeline.formats.lossless), with the types, actors, places and sources the page's events
refer to beside them, so a page is read with the same code as an export. Documented in
docs/change-feed.md.
"""

from __future__ import annotations

from django.conf import settings
from django.http import JsonResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from timeline.formats.lossless import export_document
from timeline.live.messages import BadCursor, parse_cursor
from timeline.models import ChangeKind, Event, EventChange, PublicationStatus
from timeline.rights import visible_timeline_or_404

FORMAT = "timeline-changes"
VERSION = 1


def _iso(value) -> str:
    return value.isoformat().replace("+00:00", "Z")


def changes_page(timeline, since: int, size: int) -> dict:
    rows = list(
        EventChange.objects.filter(timeline_id=timeline.pk, pk__gt=since).order_by("pk")[: size + 1]
    )
    more = len(rows) > size
    rows = rows[:size]
    wanted = {row.event_id for row in rows if row.kind != ChangeKind.DELETED}
    events = list(
        Event.objects.filter(pk__in=wanted, timeline=timeline)
        .alive()
        .filter(status=PublicationStatus.PUBLISHED)
        .for_export()
    )
    document = export_document(timeline, events)
    entries = {}
    for event, entry in zip(events, document["events"], strict=True):
        entries[event.pk] = {"id": event.pk, **entry}
    changes = []
    for row in rows:
        change = {
            "cursor": row.pk,
            "change": row.kind,
            "at": _iso(row.at),
            "event_id": row.event_id,
        }
        if row.kind != ChangeKind.DELETED:
            # None: the event has been deleted or unpublished since; a later change says so.
            change["event"] = entries.get(row.event_id)
        changes.append(change)
    cursor = rows[-1].pk if rows else since
    return {
        "format": FORMAT,
        "version": VERSION,
        "timeline": timeline.slug,
        "since": since,
        "cursor": cursor,
        "next": cursor if more else None,
        "changes": changes,
        "event_types": document["event_types"],
        "actors": document["actors"],
        "places": document["places"],
        "sources": document["sources"],
    }


@require_GET
def change_feed(request, slug):
    timeline, _ = visible_timeline_or_404(request.user, slug)
    try:
        since = parse_cursor(request.GET.get("since"), timeline.pk)
    except BadCursor as error:
        return JsonResponse({"error": str(error)}, status=400)
    body = changes_page(timeline, since, int(settings.CHANGE_FEED_PAGE_SIZE))
    if body["next"] is not None:
        path = reverse("timeline:changes", kwargs={"slug": timeline.slug})
        body["next_url"] = request.build_absolute_uri(
            f"{path}?{urlencode({'since': body['next']})}"
        )
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False, "indent": 1})
