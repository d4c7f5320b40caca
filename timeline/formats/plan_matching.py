"""Matching what a dataset file names against the database, for the import planner.

- Event types named by dataset codes (``acled:<event_type>|<sub_event_type>``,
  ``cameo:<code>``): the type with those codes; else the closest one (same ACLED event type,
  same CAMEO root) with a warning on the row saying so.
- Places from datasets: the same name *and* coordinates (two towns may share a name).
- Actors by name or by one of their aliases.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models.functions import Lower

from timeline.formats.records import Problem
from timeline.models import Actor, EventType, Place

ACLED_PREFIX = "acled:"
CAMEO_PREFIX = "cameo:"
DATASET_PREFIXES = (ACLED_PREFIX, CAMEO_PREFIX)
# When no type carries an ACLED event type, the seed type that stands for it.
ACLED_FALLBACK = {
    "battles": "armed-clash",
    "explosions/remote violence": "military-strike",
    "violence against civilians": "attack",
    "protests": "protest",
    "riots": "protest",
    "strategic developments": "statement",
}
COORDINATE_TOLERANCE = Decimal("0.0001")


def _acled(ref: str, types: list[EventType]):
    event_type, _, sub = ref[len(ACLED_PREFIX) :].partition("|")
    main, sub = event_type.strip().casefold(), sub.strip().casefold()
    for kind in types:
        if (kind.acled_event_type.casefold(), kind.acled_sub_event_type.casefold()) == (main, sub):
            return kind, ""
    for kind in types:
        if kind.acled_event_type.casefold() == main:
            return kind, "same ACLED event type"
    by_slug = {k.slug: k for k in types}
    kind = by_slug.get(ACLED_FALLBACK.get(main, "statement")) or by_slug.get("statement")
    return kind, "no type has this ACLED event type"


def _cameo(ref: str, types: list[EventType]):
    code = ref[len(CAMEO_PREFIX) :].strip()
    by_code = {}
    for kind in types:
        if kind.cameo_code:
            by_code.setdefault(kind.cameo_code, kind)
    if code in by_code:
        return by_code[code], ""
    for length in (3, 2):  # base code, then root code
        if len(code) > length and code[:length] in by_code:
            return by_code[code[:length]], f"closest CAMEO code {code[:length]}"
    root = code[:2]
    for kind in types:
        if kind.cameo_code[:2] == root:
            return kind, f"same CAMEO root {root}"
    return {k.slug: k for k in types}.get("statement"), "no type has this CAMEO root"


def plan_dataset_types(plan, types: list[EventType]) -> None:
    """Resolve every dataset-coded type reference of the bundle into ``plan.types``."""
    notes = {}
    for ref in dict.fromkeys(r.event_type for r in plan.bundle.events):
        if not ref.startswith(DATASET_PREFIXES):
            continue
        kind, note = (_acled if ref.startswith(ACLED_PREFIX) else _cameo)(ref, types)
        if kind is not None:
            plan.types[ref] = kind
            if note:
                notes[ref] = (kind, note)
    for record in plan.bundle.events:
        if record.event_type in notes:
            kind, note = notes[record.event_type]
            code = record.event_type.split(":", 1)[1].replace("|", " / ")
            field = "event_type" if record.event_type.startswith(ACLED_PREFIX) else "EventCode"
            plan.warnings.append(
                Problem(
                    record.where,
                    field,
                    f'no event type has the codes "{code}"; imported as "{kind.label}" ({note})',
                )
            )


def _near(a, b) -> bool:
    return a is not None and b is not None and abs(Decimal(a) - Decimal(b)) <= COORDINATE_TOLERANCE


def match_places_by_coordinates(records: dict) -> dict:
    """{record key: existing Place} for dataset places with the same name and coordinates."""
    wanted = {r.name.lower() for r in records.values() if r.match_coordinates}
    if not wanted:
        return {}
    candidates: dict[str, list[Place]] = {}
    rows = Place.objects.annotate(lower_name=Lower("name")).filter(lower_name__in=wanted)
    for place in rows:
        candidates.setdefault(place.lower_name, []).append(place)
    found = {}
    for key, record in records.items():
        if not record.match_coordinates:
            continue
        for place in candidates.get(record.name.lower(), []):
            if _near(place.latitude, record.latitude) and _near(place.longitude, record.longitude):
                found[key] = place
                break
    return found


def match_actors_by_alias(records: dict) -> dict:
    """{lower-cased name: existing Actor} for names that are an existing actor's alias."""
    wanted = {r.name.casefold() for r in records.values() if r.match_name}
    if not wanted:
        return {}
    found = {}
    for actor in Actor.objects.exclude(aliases="").only("id", "name", "slug", "aliases"):
        for alias in actor.aliases.splitlines():
            alias = alias.strip().casefold()
            if alias in wanted:
                found.setdefault(alias, actor)
    return found
