"""Tags and periods in the chronology's facets, and periods drawn as bands on the strip.

Both join the facets' single UNION query (`filters.facet_rows`): tags as (slug, name, count)
rows; a timeline's periods as rows whose date and precision are the start, whose "slug" is the
end date and "colour" the end precision.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import CharField, Count, Exists, F, IntegerField, OuterRef, QuerySet, Value
from django.db.models.functions import Cast

from timeline.dates import PartialDate, Precision, format_range
from timeline.models import Event, Period

TAG_LEFT_OUT = "No event of this timeline is tagged “%(value)s”; that tag was left out."


@dataclass(frozen=True)
class Era:
    title: str
    start: PartialDate
    end: PartialDate

    @property
    def label(self) -> str:
        return format_range(self.start, self.end)

    @property
    def last_day(self) -> datetime.date:
        return self.end.end_of_period()


@dataclass(frozen=True)
class Band:
    era: Era
    x: float
    width: float


def tag_rows(events: QuerySet, no_date, no_precision, no_colour):
    return (
        Event.tags.through.objects.filter(event__in=events.values("pk"))
        .order_by()
        .values_list(
            Value("tag", output_field=CharField()),
            no_date,
            no_precision,
            "tag__slug",
            "tag__name",
            no_colour,
        )
        .annotate(n=Count("event", distinct=True))
    )


def with_any_tag(events: QuerySet, slugs: list[str]) -> QuerySet:
    """The events with any of the tags (slugs): a repeatable ?tag= widens the view."""
    tagged = Event.tags.through.objects.filter(event=OuterRef("pk"), tag__slug__in=slugs)
    return events.filter(Exists(tagged))


def era_rows(events: QuerySet):
    return (
        Period.objects.filter(timeline__in=events.values("timeline"))
        .order_by()
        .values_list(
            Value("era", output_field=CharField()),
            "start_date",
            Cast("start_precision", IntegerField()),
            Cast("end_date", CharField()),
            "title",
            Cast("end_precision", CharField()),
        )
        .annotate(n=F("id"))
    )


def era_from_row(start, precision, end, title, end_precision) -> Era:
    end_day = end if isinstance(end, datetime.date) else datetime.date.fromisoformat(str(end))
    return Era(
        title=title,
        start=PartialDate(start, Precision(precision)),
        end=PartialDate(end_day, Precision(int(end_precision))),
    )


def bands(strip, eras) -> list[Band]:
    """Each era over the strip's columns it overlaps (none when it covers no column)."""
    out = []
    for era in eras:
        hit = [
            c
            for c in strip.columns
            if c.period is not None
            and c.period.start <= era.last_day
            and c.period.end >= era.start.date
        ]
        if hit:
            x = hit[0].x
            out.append(Band(era=era, x=x, width=hit[-1].x + hit[-1].width - x))
    return out
