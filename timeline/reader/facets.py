"""The facets of a chronology: how many of the timeline's events each type, actor, place and
period covers, read in one query and shown beside the filters and as the strip."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import (
    CharField,
    Count,
    DateField,
    IntegerField,
    QuerySet,
    Value,
)

from timeline.models import EventActor
from timeline.reader.strip import PeriodTally, tally_periods


@dataclass(frozen=True)
class Facet:
    """One choice of a filter, with how many of the timeline's events it covers."""

    value: str
    label: str
    count: int
    colour: str = ""


@dataclass
class Facets:
    """What the filters can offer, read once per page from the events the reader may see.

    Small whatever the number of events (the strip's periods are tallied), so it can be cached
    per content version (see `reader.listing.chronology_list`).
    """

    periods: PeriodTally = field(default_factory=lambda: PeriodTally(None))
    types: list[Facet] = field(default_factory=list)
    actors: list[Facet] = field(default_factory=list)
    places: list[Facet] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(facet.count for facet in self.types)


def load_facets(events: QuerySet) -> Facets:
    """One query: the (date, precision, type) counts, actors and places of `events`."""
    period_rows, actors, places = [], [], []
    for kind, date, precision, slug, label, colour, count in facet_rows(events):
        if kind == "period":
            period_rows.append(
                {
                    "date": date,
                    "precision": precision,
                    "event_type__slug": slug,
                    "event_type__label": label,
                    "event_type__colour": colour,
                    "count": count,
                }
            )
        else:
            (actors if kind == "actor" else places).append(Facet(slug, label, count))
    period_rows.sort(key=lambda r: (r["date"], r["precision"], r["event_type__label"]))
    by_type: dict[str, Facet] = {}
    for row in period_rows:
        slug = row["event_type__slug"]
        seen = by_type.get(slug)
        by_type[slug] = Facet(
            slug,
            row["event_type__label"],
            row["count"] + (seen.count if seen else 0),
            row["event_type__colour"],
        )
    return Facets(
        periods=tally_periods(period_rows),
        types=sorted(by_type.values(), key=lambda f: (f.label.casefold(), f.value)),
        actors=sorted(actors, key=lambda f: (f.label, f.value)),
        places=sorted(places, key=lambda f: (f.label, f.value)),
    )


def facet_rows(events: QuerySet):
    """(kind, date, precision, slug, label, colour, count) rows for the three facets (events by
    period and type, actors, places), as one UNION ALL query."""
    events = events.order_by()
    no_date = Value(None, output_field=DateField())
    no_precision = Value(None, output_field=IntegerField())
    no_colour = Value("", output_field=CharField())
    periods = events.values_list(
        Value("period", output_field=CharField()),
        "date",
        "precision",
        "event_type__slug",
        "event_type__label",
        "event_type__colour",
    ).annotate(n=Count("id"))
    actors = (
        EventActor.objects.filter(event__in=events.values("pk"))
        .order_by()
        .values_list(
            Value("actor", output_field=CharField()),
            no_date,
            no_precision,
            "actor__slug",
            "actor__name",
            no_colour,
        )
        .annotate(n=Count("event", distinct=True))
    )
    places = (
        events.exclude(place=None)
        .values_list(
            Value("place", output_field=CharField()),
            no_date,
            no_precision,
            "place__slug",
            "place__name",
            no_colour,
        )
        .annotate(n=Count("id"))
    )
    return periods.union(actors, places, all=True)
