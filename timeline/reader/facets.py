"""The facets of a chronology: how many of the timeline's events each type, actor, place and
period covers, read in one query and shown beside the filters and as the strip."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import (
    CharField,
    Count,
    DateField,
    IntegerField,
    QuerySet,
    Value,
)
from django.db.models.functions import Cast

from timeline.models import EventActor, EventType
from timeline.reader.eras import Era, era_from_row, era_rows, tag_rows
from timeline.reader.strip import PeriodTally, StartCounts, tally_starts


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
    tags: list[Facet] = field(default_factory=list)
    eras: list[Era] = field(default_factory=list)  # the timeline's periods

    @property
    def total(self) -> int:
        return sum(facet.count for facet in self.types)


def load_facets(events: QuerySet) -> Facets:
    """One query: the (date, precision, type) counts, actors, places, tags and eras of
    `events`. The period rows (one per date, precision and type: thousands for a long
    timeline) are only summed here, into plain dicts."""
    by_type_id: StartCounts = {}  # per start, per type id (as text)
    type_totals: dict[str, int] = {}
    type_rows: dict[str, tuple[str, str, str]] = {}  # type id: slug, label, colour
    named, eras = {"actor": [], "place": [], "tag": []}, []
    for kind, date, precision, slug, label, colour, count in _driver_rows(facet_rows(events)):
        if isinstance(date, str):  # SQLite's driver gives dates as text
            date = datetime.date.fromisoformat(date)
        if kind == "period":  # `slug` holds the type's id here: the rows join no type
            type_totals[slug] = type_totals.get(slug, 0) + count
            per_type = by_type_id.get((date, precision))
            if per_type is None:
                per_type = by_type_id[(date, precision)] = {}
            per_type[slug] = per_type.get(slug, 0) + count
        elif kind == "type":
            type_rows[str(count)] = (slug, label, colour)
        elif kind == "era":
            eras.append(era_from_row(date, precision, slug, label, colour))
        else:
            named[kind].append(Facet(slug, label, count))
    types = {type_rows[pk][0]: type_rows[pk][1:] for pk in type_totals}
    counts: StartCounts = {
        start: {type_rows[pk][0]: n for pk, n in per_type.items()}
        for start, per_type in by_type_id.items()
    }
    type_totals = {type_rows[pk][0]: n for pk, n in type_totals.items()}
    type_facets = [
        Facet(slug, types[slug][0], total, types[slug][1]) for slug, total in type_totals.items()
    ]
    return Facets(
        periods=tally_starts(counts, types),
        types=sorted(type_facets, key=lambda f: (f.label.casefold(), f.value)),
        actors=sorted(named["actor"], key=lambda f: (f.label, f.value)),
        places=sorted(named["place"], key=lambda f: (f.label, f.value)),
        tags=sorted(named["tag"], key=lambda f: (f.label.casefold(), f.value)),
        eras=sorted(eras, key=lambda e: (e.start.date, e.last_day, e.title)),
    )


def _driver_rows(queryset: QuerySet) -> list[tuple]:
    """The rows of `queryset` as the database driver gives them: the ORM's per-row converters
    were a third of the CPU time of reading a long timeline's 10,000 period rows."""
    try:
        sql, params = queryset.query.get_compiler(queryset.db).as_sql()
    except EmptyResultSet:
        return []
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def facet_rows(events: QuerySet):
    """(kind, date, precision, slug, label, colour, count) rows for the three facets (events by
    period and type, actors, places), as one UNION ALL query."""
    events = events.order_by()
    no_date = Value(None, output_field=DateField())
    no_precision = Value(None, output_field=IntegerField())
    no_colour = Value("", output_field=CharField())
    # Thousands of rows for a long timeline: grouped by the type's id, without joining the
    # types (their slugs, labels and colours come once each, as "type" rows).
    periods = events.values_list(
        Value("period", output_field=CharField()),
        "date",
        "precision",
        Cast("event_type_id", CharField()),
        Value(None, output_field=CharField()),
        no_colour,
    ).annotate(n=Count("id"))
    types = (  # every type (a short list), rather than another pass over the events
        EventType.objects.order_by().values_list(
            Value("type", output_field=CharField()),
            no_date,
            no_precision,
            "slug",
            "label",
            "colour",
            "id",
        )
    )
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
    tags = tag_rows(events, no_date, no_precision, no_colour)
    return periods.union(types, actors, places, tags, era_rows(events), all=True)
