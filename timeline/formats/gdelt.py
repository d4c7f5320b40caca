"""GDELT event files (tab-separated, no header), read as a stream and filtered on the way.

GDELT 1.0 rows have 57 columns (the back files) or 58 (the daily files add ``SOURCEURL``); a
file may mix both. GDELT 2.0 rows have 61 (each geography gains an ``ADM2Code``; ``DATEADDED``
is a timestamp). Files are huge, so rows are filtered while reading (``GdeltFilters``):
countries (3-letter CAMEO codes match the actors' country codes, 2-letter FIPS codes the action
geography's), CAMEO codes (root, base or full, leading zeros kept) and a date range. Only the
rows kept are held in memory.

Each row: ``EventCode`` -> type by CAMEO (base then root code as fallback, in the planner),
actors from their codes and names, the action geography -> a place with coordinates,
``SOURCEURL`` -> a source, ``GLOBALEVENTID`` -> the external id ``gdelt:<id>``. The numbers
(NumMentions, NumSources, NumArticles, GoldsteinScale, AvgTone) are kept in
``dataset_fields["gdelt"]``. GDELT is machine-coded: every event is imported as a draft.
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from timeline.dates import PartialDate, Precision
from timeline.formats.records import (
    CitationRecord,
    EventRecord,
    ImportBundle,
    Problem,
    SourceRecord,
    located_place,
    named_actor,
)
from timeline.text.urlnorm import normalize_url, validate_web_url

_ACTOR = [
    "Code",
    "Name",
    "CountryCode",
    "KnownGroupCode",
    "EthnicCode",
    "Religion1Code",
    "Religion2Code",
    "Type1Code",
    "Type2Code",
    "Type3Code",
]
_EVENT = [
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
]


def _columns(adm2: bool) -> list[str]:
    geo = ["Type", "FullName", "CountryCode", "ADM1Code"] + (["ADM2Code"] if adm2 else [])
    geo += ["Lat", "Long", "FeatureID"]
    names = ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
    names += [f"Actor1{c}" for c in _ACTOR] + [f"Actor2{c}" for c in _ACTOR] + _EVENT
    for who in ("Actor1Geo_", "Actor2Geo_", "ActionGeo_"):
        names += [who + c for c in geo]
    return names + ["DATEADDED"]


V1 = _columns(adm2=False)  # 57
V1_URL = V1 + ["SOURCEURL"]  # 58
V2 = _columns(adm2=True) + ["SOURCEURL"]  # 61
LAYOUTS = {len(V1): V1, len(V1_URL): V1_URL, len(V2): V2}
KEPT = (
    "NumMentions",
    "NumSources",
    "NumArticles",
    "GoldsteinScale",
    "AvgTone",
    "QuadClass",
    "IsRootEvent",
    "EventCode",
    "Actor1Code",
    "Actor2Code",
    "DATEADDED",
)
EXTERNAL_PREFIX = "gdelt:"
# ActionGeo_Type: 1 country, 2 US state, 3 US city, 4 world city, 5 world state.
_GEO_PRECISION = {"1": 3, "2": 3, "3": 1, "4": 1, "5": 3}
_KINDS = (
    ("GOV", "government"),
    ("MIL", "military"),
    ("COP", "military"),
    ("SPY", "military"),
    ("REB", "armed_group"),
    ("INS", "armed_group"),
    ("SEP", "armed_group"),
    ("UAF", "armed_group"),
    ("IGO", "international"),
)


@dataclass
class GdeltFilters:
    countries: set[str] = field(default_factory=set)
    cameo: set[str] = field(default_factory=set)
    since: datetime.date | None = None
    until: datetime.date | None = None

    def keep(self, row: dict[str, str], day: datetime.date) -> bool:
        if self.since and day < self.since or self.until and day > self.until:
            return False
        if self.cameo and not self.cameo & {
            row["EventCode"],
            row["EventBaseCode"],
            row["EventRootCode"],
        }:
            return False
        if self.countries:
            codes = {row["Actor1CountryCode"], row["Actor2CountryCode"]}
            codes.add(row["ActionGeo_CountryCode"])
            if not self.countries & codes:
                return False
        return True


def parse_codes(text: str) -> set[str]:
    """ "IND, pak" -> {"IND", "PAK"}; CAMEO codes keep their leading zeros ("0871")."""
    return {part.strip().upper() for part in (text or "").split(",") if part.strip()}


def looks_like_gdelt(text: str) -> bool:
    first = text.lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")
    cells = first.split("\t")
    return len(cells) in LAYOUTS and cells[0].isdigit() and cells[1].isdigit()


def read_gdelt(lines: Iterable[str], filters: GdeltFilters | None = None) -> ImportBundle:
    filters = filters or GdeltFilters()
    bundle = ImportBundle(format="gdelt")
    reader = csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    seen = set()
    for number, cells in enumerate(reader, start=1):
        if not any(cells):
            continue
        where = f"Row {number}"
        layout = LAYOUTS.get(len(cells))
        if layout is None:
            bundle.errors.append(
                Problem(where, "", f"has {len(cells)} columns; GDELT rows have 57, 58 or 61")
            )
            continue
        row = dict(zip(layout, (c.strip() for c in cells), strict=True))
        try:
            day = datetime.datetime.strptime(row["SQLDATE"], "%Y%m%d").date()
        except ValueError:
            bundle.errors.append(Problem(where, "SQLDATE", f'"{row["SQLDATE"]}" is not YYYYMMDD'))
            continue
        if not filters.keep(row, day):
            continue
        external_id = EXTERNAL_PREFIX + row["GLOBALEVENTID"]
        if external_id in seen:
            continue
        seen.add(external_id)
        record = _record(row, day, where, bundle)
        if record is not None:
            bundle.events.append(record)
    return bundle


def _decimal(text: str, limit: int) -> Decimal | None:
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    if not value.is_finite() or abs(value) > limit:
        return None
    return value.quantize(Decimal("0.000001"))


def _actor(row, prefix: str, where: str, bundle: ImportBundle) -> str | None:
    name = row[f"{prefix}Name"].title() if row[f"{prefix}Name"] else ""
    if not name:
        return None
    types = {row[f"{prefix}Type{n}Code"] for n in (1, 2, 3)} | {row[f"{prefix}KnownGroupCode"]}
    kind = next((k for code, k in _KINDS if code in types), "other")
    if (
        kind == "other"
        and row[f"{prefix}Code"]
        and row[f"{prefix}Code"] == row[f"{prefix}CountryCode"]
    ):
        kind = "state"
    return named_actor(bundle, name, kind, where)


def _record(row, day, where, bundle) -> EventRecord | None:
    actors = []
    for prefix, role in (("Actor1", "initiator"), ("Actor2", "target")):
        key = _actor(row, prefix, where, bundle)
        if key and (key, role) not in actors:
            actors.append((key, role))
    place_key = None
    name = row["ActionGeo_FullName"]
    latitude, longitude = _decimal(row["ActionGeo_Lat"], 90), _decimal(row["ActionGeo_Long"], 180)
    if name:
        place_key = located_place(
            bundle,
            name,
            latitude,
            longitude,
            geo_precision=_GEO_PRECISION.get(row["ActionGeo_Type"]),
            where=where,
        )
    citations = []
    url = row.get("SOURCEURL", "")
    if url:
        try:
            validate_web_url(url)
        except ValidationError:
            bundle.warnings.append(Problem(where, "SOURCEURL", "is not an http(s) link; left out"))
        else:
            key = normalize_url(url)
            bundle.sources.setdefault(
                key, SourceRecord(key=key, url=url, title=url[:500], where=where)
            )
            citations.append(CitationRecord(source=key))
    who = " – ".join(row[f"Actor{n}Name"].title() for n in (1, 2) if row[f"Actor{n}Name"])
    title = (
        f"CAMEO {row['EventCode']}" + (f": {who}" if who else "") + (f", {name}" if name else "")
    )
    return EventRecord(
        where=where,
        title=title[:300],
        date=PartialDate(day, Precision.DAY),
        event_type="cameo:" + row["EventCode"],
        place=place_key,
        actors=actors,
        citations=citations,
        external_id=EXTERNAL_PREFIX + row["GLOBALEVENTID"],
        geo_precision=_GEO_PRECISION.get(row["ActionGeo_Type"]),
        dataset_fields={"gdelt": {k: row[k] for k in KEPT if row.get(k)}},
        status="draft",
    )
