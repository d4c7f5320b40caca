"""From events to the map's marks: one mark per place, in one query.

An event is drawn at its own precision when it has one, else at its place's: ACLED's codes,
where a larger number is coarser, so an event can only make its place vaguer, never sharper
(`effective_precision`). A place whose precision nobody recorded is drawn as a point and says
so. Events with no place, or a place without coordinates, are counted, never placed at 0,0.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, QuerySet

from timeline.maps.drawing import PRECISION_LABELS, MapDrawing, Mark, TypeShare, draw

UNKNOWN_PRECISION = 0


def effective_precision(event) -> int | None:
    """The precision an event is drawn at: the coarser of its own and its place's."""
    place = event.place if event.place_id else None
    own = event.geo_precision
    of_place = place.geo_precision if place is not None else None
    known = [p for p in (own, of_place) if p]
    return max(known) if known else None


@dataclass
class PlaceRow:
    """A place on the map, for the table after it: its marks' counts together."""

    name: str
    slug: str
    country: str
    latitude: float
    longitude: float
    count: int = 0
    url: str = ""
    precisions: dict[int, int] = field(default_factory=dict)
    types: dict[str, TypeShare] = field(default_factory=dict)

    @property
    def precision_text(self) -> str:
        return "; ".join(
            f"{PRECISION_LABELS.get(p, 'precision not recorded')}: {n}"
            for p, n in sorted(self.precisions.items())
        )

    @property
    def type_text(self) -> str:
        shares = sorted(self.types.values(), key=lambda t: (-t.count, t.label))
        return "; ".join(f"{t.label}: {t.count}" for t in shares)


@dataclass
class EventMap:
    drawing: MapDrawing | None
    places: list[PlaceRow]
    placed: int
    unplaced: int  # no place at all
    no_coordinates: int  # a place, but without coordinates
    no_coordinate_places: list[str]

    @property
    def place_rows(self):
        from django.urls import reverse

        from timeline.maps.markup import place_rows

        return place_rows(
            self.places, place_url=lambda slug: reverse("timeline:place", args=[slug])
        )

    @property
    def not_on_map(self) -> int:
        return self.unplaced + self.no_coordinates


def event_map(events: QuerySet, *, types, url_for) -> EventMap:
    """The map of `events` (already filtered), in one query.

    `types` are the timeline's type facets (value, label, colour); `url_for(slug)` is the
    list narrowed to a place.
    """
    rows = (
        events.order_by()
        .values(
            "place_id",
            "place__name",
            "place__slug",
            "place__country_code",
            "place__latitude",
            "place__longitude",
            "place__geo_precision",
            "event_type__slug",
            "geo_precision",
        )
        .annotate(n=Count("id"))
    )
    type_info = {t.value: (t.label, t.colour) for t in types}
    places: dict[int, PlaceRow] = {}
    unplaced = no_coordinates = 0
    missing: set[str] = set()
    for row in rows:
        count = row["n"]
        if row["place_id"] is None:
            unplaced += count
            continue
        if row["place__latitude"] is None or row["place__longitude"] is None:
            no_coordinates += count
            missing.add(row["place__name"])
            continue
        known = [p for p in (row["geo_precision"], row["place__geo_precision"]) if p]
        precision = max(known) if known else UNKNOWN_PRECISION
        place = places.get(row["place_id"])
        if place is None:
            place = places[row["place_id"]] = PlaceRow(
                name=row["place__name"],
                slug=row["place__slug"],
                country=row["place__country_code"],
                latitude=float(row["place__latitude"]),
                longitude=float(row["place__longitude"]),
                url=url_for(row["place__slug"]),
            )
        slug = row["event_type__slug"]
        label, colour = type_info.get(slug, (slug, "#666666"))
        place.count += count
        place.precisions[precision] = place.precisions.get(precision, 0) + count
        share = place.types.get(slug)
        place.types[slug] = TypeShare(slug, label, colour, count + (share.count if share else 0))
    drawn = []
    for place in places.values():
        shares = sorted(place.types.values(), key=lambda t: (-t.count, t.label))
        drawn.append(
            Mark(
                name=place.name,
                slug=place.slug,
                latitude=place.latitude,
                longitude=place.longitude,
                precisions=dict(place.precisions),
                count=place.count,
                types=shares,
                url=place.url,
            )
        )
    table = sorted(places.values(), key=lambda p: (-p.count, p.name.casefold()))
    return EventMap(
        drawing=draw(drawn),
        places=table,
        placed=sum(p.count for p in table),
        unplaced=unplaced,
        no_coordinates=no_coordinates,
        no_coordinate_places=sorted(missing, key=str.casefold),
    )
