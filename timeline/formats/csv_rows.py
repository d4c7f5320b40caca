"""One row an event, with the CAMEO and ACLED columns researchers load beside ACLED and GDELT.

Out: UTF-8 with a header row. Lists (actors, sources) are joined with "; ". A cell that a
spreadsheet would run as a formula (starting with =, +, -, @, tab or carriage return) gets a
leading apostrophe; plain numbers such as a negative longitude are left as numbers.

In: the same columns (only date, title and event_type are required); derived columns
(standing, first_reported, the CAMEO and ACLED codes of the type) are ignored. ``citations``
holds every citation of the event as a JSON list (source URL, title, publisher and publication
time; quote, attribution, stance), so our own export re-imports with every event sourced as
before; without it, ``source_urls`` gives sources without quotes. ``id`` and ``external_id``
name the event a row updates when it is imported into the timeline that has it (see
`timeline.formats.import_updates`). CSV is still a summary: use export.json to move everything.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import re
from collections import defaultdict
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.text import slugify

from timeline.dates import DateParseError, PartialDate, Precision, parse_partial_date
from timeline.formats.csv_citations import citations_cell, read_citations_cell
from timeline.formats.records import (
    ActorRecord,
    CitationRecord,
    EventRecord,
    ImportBundle,
    ImportFileError,
    PlaceRecord,
    Problem,
    SourceRecord,
)
from timeline.text.markup import markdown_to_text
from timeline.text.urlnorm import normalize_url, validate_web_url

COLUMNS = [
    "id",
    "date",
    "precision",
    "end_date",
    "approximate",
    "event_type",
    "cameo_code",
    "acled_event_type",
    "acled_sub_event_type",
    "initiators",
    "targets",
    "mediators",
    "place",
    "latitude",
    "longitude",
    "standing",
    "title",
    "summary",
    "source_urls",
    "source_publishers",
    "first_reported",
    "status",
    "external_id",
    "citations",
]
REQUIRED_COLUMNS = ("date", "title", "event_type")
IGNORED_COLUMNS = {
    "cameo_code",
    "acled_event_type",
    "acled_sub_event_type",
    "standing",
    "first_reported",
}
ROLE_COLUMNS = {"initiators": "initiator", "targets": "target", "mediators": "mediator"}
LIST_SEPARATOR = "; "

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER_RE = re.compile(r"-?\d+(\.\d+)?")
_TRUE = {"true", "yes", "y", "1"}
_FALSE = {"false", "no", "n", "0", ""}


def neutralise(value: str) -> str:
    """A cell a spreadsheet would evaluate gets a leading apostrophe (OWASP CSV injection)."""
    if value.startswith(FORMULA_PREFIXES) and not _PLAIN_NUMBER_RE.fullmatch(value):
        return "'" + value
    return value


def restore(value: str) -> str:
    """Undo :func:`neutralise`, so our own CSV reads back as it was written."""
    if value.startswith("'") and value[1:2] and value[1] in "".join(FORMULA_PREFIXES):
        return value[1:]
    return value


# --- export ------------------------------------------------------------------------------


def _datetime_text(value) -> str:
    return value.isoformat().replace("+00:00", "Z") if value else ""


def event_row(event) -> list[str]:
    names = defaultdict(list)
    for role in event.event_actors.all():
        names[role.role].append(role.actor.name)
    citations = list(event.citations.all())
    urls = list(dict.fromkeys(c.source.url for c in citations if c.source.url))
    publishers = list(dict.fromkeys(c.source.publisher for c in citations if c.source.publisher))
    end = event.partial_end_date
    place = event.place
    kind = event.event_type
    values = [
        str(event.pk),
        event.partial_date.isoformat(),
        Precision(event.precision).label,
        end.isoformat() if end else "",
        "true" if event.approximate else "false",
        kind.slug,
        kind.cameo_code,
        kind.acled_event_type,
        kind.acled_sub_event_type,
        LIST_SEPARATOR.join(names["initiator"]),
        LIST_SEPARATOR.join(names["target"]),
        LIST_SEPARATOR.join(names["mediator"]),
        place.name if place else "",
        str(place.latitude) if place and place.latitude is not None else "",
        str(place.longitude) if place and place.longitude is not None else "",
        event.standing,
        event.title,
        markdown_to_text(event.summary),
        LIST_SEPARATOR.join(urls),
        LIST_SEPARATOR.join(publishers),
        _datetime_text(event.first_reported_at),
        event.status,
        event.external_id,
    ]
    # The JSON cell starts with "[": no formula prefix, and neutralising it would break it.
    return [neutralise(v) for v in values] + [citations_cell(citations)]


def write_csv(events, stream) -> None:
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for event in events:
        writer.writerow(event_row(event))


def csv_text(events) -> str:
    stream = io.StringIO()
    write_csv(events, stream)
    return stream.getvalue()


# --- import ------------------------------------------------------------------------------


def _slug_for(name: str, prefix: str) -> str:
    slug = slugify(name)[:200]
    if slug:
        return slug
    # Names in other scripts (Devanagari, Urdu) have no ASCII slug: number them stably.
    return f"{prefix}-{hashlib.sha256(name.casefold().encode()).hexdigest()[:10]}"


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def looks_like_csv(text: str) -> bool:
    first_line = text.lstrip("\ufeff").split("\n", 1)[0].lower()
    return all(column in first_line for column in REQUIRED_COLUMNS) and "," in first_line


def read_csv(text: str) -> ImportBundle:
    """Our CSV columns -> an ImportBundle. Raises ImportFileError when the header is wrong."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    try:
        header = next(reader, None)
    except csv.Error as error:
        raise ImportFileError([Problem("Row 1", "header", f"is not valid CSV ({error})")]) from None
    if not header or not any(cell.strip() for cell in header):
        raise ImportFileError([Problem("File", "", "is empty: expected a header row")])
    columns = [cell.strip().lower() for cell in header]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise ImportFileError(
            [
                Problem(
                    "Row 1",
                    "header",
                    f'the column "{c}" is missing; columns are: ' + ", ".join(COLUMNS),
                )
                for c in missing
            ]
        )

    bundle = ImportBundle(format="csv")
    for column in columns:
        if column not in COLUMNS:
            bundle.warnings.append(
                Problem("Row 1", column or "(blank)", "is not a known column and is ignored")
            )
    try:
        for number, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) > len(columns):
                bundle.errors.append(
                    Problem(f"Row {number}", "", "has more cells than the header has columns")
                )
                continue
            row = {c: restore(v) for c, v in zip(columns, cells, strict=False)}
            record = _read_row(row, f"Row {number}", bundle)
            if record is not None:
                bundle.events.append(record)
    except csv.Error as error:
        bundle.errors.append(Problem(f"Row {reader.line_num}", "", f"is not valid CSV ({error})"))
    return bundle


def _partial(row, name, where, problems) -> PartialDate | None:
    text = row.get(name, "").strip()
    if not text:
        if name == "date":
            problems.append(Problem(where, name, "is required"))
        return None
    try:
        return parse_partial_date(text)
    except DateParseError as error:
        problems.append(Problem(where, name, str(error)))
        return None


def _coordinate(row, name, where, problems, limit) -> Decimal | None:
    text = row.get(name, "").strip()
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        problems.append(Problem(where, name, f'"{text}" is not a number'))
        return None
    if not value.is_finite() or abs(value) > limit:
        problems.append(Problem(where, name, f"{text} is out of range (-{limit} to {limit})"))
        return None
    return value.quantize(Decimal("0.000001"))


def _read_row(row: dict[str, str], where: str, bundle: ImportBundle) -> EventRecord | None:
    problems = bundle.errors
    before = len(problems)
    start = _partial(row, "date", where, problems)
    end = _partial(row, "end_date", where, problems)

    flag = row.get("approximate", "").strip().lower()
    if flag not in _TRUE | _FALSE:
        problems.append(Problem(where, "approximate", f'"{flag}" should be true or false'))
    if start is not None:
        if flag in _TRUE:
            start = dataclasses.replace(start, approximate=True)
        precision = row.get("precision", "").strip().lower()
        if precision and precision != start.precision.label:
            problems.append(
                Problem(
                    where,
                    "precision",
                    f'says "{precision}" but the date "{row["date"].strip()}" is given to the '
                    f"{start.precision.label}",
                )
            )
    if end is not None and end.precision is Precision.MINUTE:
        problems.append(Problem(where, "end_date", "an end is kept to the day; remove the time"))
    elif end is not None:
        end = dataclasses.replace(end, approximate=False)

    actors = []
    for column, role in ROLE_COLUMNS.items():
        for name in _split(row.get(column, "")):
            key = "name:" + name.casefold()
            bundle.actors.setdefault(
                key,
                ActorRecord(
                    key=key, slug=_slug_for(name, "actor"), name=name, match_name=True, where=where
                ),
            )
            actors.append((key, role))

    place_key = None
    place_name = row.get("place", "").strip()
    latitude = _coordinate(row, "latitude", where, problems, 90)
    longitude = _coordinate(row, "longitude", where, problems, 180)
    if place_name:
        place_key = "name:" + place_name.casefold()
        bundle.places.setdefault(
            place_key,
            PlaceRecord(
                key=place_key,
                slug=_slug_for(place_name, "place"),
                name=place_name,
                latitude=latitude,
                longitude=longitude,
                match_name=True,
                where=where,
            ),
        )

    if row.get("citations", "").strip():
        citations = read_citations_cell(row["citations"], where, bundle)
        complete = True
    else:
        citations = _source_url_citations(row, where, bundle)
        complete = "citations" in row
    existing_id = _existing_id(row, where, problems)

    status = row.get("status", "").strip().lower() or "draft"
    if status not in {"draft", "published"}:
        problems.append(Problem(where, "status", f'"{status}" should be draft or published'))

    if len(problems) > before or start is None:
        return None
    return EventRecord(
        where=where,
        title=row.get("title", "").strip(),
        date=start,
        end=end,
        event_type=row.get("event_type", "").strip(),
        summary=row.get("summary", "").strip(),
        place=place_key,
        status=status,
        actors=actors,
        citations=citations,
        existing_id=existing_id,
        external_id=row.get("external_id", "").strip()[:200],
        citations_complete=complete,
    )


def _existing_id(row, where, problems) -> int | None:
    text = row.get("id", "").strip()
    if not text:
        return None
    if not text.isdigit() or len(text) > 18:
        problems.append(Problem(where, "id", f'"{text[:40]}" is not an event id (a number)'))
        return None
    return int(text)


def _source_url_citations(row, where, bundle) -> list[CitationRecord]:
    """Citations without quotes from the source_urls (and source_publishers) columns."""
    problems = bundle.errors
    citations = []
    urls = _split(row.get("source_urls", ""))
    publishers = _split(row.get("source_publishers", ""))
    if publishers and len(publishers) != len(urls):
        # Our export lists the publishers of URL-less sources too: pair them only when they align.
        publishers = []
    for index, url in enumerate(urls):
        try:
            validate_web_url(url)
        except ValidationError as error:
            problems.append(Problem(where, "source_urls", f"{url}: {error.messages[0]}"))
            continue
        key = normalize_url(url)
        bundle.sources.setdefault(
            key,
            SourceRecord(
                key=key,
                url=url,
                title=url[:500],
                publisher=publishers[index][:200] if publishers else "",
                where=where,
            ),
        )
        if all(c.source != key for c in citations):
            citations.append(CitationRecord(source=key))
    return citations
