"""A timeline's periods (TimelineJS eras) in the lossless export: written and read back."""

from __future__ import annotations

import datetime

from timeline.dates import PartialDate, Precision
from timeline.formats.records import ImportBundle, PeriodRecord
from timeline.formats.shape import ObjectReader


def period_entries(timeline) -> list[dict]:
    return [
        {
            "title": p.title,
            "start_date": p.start_date.isoformat(),
            "start_precision": Precision(p.start_precision).label,
            "end_date": p.end_date.isoformat(),
            "end_precision": Precision(p.end_precision).label,
        }
        for p in timeline.periods.all()
    ]


def read_periods(root: ObjectReader, bundle: ImportBundle) -> None:
    """The timeline's periods (TimelineJS eras), each with its first and last day."""
    for number, item in enumerate(root.items("periods"), start=1):
        r = ObjectReader(item, f"Period {number}", bundle.errors)
        if not r.valid:
            continue
        title = r.text("title", required=True)
        ends = []
        for name in ("start", "end"):
            day = _day(r, f"{name}_date")
            precision = _precision(r, f"{name}_precision")
            try:
                ends.append(PartialDate(day, precision) if day else None)
            except (TypeError, ValueError) as error:
                r.problem(f"{name}_date", f"does not match its precision: {error}")
                ends.append(None)
        if title and all(ends):
            if ends[1].date < ends[0].date:
                r.problem("end_date", "is before the start")
                continue
            bundle.periods.append(PeriodRecord(r.where, title, ends[0], ends[1]))


def _day(r: ObjectReader, name: str) -> datetime.date | None:
    text = r.text(name, required=True)
    try:
        return datetime.date.fromisoformat(text) if text else None
    except ValueError:
        r.problem(name, f'"{text}" is not a date (YYYY-MM-DD)')
        return None


def _precision(r: ObjectReader, name: str) -> Precision:
    text = r.text(name)
    for precision in Precision:
        if precision.label == text:
            return precision
    if text:
        r.problem(name, f'"{text}" should be year, month, day or minute')
    return Precision.DAY
