"""What a shared link carries: Open Graph and Twitter card tags, schema.org JSON-LD, and the
moment of the last update with its time zone.

JSON-LD is a data block (``<script type="application/ld+json">``): browsers never execute it,
so the CSP (``script-src 'self'``) does not apply to it and needs no nonce. Its text is JSON
with ``<``, ``>`` and ``&`` written as ``\\u003c``-style escapes, so no user text (a title
containing ``</script>`` or ``<!--``) can end the block or change how HTML parses it.
"""

from __future__ import annotations

import datetime
import hashlib
import json

from django import template
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from timeline.caching import cards as card_cache
from timeline.caching import parts
from timeline.caching.responses import release
from timeline.text.markup import markdown_to_text

register = template.Library()

SITE_NAME = "Timeline"
DESCRIPTION_LENGTH = 200
JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


@register.filter
def moment(value: datetime.datetime | None) -> str:
    """'10 May 2025, 14:05 UTC': a moment with its time zone, in the site's time zone."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    return f"{local:%-d %B %Y, %H:%M} {local.tzname() or local.strftime('%z')}"


def describe(markdown_text: str) -> str:
    return Truncator(" ".join(markdown_to_text(markdown_text or "").split())).chars(
        DESCRIPTION_LENGTH
    )


@register.simple_tag(takes_context=True)
def share_meta(context, *, title: str, description: str, url: str, kind: str = "website"):
    """The tags link previews read (Open Graph, Twitter cards) and the canonical address."""
    request = context["request"]
    absolute = request.build_absolute_uri(url)
    text = describe(description)
    properties = [
        ("og:type", kind),
        ("og:site_name", SITE_NAME),
        ("og:title", title),
        ("og:url", absolute),
    ]
    names = [("twitter:card", "summary"), ("twitter:title", title)]
    if text:
        properties.append(("og:description", text))
        names += [("twitter:description", text), ("description", text)]
    return format_html(
        '<link rel="canonical" href="{}">\n{}\n{}',
        absolute,
        format_html_join("\n", '<meta property="{}" content="{}">', properties),
        format_html_join("\n", '<meta name="{}" content="{}">', names),
    )


def json_ld(data: dict) -> SafeString:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(JSON_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308


def event_thing(event, request) -> dict:
    """One event as a schema.org Event."""
    return _absolute(_event_thing(event), request)


def _absolute(thing: dict, request) -> dict:
    """A schema.org thing with its url absolute, for the host the request asked for."""
    return {**thing, "url": request.build_absolute_uri(thing["url"])}


def _event_thing(event) -> dict:
    """One event as a schema.org Event, its url relative (the same for every host)."""
    thing = {
        "@type": "Event",
        "name": event.title,
        "startDate": event.partial_date.isoformat(),
        "url": event.get_absolute_url(),
    }
    end = event.partial_end_date
    if end is not None:
        thing["endDate"] = end.isoformat()
    text = describe(event.summary)
    if text:
        thing["description"] = text
    if event.place_id:
        thing["location"] = {"@type": "Place", "name": event.place.name}
    return thing


@register.simple_tag(takes_context=True)
def chronology_json_ld(context, timeline, events, first_position=1):
    """The chronology's page of events as a schema.org ItemList of Events.

    For a public page, the block is cached whole under what it is made of: the host it names,
    the timeline's columns, the first position, and each event's card digest (everything an
    event shows), so any edit or another page of events gives another key. A page of cached
    cards then costs one lookup here rather than one per event and the JSON written again.
    """
    request = context["request"]
    events = list(events)
    key = _list_key(request, timeline, events, first_position)
    if key is not None:
        block = parts.get(key)
        if block is None:
            block = str(_chronology_json_ld(request, timeline, events, first_position))
            parts.set(key, block, settings.FRAGMENT_CACHE_TIMEOUT)
        return mark_safe(block)  # noqa: S308 - json_ld's own escaped output, cached
    return _chronology_json_ld(request, timeline, events, first_position)


def _list_key(request, timeline, events, first_position) -> str | None:
    if getattr(request, "reader_cache", None) is None or not card_cache.enabled():
        return None
    inputs = (
        release(),
        request.build_absolute_uri("/"),
        card_cache.timeline_columns(timeline),
        first_position,
        [card_cache.prepared_digest(event) for event in events],
    )
    return "json-ld-list:" + hashlib.blake2b(repr(inputs).encode(), digest_size=16).hexdigest()


def _chronology_json_ld(request, timeline, events, first_position) -> SafeString:
    data = {
        "@context": "https://schema.org",
        "@type": "ItemList",
        "name": timeline.title,
        "url": request.build_absolute_uri(timeline.get_absolute_url()),
        "numberOfItems": len(events),
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": first_position + index,
                "item": _absolute(thing, request),
            }
            for index, thing in enumerate(_event_things(request, events))
        ],
    }
    if timeline.summary:
        data["description"] = describe(timeline.summary)
    return json_ld(data)


def _event_things(request, events) -> list[dict]:
    """The events' schema.org Events: for a public page from the cache, under the same digest
    of everything an event shows as its card (so an edit gives a new key; one `get_many` for
    the page). Describing an event (its summary's Markdown rendered, sanitised and cut) was
    most of an uncached page's work. Anyone else's page computes them (drafts are never kept).
    """
    if getattr(request, "reader_cache", None) is None or not card_cache.enabled():
        return [_event_thing(event) for event in events]
    keys = [f"json-ld:{card_cache.prepared_digest(event)}" for event in events]
    found = cache.get_many(keys)
    missing = {}
    things = []
    for key, event in zip(keys, events, strict=True):
        thing = found.get(key)
        if thing is None:
            thing = missing[key] = _event_thing(event)
        things.append(thing)
    if missing:
        cache.set_many(missing, settings.FRAGMENT_CACHE_TIMEOUT)
    return things


@register.simple_tag(takes_context=True)
def event_json_ld(context, event):
    return json_ld({"@context": "https://schema.org", **event_thing(event, context["request"])})
