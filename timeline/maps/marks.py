"""From events to the map's marks: one mark per place, in one query.

An event is drawn at its own precision when it has one, else at its place's: ACLED's codes,
where a larger number is coarser, so an event can only make its place vaguer, never sharper
(`effective_precision`). A place whose precision nobody recorded is drawn as a point and says
so. Events with no place, or a place without coordinates, are counted, never placed at 0,0.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce

from timeline.maps.drawing import PRECISION_LABELS, MapDrawing, Mark, TypeShare, draw

UNKNOWN_PRECISION = 0
PRECISIONS = sorted({UNKNOWN_PRECISION, *PRECISION_LABELS})


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

        # One reverse() for the table, not one a place: slugs need no quoting.
        pattern = reverse("timeline:place", args=["-slug-"])
        return place_rows(self.places, place_url=lambda slug: pattern.replace("-slug-", slug))

    @property
    def total(self) -> int:
        """Every event the map was asked for, on it or not."""
        return self.placed + self.not_on_map

    @property
    def not_on_map(self) -> int:
        return self.unplaced + self.no_coordinates


def _effective_precision():
    """`effective_precision` in SQL: the coarser of the event's and its place's, 0 if neither."""
    own, of_place = F("geo_precision"), F("place__geo_precision")
    return Case(
        When(geo_precision__isnull=True, then=Coalesce(of_place, Value(UNKNOWN_PRECISION))),
        When(place__geo_precision__isnull=True, then=own),
        When(geo_precision__gt=of_place, then=own),
        default=of_place,
        output_field=IntegerField(),
    )


def place_rows(events: QuerySet, types) -> QuerySet:
    """One row per place (and one for events without a place): its columns, its events, and
    its events of each type (`t0`...) and at each precision (`p0`...p3), counted in SQL."""
    counts = {
        f"t{i}": Count("id", filter=Q(event_type__slug=facet.value))
        for i, facet in enumerate(types)
    }
    counts |= {f"p{p}": Count("id", filter=Q(drawn_precision=p)) for p in PRECISIONS}
    return (
        events.order_by()
        .annotate(drawn_precision=_effective_precision())
        .values(
            "place_id",
            "place__name",
            "place__slug",
            "place__country_code",
            "place__latitude",
            "place__longitude",
        )
        .annotate(n=Count("id"), **counts)
    )


def event_map(events: QuerySet, *, types, url_for) -> EventMap:
    """The map of `events` (already filtered), in one query of one row per place.

    `types` are the timeline's type facets (value, label, colour): every type the events can
    have. `url_for(slug)` is the list narrowed to a place.
    """
    types = list(types)
    places: list[PlaceRow] = []
    unplaced = no_coordinates = 0
    missing: list[str] = []
    for row in place_rows(events, types):
        count = row["n"]
        if row["place_id"] is None:
            unplaced += count
            continue
        if row["place__latitude"] is None or row["place__longitude"] is None:
            no_coordinates += count
            missing.append(row["place__name"])
            continue
        shares = {
            facet.value: TypeShare(facet.value, facet.label, facet.colour, row[f"t{i}"])
            for i, facet in enumerate(types)
            if row[f"t{i}"]
        }
        rest = count - sum(share.count for share in shares.values())
        if rest:  # a type the facets did not know (they are read beforehand): counted anyway
            shares[""] = TypeShare("", "Other types", "#666666", rest)
        places.append(
            PlaceRow(
                name=row["place__name"],
                slug=row["place__slug"],
                country=row["place__country_code"],
                latitude=float(row["place__latitude"]),
                longitude=float(row["place__longitude"]),
                count=count,
                url=url_for(row["place__slug"]),
                precisions={p: row[f"p{p}"] for p in PRECISIONS if row[f"p{p}"]},
                types=shares,
            )
        )
    drawn = [
        Mark(
            name=place.name,
            slug=place.slug,
            latitude=place.latitude,
            longitude=place.longitude,
            precisions=dict(place.precisions),
            count=place.count,
            types=sorted(place.types.values(), key=lambda t: (-t.count, t.label)),
            url=place.url,
        )
        for place in places
    ]
    table = sorted(places, key=lambda p: (-p.count, p.name.casefold()))
    return EventMap(
        drawing=draw(drawn),
        places=table,
        placed=sum(p.count for p in table),
        unplaced=unplaced,
        no_coordinates=no_coordinates,
        no_coordinate_places=sorted(set(missing), key=str.casefold),
    )
