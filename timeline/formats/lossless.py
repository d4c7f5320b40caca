"""Our own JSON: everything about a timeline, versioned, read back without loss.

The format is documented in docs/export-format.md. Nothing in it depends on database ids:
actors, places and event types are keyed by slug, sources by a key numbered in order of first
citation ("source-1", ...), and every list is ordered by content or by creation order, so
importing a document into an empty database and exporting again gives the same document.
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal, InvalidOperation
from typing import Any

from timeline.dates import DateParseError, PartialDate, Precision, parse_partial_date
from timeline.formats import snapshot_json
from timeline.formats.lossless_periods import period_entries, read_periods
from timeline.formats.records import (
    ActorRecord,
    CitationRecord,
    EventRecord,
    ImportBundle,
    ImportFileError,
    PlaceRecord,
    Problem,
    SourceRecord,
    TimelineRecord,
    TypeRecord,
)
from timeline.formats.shape import ObjectReader, json_kind
from timeline.models import split_aliases

FORMAT = "timeline-export"
VERSION = 1


# --- export ------------------------------------------------------------------------------


def _datetime_text(value: datetime.datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")


def _decimal_text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def export_document(timeline, events) -> dict[str, Any]:
    """The whole timeline as a JSON-ready dict. ``events`` come from ``for_export()``."""
    events = list(events)
    event_types, actors, places = {}, {}, {}
    source_keys: dict[int, str] = {}
    sources = []
    for event in events:
        event_types[event.event_type.slug] = event.event_type
        if event.place is not None:
            places[event.place.slug] = event.place
        for role in event.event_actors.all():
            actors[role.actor.slug] = role.actor
        for citation in event.citations.all():
            if citation.source_id not in source_keys:
                source_keys[citation.source_id] = f"source-{len(source_keys) + 1}"
                sources.append(citation.source)

    snapshots = snapshot_json.snapshot_entries([s.pk for s in sources], _datetime_text)
    return {
        "format": FORMAT,
        "version": VERSION,
        "timeline": {
            "slug": timeline.slug,
            "title": timeline.title,
            "summary": timeline.summary,
            "language": timeline.language,
            "status": timeline.status,
        },
        "event_types": [
            {
                "slug": t.slug,
                "label": t.label,
                "colour": t.colour,
                "description": t.description,
                "cameo_code": t.cameo_code,
                "acled_event_type": t.acled_event_type,
                "acled_sub_event_type": t.acled_sub_event_type,
            }
            for _, t in sorted(event_types.items())
        ],
        "actors": [
            {
                "slug": a.slug,
                "name": a.name,
                "kind": a.kind,
                "country_code": a.country_code,
                "aliases": a.alias_list,
            }
            for _, a in sorted(actors.items())
        ],
        "places": [
            {
                "slug": p.slug,
                "name": p.name,
                "country_code": p.country_code,
                "latitude": _decimal_text(p.latitude),
                "longitude": _decimal_text(p.longitude),
                "aliases": p.alias_list,
                "geo_precision": p.geo_precision,
            }
            for _, p in sorted(places.items())
        ],
        "sources": [
            {
                "key": source_keys[s.pk],
                "url": s.url,
                "title": s.title,
                "publisher": s.publisher,
                "author": s.author,
                "published_at": _datetime_text(s.published_at),
                "language": s.language,
                "accessed_at": _datetime_text(s.accessed_at),
                "archive_url": s.archive_url,
                "text": s.text,
                "url_status": s.url_status,
                "snapshots": snapshots.get(s.pk, []),
            }
            for s in sources
        ],
        "periods": period_entries(timeline),
        "events": [_event_entry(e, source_keys) for e in events],
    }


def _event_entry(event, source_keys: dict[int, str]) -> dict[str, Any]:
    return {
        "title": event.title,
        "summary": event.summary,
        "notes": event.notes,
        "language": event.language,
        "type": event.event_type.slug,
        "place": event.place.slug if event.place else None,
        "date": event.date.isoformat(),
        "precision": Precision(event.precision).label,
        "time": event.time.strftime("%H:%M") if event.time else None,
        "utc_offset": event.utc_offset,
        "approximate": event.approximate,
        "end_date": event.end_date.isoformat() if event.end_date else None,
        "end_precision": Precision(event.end_precision).label if event.end_date else None,
        "position": event.position,
        "status": event.status,
        "geo_precision": event.geo_precision,
        "fatalities": event.fatalities,
        "external_id": event.external_id,
        "tags": sorted(t.name for t in event.tags.all()),
        "dataset_fields": event.dataset_fields or {},
        "actors": [{"actor": r.actor.slug, "role": r.role} for r in event.event_actors.all()],
        "citations": [
            {
                "source": source_keys[c.source_id],
                "quote": c.quote,
                "attribution": c.attribution,
                "stance": c.stance,
            }
            for c in event.citations.all()
        ],
    }


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# --- import ------------------------------------------------------------------------------


def read_document(data: Any) -> ImportBundle:
    """Our JSON export (already decoded) -> an ImportBundle. Raises ImportFileError on shape."""
    fatal: list[Problem] = []
    root = ObjectReader(data, "File", fatal)
    if not root.valid:
        raise ImportFileError(fatal)
    if data.get("format") != FORMAT:
        raise ImportFileError(
            [Problem("File", "format", f'must be "{FORMAT}" (this is not a timeline export)')]
        )
    version = data.get("version")
    if version != VERSION:
        raise ImportFileError(
            [
                Problem(
                    "File",
                    "version",
                    f"version {version!r} is not supported; this app reads version {VERSION}",
                )
            ]
        )

    bundle = ImportBundle(format="json")
    problems = bundle.errors
    timeline = root.child("timeline")
    if timeline is None or not timeline.valid:
        problems.append(Problem("File", "timeline", "is required (an object)"))
    else:
        bundle.timeline = TimelineRecord(
            slug=timeline.text("slug", required=True),
            title=timeline.text("title", required=True),
            summary=timeline.text("summary"),
            language=timeline.text("language"),
            status=timeline.text("status") or "draft",
        )

    for number, item in enumerate(root.items("event_types"), start=1):
        r = ObjectReader(item, f"Event type {number}", problems)
        record = TypeRecord(
            slug=r.text("slug", required=True),
            label=r.text("label", required=True),
            colour=r.text("colour") or "#4b5563",
            description=r.text("description"),
            cameo_code=r.text("cameo_code"),
            acled_event_type=r.text("acled_event_type"),
            acled_sub_event_type=r.text("acled_sub_event_type"),
            where=r.where,
        )
        _add_unique(bundle.event_types, record.slug, record, r, "slug")

    for number, item in enumerate(root.items("actors"), start=1):
        r = ObjectReader(item, f"Actor {number}", problems)
        slug = r.text("slug", required=True)
        record = ActorRecord(
            key=slug,
            slug=slug,
            name=r.text("name", required=True),
            kind=r.text("kind") or "other",
            country_code=r.text("country_code"),
            aliases=_aliases(r),
            where=r.where,
        )
        _add_unique(bundle.actors, slug, record, r, "slug")

    for number, item in enumerate(root.items("places"), start=1):
        r = ObjectReader(item, f"Place {number}", problems)
        slug = r.text("slug", required=True)
        record = PlaceRecord(
            key=slug,
            slug=slug,
            name=r.text("name", required=True),
            country_code=r.text("country_code"),
            latitude=_decimal(r, "latitude"),
            longitude=_decimal(r, "longitude"),
            aliases=_aliases(r),
            geo_precision=_geo_precision(r),
            where=r.where,
        )
        _add_unique(bundle.places, slug, record, r, "slug")

    for number, item in enumerate(root.items("sources"), start=1):
        r = ObjectReader(item, f"Source {number}", problems)
        key = r.text("key", required=True)
        record = SourceRecord(
            key=key,
            url=r.text("url"),
            title=r.text("title", required=True),
            publisher=r.text("publisher"),
            author=r.text("author"),
            published_at=_datetime(r, "published_at"),
            language=r.text("language"),
            accessed_at=_datetime(r, "accessed_at"),
            archive_url=r.text("archive_url"),
            text=r.text("text"),
            url_status=snapshot_json.read_url_status(r),
            snapshots=snapshot_json.read_snapshots(r, _datetime),
            where=r.where,
        )
        _add_unique(bundle.sources, key, record, r, "key")

    read_periods(root, bundle)
    for number, item in enumerate(root.items("events", required=True), start=1):
        record = _read_event(ObjectReader(item, f"Event {number}", problems), bundle)
        if record is not None:
            bundle.events.append(record)
    return bundle


def _add_unique(records: dict, key: str, record, reader: ObjectReader, field: str) -> None:
    if not key:
        return
    if key in records:
        reader.problem(field, f'"{key}" appears twice in the file')
        return
    records[key] = record


def _aliases(r: ObjectReader) -> list[str]:
    aliases = []
    for alias in r.items("aliases"):
        if not isinstance(alias, str):
            r.problem("aliases", "must be a list of text")
            return []
        aliases.append(alias)
    return split_aliases("\n".join(aliases))


def _decimal(r: ObjectReader, name: str) -> Decimal | None:
    text = r.optional_text(name)
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        r.problem(name, f'"{text}" is not a number')
        return None
    if not value.is_finite():
        r.problem(name, f'"{text}" is not a number')
        return None
    return value


def _datetime(r: ObjectReader, name: str) -> datetime.datetime | None:
    text = r.optional_text(name)
    if not text:
        return None
    try:
        value = datetime.datetime.fromisoformat(text)
    except ValueError:
        r.problem(name, f'"{text}" is not a date and time like 2025-05-10T09:00:00Z')
        return None
    if value.tzinfo is None:
        r.problem(name, f'"{text}" needs a time zone, e.g. 2025-05-10T09:00:00Z')
        return None
    return value


def _first_day(r: ObjectReader, name: str, *, required: bool) -> datetime.date | None:
    text = r.text(name, required=required) if required else (r.optional_text(name) or "")
    if not text:
        return None
    try:
        parsed = parse_partial_date(text)
    except DateParseError as error:
        r.problem(name, str(error))
        return None
    if parsed.precision is not Precision.DAY or parsed.approximate:
        r.problem(name, f'"{text}" must be the first day of the period, as YYYY-MM-DD')
        return None
    return parsed.date


def _precision(r: ObjectReader, name: str) -> Precision | None:
    label = r.text(name, required=True)
    if not label:
        return None
    try:
        return Precision[label.strip().upper()]
    except KeyError:
        choices = ", ".join(p.label for p in Precision)
        r.problem(name, f'"{label}" is not a precision; use one of: {choices}')
        return None


def _time(r: ObjectReader, name: str) -> datetime.time | None:
    text = r.optional_text(name)
    if not text:
        return None
    try:
        value = datetime.time.fromisoformat(text)
    except ValueError:
        r.problem(name, f'"{text}" is not a time like 17:00')
        return None
    if value.tzinfo is not None or value.second or value.microsecond:
        r.problem(name, f'"{text}" must be hours and minutes only, like 17:00')
        return None
    return value


def _read_event(r: ObjectReader, bundle: ImportBundle) -> EventRecord | None:
    if not r.valid:
        return None
    before = len(r.problems)
    title = r.text("title", required=True)
    event_type = r.text("type", required=True)

    start = None
    day = _first_day(r, "date", required=True)
    precision = _precision(r, "precision")
    time = _time(r, "time")
    utc_offset = r.integer("utc_offset")
    approximate = r.boolean("approximate")
    if day is not None and precision is not None:
        try:
            start = PartialDate(day, precision, time, utc_offset, approximate)
        except (TypeError, ValueError) as error:
            r.problem("date", f"does not match its precision: {error}")

    end = None
    end_day = _first_day(r, "end_date", required=False)
    if end_day is not None:
        end_precision = _precision(r, "end_precision")
        if end_precision is not None:
            try:
                end = PartialDate(end_day, end_precision)
            except (TypeError, ValueError) as error:
                r.problem("end_date", f"does not match its precision: {error}")

    place = r.optional_text("place") or None
    if place and place not in bundle.places:
        r.problem("place", f'"{place}" is not one of the file\'s places')

    actors = []
    for number, item in enumerate(r.items("actors"), start=1):
        a = ObjectReader(item, r.where, r.problems, prefix=f"actors[{number}].")
        key = a.text("actor", required=True)
        if key and key not in bundle.actors:
            a.problem("actor", f'"{key}" is not one of the file\'s actors')
        actors.append((key, a.text("role") or "other"))

    citations = []
    for number, item in enumerate(r.items("citations"), start=1):
        c = ObjectReader(item, r.where, r.problems, prefix=f"citations[{number}].")
        key = c.text("source", required=True)
        if key and key not in bundle.sources:
            c.problem("source", f'"{key}" is not one of the file\'s sources')
        citations.append(
            CitationRecord(
                source=key,
                quote=c.text("quote"),
                attribution=c.text("attribution"),
                stance=c.text("stance") or "asserts",
            )
        )

    record = EventRecord(
        where=r.where,
        title=title,
        date=start,
        event_type=event_type,
        end=end,
        summary=r.text("summary"),
        notes=r.text("notes"),
        language=r.text("language"),
        place=place,
        position=r.integer("position", 0),
        status=r.text("status") or "draft",
        actors=actors,
        citations=citations,
        geo_precision=_geo_precision(r),
        fatalities=_fatalities(r),
        external_id=r.text("external_id"),
        tags=[t for t in r.items("tags") if isinstance(t, str) and t.strip()],
        dataset_fields=_object(r, "dataset_fields"),
    )
    if len(r.problems) > before or start is None:
        return None
    return record


def _geo_precision(r: ObjectReader) -> int | None:
    value = r.integer("geo_precision")
    if value is not None and value not in (1, 2, 3):
        r.problem("geo_precision", f"{value} should be 1, 2 or 3")
        return None
    return value


def _fatalities(r: ObjectReader) -> int | None:
    value = r.integer("fatalities")
    if value is not None and not 0 <= value < 2**31:
        r.problem("fatalities", f"{value} should be a count from 0")
        return None
    return value


def _object(r: ObjectReader, name: str) -> dict:
    value = r.data.get(name)
    if value is None:
        return {}
    if not isinstance(value, dict):
        r.problem(name, f"must be an object, not {json_kind(value)}")
        return {}
    return value
