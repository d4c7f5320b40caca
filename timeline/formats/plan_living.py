"""Living datasets: rows with an external id already in the timeline update it in place.

Every imported event keeps a fingerprint of what the import wrote (``import_fingerprint``).
On the next import of a row with the same external id:

- the file says what the event already says: *unchanged*, nothing is written;
- the event still says what the last import wrote, the file says something new: *update*
  (with history, under the importing user), and the plan lists which fields change;
- someone edited the event by hand since: *conflict*, reported and skipped, unless the import
  is told to overwrite.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from timeline.formats.records import EventRecord, Problem
from timeline.models import Event

LABELS = {
    "title": "title",
    "summary": "summary",
    "date": "date",
    "end": "end",
    "type": "type",
    "place": "place",
    "geo_precision": "geographic precision",
    "fatalities": "fatalities",
    "actors": "actors",
    "sources": "sources",
    "tags": "tags",
    "dataset_fields": "dataset fields",
}


@dataclass
class ExistingMatch:
    record: EventRecord
    event: Event
    changed: list[str]  # labels of what the file changes


OWN_WORKING_FORMATS = {"csv"}


def _digest(parts: dict) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def event_parts(event: Event) -> dict:
    """What an import controls, read from a saved event (actors, citations, tags prefetched)."""
    return {
        "title": event.title,
        "summary": event.summary,
        "date": [str(event.date), event.precision, event.approximate, str(event.time)],
        "end": [str(event.end_date), event.end_precision],
        "type": str(event.event_type_id),
        "place": str(event.place_id),
        "geo_precision": event.geo_precision,
        "fatalities": event.fatalities,
        "actors": sorted(f"{p.actor_id}:{p.role}" for p in event.event_actors.all()),
        "sources": sorted(str(c.source_id) for c in event.citations.all()),
        "tags": sorted(t.name.casefold() for t in event.tags.all()),
        "dataset_fields": event.dataset_fields or {},
    }


def _ref(resolved: dict, key) -> str:
    if key is None:
        return "None"
    value = resolved.get(key)
    return str(value.pk) if hasattr(value, "_meta") else f"new:{key}"


def record_parts(record: EventRecord, plan) -> dict:
    start, end = record.date, record.end
    return {
        "title": record.title,
        "summary": record.summary,
        "date": [str(start.date), int(start.precision), start.approximate, str(start.time)],
        "end": [str(end.date) if end else "None", int(end.precision) if end else None],
        "type": _ref(plan.types, record.event_type),
        "place": _ref(plan.places, record.place),
        "geo_precision": record.geo_precision,
        "fatalities": record.fatalities,
        "actors": sorted(f"{_ref(plan.actors, key)}:{role}" for key, role in record.actors),
        "sources": sorted(_ref(plan.sources, c.source) for c in record.citations),
        "tags": sorted({t.casefold() for t in record.tags}),
        "dataset_fields": record.dataset_fields or {},
    }


def fingerprint(parts: dict) -> str:
    return _digest(parts)


def plan_existing(plan, *, overwrite: bool = False) -> list[EventRecord]:
    """Sort out the records whose external id is already in the timeline; return the new ones."""
    records = plan.bundle.events
    seen: dict[str, str] = {}
    fresh = []
    for record in records:
        if record.external_id and record.external_id in seen:
            plan.errors.append(
                Problem(
                    record.where,
                    "external id",
                    f'"{record.external_id}" is also {seen[record.external_id]}; '
                    "each event of a file needs its own id",
                )
            )
            continue
        if record.external_id:
            seen[record.external_id] = record.where
        fresh.append(record)
    # Our own CSV is an editor's working copy, not another dataset: its rows update the events
    # they name (by id or external id) through timeline.formats.import_updates instead.
    if plan.timeline is None or plan.bundle.format in OWN_WORKING_FORMATS:
        return fresh
    ids = [r.external_id for r in fresh if r.external_id]
    existing = {}
    for start in range(0, len(ids), 1000):
        rows = (
            Event.objects.filter(timeline=plan.timeline, external_id__in=ids[start : start + 1000])
            .select_related("event_type", "place")
            .prefetch_related("event_actors", "citations", "tags")
        )
        existing.update({e.external_id: e for e in rows})
    new = []
    for record in fresh:
        event = existing.get(record.external_id) if record.external_id else None
        if event is None:
            new.append(record)
            continue
        current, wanted = event_parts(event), record_parts(record, plan)
        if current == wanted:
            plan.unchanged.append(record)
            continue
        changed = [LABELS[name] for name in current if current[name] != wanted[name]]
        edited = bool(event.import_fingerprint) and fingerprint(current) != event.import_fingerprint
        if event.deleted_at is not None:
            edited = True
        match = ExistingMatch(record=record, event=event, changed=changed)
        if edited and not overwrite:
            plan.conflicts.append(match)
            why = "deleted" if event.deleted_at is not None else "edited"
            plan.warnings.append(
                Problem(
                    record.where,
                    "",
                    f'"{event.title}" was {why} here since it was imported; the file would '
                    f"change its {', '.join(changed)}. Skipped (import with overwrite to "
                    "replace it)",
                )
            )
        else:
            plan.refreshes.append(match)
    return new
