"""What an import file says, as plain data: read by the format modules, planned by import_plan.

Each record remembers where it came from (``where``: "Row 5", "Event 3") so that every
problem can name the row and the field.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.text import slugify

from timeline.dates import PartialDate

MAX_IMPORT_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a warning) in a file: where, which field, what."""

    where: str
    field: str
    message: str

    def __str__(self) -> str:
        if self.field:
            return f"{self.where}, {self.field}: {self.message}"
        return f"{self.where}: {self.message}"


class ImportFileError(ValueError):
    """The file cannot be read at all (too big, not text, not JSON or CSV, wrong shape)."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


@dataclass
class TimelineRecord:
    slug: str
    title: str
    summary: str = ""
    language: str = "en"
    status: str = "draft"


@dataclass
class TypeRecord:
    slug: str
    label: str
    colour: str = "#4b5563"
    description: str = ""
    cameo_code: str = ""
    acled_event_type: str = ""
    acled_sub_event_type: str = ""
    where: str = ""


@dataclass
class ActorRecord:
    """An actor. ``match_name``: spreadsheets name actors, so match existing ones by name too."""

    key: str
    slug: str
    name: str
    kind: str = "other"
    country_code: str = ""
    aliases: list[str] = field(default_factory=list)
    match_name: bool = False
    where: str = ""


@dataclass
class PlaceRecord:
    key: str
    slug: str
    name: str
    country_code: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    aliases: list[str] = field(default_factory=list)
    match_name: bool = False
    geo_precision: int | None = None
    # Datasets (ACLED, GDELT) name many places alike: match by name *and* coordinates.
    match_coordinates: bool = False
    where: str = ""


@dataclass
class SnapshotRecord:
    """A snapshot's metadata from a lossless export (the WARC file is not in the JSON)."""

    fetched_at: datetime.datetime | None
    url: str
    final_url: str
    http_status: int
    media_type: str
    sha256: str
    size: int
    warc_sha256: str


@dataclass
class SourceRecord:
    key: str
    title: str
    url: str = ""
    publisher: str = ""
    author: str = ""
    published_at: datetime.datetime | None = None
    language: str = ""
    accessed_at: datetime.datetime | None = None
    archive_url: str = ""
    text: str = ""
    url_status: str = ""
    snapshots: list[SnapshotRecord] = field(default_factory=list)
    where: str = ""


@dataclass
class CitationRecord:
    source: str  # a SourceRecord key
    quote: str = ""
    attribution: str = ""
    stance: str = "asserts"


@dataclass
class EventRecord:
    where: str
    title: str
    date: PartialDate
    event_type: str  # a type slug or label, resolved by the planner
    end: PartialDate | None = None
    summary: str = ""
    notes: str = ""
    language: str = ""
    place: str | None = None  # a PlaceRecord key
    position: int | None = None  # None: after the events already on that date
    status: str = "draft"
    actors: list[tuple[str, str]] = field(default_factory=list)  # (ActorRecord key, role)
    citations: list[CitationRecord] = field(default_factory=list)
    # Which event of the target timeline this row updates: its id (our CSV's "id" column) or
    # its external id. None / "": a new event. See timeline.formats.import_updates.
    existing_id: int | None = None
    external_id: str = ""
    # The row lists all the event's citations (our CSV's "citations" column, the JSON export):
    # an update replaces them. Otherwise it only adds the sources it names.
    citations_complete: bool = False
    geo_precision: int | None = None
    fatalities: int | None = None
    tags: list[str] = field(default_factory=list)
    dataset_fields: dict = field(default_factory=dict)


@dataclass
class PeriodRecord:
    """A titled span of the timeline (a TimelineJS era)."""

    where: str
    title: str
    start: PartialDate
    end: PartialDate


@dataclass
class ImportBundle:
    """Everything one file says. Parsers fill it without touching the database."""

    format: str
    timeline: TimelineRecord | None = None
    event_types: dict[str, TypeRecord] = field(default_factory=dict)
    actors: dict[str, ActorRecord] = field(default_factory=dict)
    places: dict[str, PlaceRecord] = field(default_factory=dict)
    sources: dict[str, SourceRecord] = field(default_factory=dict)
    events: list[EventRecord] = field(default_factory=list)
    periods: list[PeriodRecord] = field(default_factory=list)
    # TimelineJS groups are free text: an unknown one falls back to "statement", with a warning.
    type_fallback: str | None = None
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    # Rows left out whatever the import mode (a BC date cannot be stored): listed, not fatal.
    refused: list[Problem] = field(default_factory=list)


# --- shared by the dataset readers (ACLED, GDELT): one row's actors and place -----------


def slug_for(name: str, prefix: str) -> str:
    """A slug for a dataset's name; a hash of it when the name has no Latin letters."""
    slug = slugify(name)[:200]
    if slug:
        return slug
    return f"{prefix}-{hashlib.sha256(name.casefold().encode()).hexdigest()[:10]}"


def named_actor(bundle: ImportBundle, name: str, kind: str, where: str) -> str:
    """The key of the actor ``name`` (matched by name, case-insensitively), added if new."""
    key = "name:" + name.casefold()
    bundle.actors.setdefault(
        key,
        ActorRecord(
            key=key,
            slug=slug_for(name, "actor"),
            name=name[:200],
            kind=kind,
            match_name=True,
            where=where,
        ),
    )
    return key


def located_place(
    bundle: ImportBundle,
    name: str,
    latitude: Decimal | None,
    longitude: Decimal | None,
    *,
    geo_precision: int | None,
    where: str,
    country_code: str = "",
) -> str:
    """The key of the place ``name`` at these coordinates (two towns may share a name)."""
    key = f"place:{name.casefold()}@{latitude},{longitude}"
    bundle.places.setdefault(
        key,
        PlaceRecord(
            key=key,
            slug=slug_for(name, "place"),
            name=name[:200],
            country_code=country_code,
            latitude=latitude,
            longitude=longitude,
            match_name=True,
            match_coordinates=latitude is not None and longitude is not None,
            geo_precision=geo_precision,
            where=where,
        ),
    )
    return key
