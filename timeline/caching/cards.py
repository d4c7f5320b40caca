"""Rendered event cards, cached under everything they show.

A card's key is a hash of: the release (code, templates), every column of the event (its
`updated_at` included, which timeline.caching.content_changes moves when a citation, actor role, or
a source, actor or place it shows changes), every column of its type and place, the
timeline's columns except its timestamps, and the card's variant (heading level, detail,
whether it names its timeline). Any edit to what a card shows gives a new key, so an entry
is never stale; nothing is deleted, old entries just age out.

A page fetches its events without their citations and actors, looks all their cards up in
one `get_many`, and prefetches related rows only for the cards it must render
(`prepare_cards`): a warm page costs one query for its events and no template work per card.
Editors' cards (with controls) are never cached.
"""

from __future__ import annotations

import functools
import hashlib
import operator

from django.conf import settings
from django.db.models import prefetch_related_objects

from timeline.caching import parts
from timeline.caching.responses import release

TIMESTAMPS = {"created_at", "updated_at"}


def _columns(instance, skip=frozenset()) -> tuple:
    if instance is None:
        return ()
    return _column_getter(type(instance), frozenset(skip))(instance)


@functools.cache
def _column_getter(model, skip: frozenset):
    """A function giving a model instance's concrete columns (bar `skip`) as a tuple, in
    field order: operator.attrgetter reads them all in one C call (a generator of getattr
    calls was half of a page's card keys)."""
    names = [field.attname for field in model._meta.concrete_fields if field.attname not in skip]
    getter = operator.attrgetter(*names)
    if len(names) == 1:
        return lambda instance: (getter(instance),)
    return getter


def card_variant(heading_level=None, detail=False, show_timeline=False) -> tuple:
    return (int(heading_level or 3), bool(detail), bool(show_timeline))


def card_key(event, variant: tuple, shared: dict | None = None) -> str:
    """`shared` memoises the columns of types, places and timelines that many events share."""
    return f"card:{content_digest(event, shared)}:{variant_text(variant)}"


def variant_text(variant: tuple) -> str:
    return "-".join(str(int(part)) for part in variant)


def content_digest(event, shared: dict | None = None) -> str:
    """A hash of everything an event's card (or its JSON-LD) can show.

    `shared` memoises, per (model, id), the text of a type, place or timeline: a page's events
    share a few of each, and writing out their columns (the timeline's summary among them)
    again for every event was a third of the page's card keys. Each part's text is the repr of
    a tuple, so joined they still name one content only.
    """
    shared = {} if shared is None else shared

    def text_of(instance, skip=frozenset()) -> str:
        if instance is None:
            return "()"
        memo = (type(instance), instance.pk)
        text = shared.get(memo)
        if text is None:
            text = shared[memo] = repr(_columns(instance, skip))
        return text

    text = "".join(
        (
            release(),
            repr(_columns(event)),
            text_of(event.event_type),
            text_of(event.place),
            text_of(event.timeline, TIMESTAMPS),
        )
    )
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def timeline_columns(timeline) -> tuple:
    """What a card (or JSON-LD) shows of its timeline: its columns, bar its timestamps."""
    return _columns(timeline, TIMESTAMPS)


def prepared_digest(event) -> str:
    """The digest `prepare_cards` computed for this event while reading a page, else now."""
    return event.__dict__.get("_content_digest") or content_digest(event)


def enabled() -> bool:
    return settings.FRAGMENT_CACHE_TIMEOUT > 0


def prepare_cards(events_and_variants, prefetches, attach=None) -> None:
    """Attach cached cards to events; prefetch `prefetches` only for events still to render,
    and call `attach(events)` (related rows read with the page) for those alone.

    `events_and_variants` holds (event, variant) pairs, the events with their type, place and
    timeline already selected. Costs one cache round trip, and the prefetch queries only when
    some card is missing.
    """
    pairs = list(events_and_variants)
    if not enabled():
        events = list({id(event): event for event, _ in pairs}.values())
        if attach is not None:
            attach(events)
        prefetch_related_objects(events, *prefetches)
        return
    shared: dict = {}
    keys = {}
    for event, variant in pairs:
        digest = event.__dict__.get("_content_digest")
        if digest is None:  # once per event, however many variants (a page reads, never edits)
            digest = event.__dict__["_content_digest"] = content_digest(event, shared)
        keys[event.pk, variant] = f"card:{digest}:{variant_text(variant)}"
    found = parts.get_many(keys.values())
    missing = []
    for event, variant in pairs:
        cards = event.__dict__.setdefault("_cards", {})
        html = found.get(keys[event.pk, variant])
        cards[variant] = html
        if html is None:
            missing.append(event)
    if missing:
        missing = list({id(e): e for e in missing}.values())
        if attach is not None:
            attach(missing)
        prefetch_related_objects(missing, *prefetches)


def cached_card(event, variant: tuple) -> str | None:
    """The card if `prepare_cards` found it, else a cache lookup of its own."""
    prepared = event.__dict__.get("_cards", {})
    if variant in prepared:
        return prepared[variant]
    return parts.get(card_key(event, variant))


def store_card(event, variant: tuple, html: str) -> None:
    key = f"card:{prepared_digest(event)}:{variant_text(variant)}"  # hashed once a page
    parts.set(key, html, settings.FRAGMENT_CACHE_TIMEOUT)
    event.__dict__.setdefault("_cards", {})[variant] = html
