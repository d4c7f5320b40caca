"""Dates of an article and its suggestions checked against the timeline they are for.

A timeline's span (its first event's date to the end of its last) resolves a dateline without
a year (see `timeline.ingest.datelines`) and flags suggested dates that fall outside it.
"""

from __future__ import annotations

import datetime

from timeline.dates import PartialDate
from timeline.ingest.datelines import ResolvedDate, YearlessDate, resolve_year
from timeline.models import Event, Timeline


def timeline_span(timeline: Timeline | None) -> tuple[datetime.date, datetime.date] | None:
    """First day to last day covered by the timeline's live events (drafts too); two queries."""
    if timeline is None or timeline.pk is None:
        return None
    events = Event.objects.filter(timeline=timeline).alive()
    first = events.order_by("date").values_list("date", flat=True).first()
    if first is None:
        return None
    last_day = first
    for row in events.order_by("-date").values("date", "precision", "end_date", "end_precision")[
        :1
    ]:
        last_day = PartialDate(row["date"], row["precision"]).end_of_period()
        if row["end_date"] is not None and row["end_precision"] is not None:
            last_day = max(
                last_day, PartialDate(row["end_date"], row["end_precision"]).end_of_period()
            )
    return first, last_day


def dateline_year(found: YearlessDate, timeline: Timeline | None) -> tuple[ResolvedDate, str]:
    """The date of a year-less dateline from the timeline's span, and what to tell the editor."""
    resolved = resolve_year(found, span=timeline_span(timeline))
    if resolved.date is None:
        return resolved, (
            f"The dateline says “{found.text}” without a year, and neither the article nor "
            "the timeline's events tell which: enter the publication date."
        )
    return resolved, (
        f"The dateline says “{found.text}” without a year: read as "
        f"{resolved.date:%-d %B %Y} from {resolved.reason}. Check it."
    )


def outside_span(date: PartialDate | None, span: tuple[datetime.date, datetime.date] | None) -> str:
    """A warning when a suggested date falls outside the timeline's span, else ""."""
    if date is None or span is None:
        return ""
    first, last = span
    if date.end_of_period() < first or date.date > last:
        return (
            f"{date.display()} is outside this timeline's dates ({first:%-d %B %Y} to "
            f"{last:%-d %B %Y}): check the date."
        )
    return ""
