"""ACLED's CSV export, in and out.

In: the current 31-column layout (``disorder_type``, ``civilian_targeting``, text ``inter1``),
older ones (``data_id``, ``iso3``, numeric ``inter1``, no ``disorder_type``) and the export with
one row per actor (no ``actor2`` column; the same ``event_id_cnty`` on several rows: the first
row names the initiators, the later ones the targets). Spreadsheet damage is undone: dates such
as ``5-Aug-24`` or ``05 August 2024``, ``NA`` for an empty cell, CRLF line ends, a BOM.

One event per ``event_id_cnty`` (its external id ``acled:<id>``). ``time_precision`` 1 is a day,
2 a day give or take a week (approximate), 3 a month (approximate). The type is found by its
ACLED codes in the planner; ``fatalities`` blank stays unknown; the ACLED columns without a field
of their own are kept in ``Event.dataset_fields["acled"]`` and written back by
:func:`acled_row`, so ``events.csv?columns=acled`` reads back as the same events.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from timeline.dates import PartialDate, Precision
from timeline.formats.countries import country_code
from timeline.formats.csv_rows import neutralise, restore
from timeline.formats.records import (
    CitationRecord,
    EventRecord,
    ImportBundle,
    ImportFileError,
    Problem,
    SourceRecord,
    located_place,
    named_actor,
)

# ACLED's current export, in its order (acleddata.com codebook, 2024).
COLUMNS = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]
REQUIRED = ("event_id_cnty", "event_date", "event_type")
# Columns kept as they are in dataset_fields["acled"] (no field of their own here).
KEPT = (
    "actor1",  # which of the initiators and targets ACLED names first
    "actor2",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "inter1",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "iso3",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "source_scale",
    "tags",
    "timestamp",
    "time_precision",
)
EXTERNAL_PREFIX = "acled:"
MISSING = {"NA", "N/A", "#N/A", "NULL"}
TITLE_LIMIT = 300

# ACLED's actor types (inter codes), old numbers and current words, to our actor kinds.
_INTER_KINDS = {
    "1": "military",
    "state forces": "military",
    "2": "armed_group",
    "rebel group": "armed_group",
    "rebel groups": "armed_group",
    "3": "armed_group",
    "political militia": "armed_group",
    "political militias": "armed_group",
    "4": "armed_group",
    "identity militia": "armed_group",
    "identity militias": "armed_group",
    "5": "other",
    "rioters": "other",
    "6": "other",
    "protesters": "other",
    "7": "other",
    "civilians": "other",
    "8": "international",
    "external/other forces": "international",
}
_DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%b-%y", "%d-%b-%Y", "%d %b %Y", "%d/%m/%Y")
DATE_FORMS = "2024-08-05, 05 August 2024 or 5-Aug-24"


def looks_like_acled(text: str) -> bool:
    """True when the header row has ACLED's identifying columns."""
    first = text.lstrip("\ufeff").split("\n", 1)[0].lower()
    return "event_id_cnty" in first and "event_date" in first


def _clean(value: str | None) -> str:
    value = (value or "").strip()
    return "" if value.upper() in MISSING else value


def parse_acled_date(text: str, year: str = "") -> datetime.date | None:
    """An ACLED date as exported or as a spreadsheet re-saved it; ``year`` fixes the century."""
    for form in _DATE_FORMATS:
        try:
            day = datetime.datetime.strptime(text, form).date()
        except ValueError:
            continue
        if year.isdigit() and len(year) == 4 and day.year != int(year) and "%y" in form:
            try:
                day = day.replace(year=int(year))
            except ValueError:
                return None
        return day
    return None


def _partial(day: datetime.date, time_precision: str) -> PartialDate:
    if time_precision == "3":
        return PartialDate(day.replace(day=1), Precision.MONTH, approximate=True)
    return PartialDate(day, Precision.DAY, approximate=time_precision == "2")


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def actor_kind(name: str, inter: str) -> str:
    lowered = name.lower()
    if lowered.startswith(("military forces of", "police forces of")):
        return "military"
    if lowered.startswith("government of"):
        return "government"
    return _INTER_KINDS.get(inter.strip().lower(), "other")


def _number(text: str, limit: int) -> Decimal | None | str:
    """A coordinate, or the message saying what is wrong with it."""
    try:
        value = Decimal(text)
    except InvalidOperation:
        return f'"{text}" is not a number'
    if not value.is_finite() or abs(value) > limit:
        return f"{text} is out of range (-{limit} to {limit})"
    return value.quantize(Decimal("0.000001"))


def type_ref(event_type: str, sub_event_type: str) -> str:
    """How an ACLED pair names an event type for the planner (see `resolve_type`)."""
    return f"{EXTERNAL_PREFIX}{event_type}|{sub_event_type}"


def read_acled(lines: Iterable[str]) -> ImportBundle:
    """ACLED CSV lines (any layout above) -> an ImportBundle. Reads the rows one at a time."""
    reader = csv.reader(lines)
    try:
        header = next(reader, None)
    except csv.Error as error:
        raise ImportFileError([Problem("Row 1", "header", f"is not valid CSV ({error})")]) from None
    if not header:
        raise ImportFileError([Problem("File", "", "is empty: expected ACLED's header row")])
    columns = [cell.strip().lstrip("\ufeff").lower() for cell in header]
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise ImportFileError(
            [Problem("Row 1", "header", f'the ACLED column "{c}" is missing') for c in missing]
        )
    bundle = ImportBundle(format="acled")
    one_row_per_actor = "actor2" not in columns
    events: dict[str, EventRecord] = {}
    try:
        for number, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            where = f"Row {number}"
            if len(cells) > len(columns):
                bundle.errors.append(Problem(where, "", "has more cells than the header"))
                continue
            row = {c: _clean(restore(v)) for c, v in zip(columns, cells, strict=False)}
            _read_row(row, where, bundle, events, one_row_per_actor)
    except csv.Error as error:
        bundle.errors.append(Problem(f"Row {reader.line_num}", "", f"is not valid CSV ({error})"))
    bundle.events.extend(events.values())
    return bundle


def _read_row(row, where, bundle, events, one_row_per_actor) -> None:
    problems = []
    identifier = row.get("event_id_cnty", "")
    if not identifier:
        problems.append(Problem(where, "event_id_cnty", "is required"))
    day = None
    if not row.get("event_date"):
        problems.append(Problem(where, "event_date", "is required"))
    else:
        day = parse_acled_date(row["event_date"], row.get("year", ""))
        if day is None:
            problems.append(
                Problem(
                    where,
                    "event_date",
                    f'"{row["event_date"]}" is not a date ACLED writes ({DATE_FORMS})',
                )
            )
    time_precision = row.get("time_precision", "") or "1"
    if time_precision not in {"1", "2", "3"}:
        problems.append(Problem(where, "time_precision", f'"{time_precision}" should be 1, 2 or 3'))
    fatalities = None
    if row.get("fatalities"):
        if row["fatalities"].isdigit():
            fatalities = int(row["fatalities"])
        else:
            problems.append(
                Problem(where, "fatalities", f'"{row["fatalities"]}" is not a whole number')
            )
    geo_precision = None
    if row.get("geo_precision"):
        if row["geo_precision"] in {"1", "2", "3"}:
            geo_precision = int(row["geo_precision"])
        else:
            problems.append(
                Problem(where, "geo_precision", f'"{row["geo_precision"]}" should be 1, 2 or 3')
            )
    coordinates = []
    for name, limit in (("latitude", 90), ("longitude", 180)):
        value = _number(row[name], limit) if row.get(name) else None
        if isinstance(value, str):
            problems.append(Problem(where, name, value))
            value = None
        coordinates.append(value)
    if problems:
        bundle.errors.extend(problems)
        return

    external_id = EXTERNAL_PREFIX + identifier
    record = events.get(external_id)
    if record is not None:
        # The same event again: another of its actors (one row per actor), or a duplicate row.
        role = "target" if one_row_per_actor else None
        _add_actors(row, where, bundle, record, role)
        return

    place_key = _place(row, where, bundle, coordinates, geo_precision)
    kept = {name: row[name] for name in KEPT if row.get(name)}
    record = EventRecord(
        where=where,
        title=_title(row),
        date=_partial(day, time_precision),
        event_type=type_ref(row.get("event_type", ""), row.get("sub_event_type", "")),
        summary=row.get("notes", ""),
        place=place_key,
        external_id=external_id,
        fatalities=fatalities,
        geo_precision=geo_precision,
        dataset_fields={"acled": kept},
    )
    _add_actors(row, where, bundle, record, "initiator" if one_row_per_actor else None)
    for name in _split(row.get("source", "")):
        key = "publisher:" + name.casefold()
        bundle.sources.setdefault(
            key, SourceRecord(key=key, title=name[:500], publisher=name[:200], where=where)
        )
        if all(c.source != key for c in record.citations):
            record.citations.append(CitationRecord(source=key))
    events[external_id] = record


def _title(row) -> str:
    what = row.get("sub_event_type") or row.get("event_type") or "Event"
    who = row.get("actor1", "")
    if row.get("actor2"):
        who = f"{who} / {row['actor2']}" if who else row["actor2"]
    place = row.get("location", "")
    title = what + (f": {who}" if who else "") + (f", {place}" if place else "")
    return title if len(title) <= TITLE_LIMIT else title[: TITLE_LIMIT - 1] + "…"


def _add_actors(row, where, bundle, record, role) -> None:
    """``role`` None: a dyadic row (actor1 side initiates, actor2 side is the target)."""
    sides = (
        [(role, "actor1", "assoc_actor_1", "inter1")]
        if role
        else [
            ("initiator", "actor1", "assoc_actor_1", "inter1"),
            ("target", "actor2", "assoc_actor_2", "inter2"),
        ]
    )
    for side_role, main, associates, inter in sides:
        names = ([row[main]] if row.get(main) else []) + _split(row.get(associates, ""))
        for index, name in enumerate(names):
            kind = actor_kind(name, row.get(inter, "") if index == 0 else "")
            key = named_actor(bundle, name, kind, where)
            if (key, side_role) not in record.actors:
                record.actors.append((key, side_role))


def _place(row, where, bundle, coordinates, geo_precision) -> str | None:
    name = row.get("location", "")
    if not name:
        return None
    country = row.get("country", "")
    code = country_code(numeric=row.get("iso", ""), alpha3=row.get("iso3", ""), name=country)
    if not code and not any(
        w.field == "country" and w.message.startswith(f"“{country}”") for w in bundle.warnings
    ):
        bundle.warnings.append(
            Problem(
                where,
                "country",
                f"“{country}” (iso {row.get('iso') or 'blank'}) has no ISO 3166 two-letter "
                "code we know: its places are imported without a country",
            )
        )
    latitude, longitude = coordinates
    return located_place(
        bundle,
        name,
        latitude,
        longitude,
        geo_precision=geo_precision,
        where=where,
        country_code=code,
    )


# --- out ---------------------------------------------------------------------------------

_PRECISION_OUT = {Precision.DAY: "1", Precision.MONTH: "3", Precision.YEAR: "3"}


def acled_row(event) -> list[str]:
    """One event as ACLED's current columns (COLUMNS), ready for csv.writer.

    Events imported from ACLED give back what ACLED said; others are described from their own
    fields and their type's ACLED codes. ``event_id_cnty`` is the ACLED id, else ``TL<id>``.
    """
    kept = (event.dataset_fields or {}).get("acled", {})
    kind = event.event_type
    names = {"initiator": [], "target": []}
    for part in event.event_actors.all():
        if part.role in names:
            names[part.role].append(part.actor.name)
    # ACLED's main actor of each side first, the associated ones after it.
    initiators = sorted(names["initiator"], key=lambda n: n != kept.get("actor1"))
    targets = sorted(names["target"], key=lambda n: n != kept.get("actor2"))
    place = event.place
    start = event.partial_date
    if kept.get("time_precision"):
        time_precision = kept["time_precision"]
    elif start.precision is Precision.DAY and event.approximate:
        time_precision = "2"
    else:
        time_precision = _PRECISION_OUT.get(start.precision, "1")
    external = event.external_id or ""
    identifier = (
        external[len(EXTERNAL_PREFIX) :]
        if external.startswith(EXTERNAL_PREFIX)
        else f"TL{event.pk}"
    )
    publishers = list(
        dict.fromkeys(
            c.source.publisher or c.source.title for c in event.citations.all() if not c.source.url
        )
    ) + list(dict.fromkeys(c.source.publisher for c in event.citations.all() if c.source.url))
    values = {
        "event_id_cnty": identifier,
        "event_date": start.date.isoformat(),
        "year": str(start.date.year),
        "time_precision": time_precision,
        "event_type": kept.get("event_type", kind.acled_event_type),
        "sub_event_type": kept.get("sub_event_type", kind.acled_sub_event_type),
        "actor1": initiators[0] if initiators else "",
        "assoc_actor_1": "; ".join(initiators[1:]),
        "actor2": targets[0] if targets else "",
        "assoc_actor_2": "; ".join(targets[1:]),
        "location": place.name if place else "",
        "latitude": _coordinate_text(place.latitude if place else None),
        "longitude": _coordinate_text(place.longitude if place else None),
        "geo_precision": str(event.geo_precision or (place.geo_precision if place else "") or ""),
        "source": "; ".join(p for p in publishers if p),
        "notes": event.summary,
        "fatalities": "" if event.fatalities is None else str(event.fatalities),
    }
    row = []
    for column in COLUMNS:
        value = values[column] if column in values else kept.get(column, "")
        row.append(value)
    return row


def acled_csv_text(events) -> str:
    """ACLED's header and one row an event; spreadsheet formulas neutralised as in events.csv."""
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for event in events:
        writer.writerow([neutralise(value) for value in acled_row(event)])
    return stream.getvalue()


def _coordinate_text(value) -> str:
    if value is None:
        return ""
    text = format(Decimal(value).normalize(), "f")
    return text if "." not in text or not re.search(r"\.0*$", text) else text.split(".")[0]
