"""What TimelineJS files carry beyond dates and text: kept with the event, written back.

``media`` (url, caption, credit, alt, thumbnail), ``background``, ``display_date`` and
``type`` are kept verbatim in ``Event.dataset_fields["timelinejs"]``: as data, never as HTML
(a media "url" may hold raw ``<blockquote>`` or ``<iframe>`` markup; it is shown as text).
``eras`` become the timeline's periods.
"""

from __future__ import annotations

import html
from typing import Any

from timeline.dates import DateParseError, PartialDate, Precision, parse_partial_date
from timeline.formats.records import ImportBundle, PeriodRecord, Problem
from timeline.formats.shape import ObjectReader

MEDIA_FIELDS = ("url", "caption", "credit", "alt", "thumbnail", "thumb", "title", "link")
TEXT_LIMIT = 5000


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    return str(value)[:TEXT_LIMIT]


def kept_fields(r: ObjectReader) -> dict[str, Any]:
    kept: dict[str, Any] = {}
    media = r.data.get("media")
    if isinstance(media, dict):
        values = {k: _text(media.get(k)) for k in MEDIA_FIELDS}
        values = {k: v for k, v in values.items() if v}
        if values:
            kept["media"] = values
    background = r.data.get("background")
    if isinstance(background, dict):
        values = {k: _text(background.get(k)) for k in ("url", "color", "opacity", "alt")}
        values = {k: v for k, v in values.items() if v}
        if values:
            kept["background"] = values
    for name in ("display_date", "type"):
        value = _text(r.data.get(name))
        if value:
            kept[name] = value
    return kept


def _era_date(r: ObjectReader | None, name: str, problems: list[Problem], where: str):
    if r is None or not r.valid:
        problems.append(Problem(where, name, "is required (an object with a year)"))
        return None
    parts = []
    for part in ("year", "month", "day"):
        value = r.data.get(part)
        if value in (None, ""):
            break
        parts.append(str(value).strip())
    try:
        if not parts:
            raise DateParseError("the year is missing")
        year = int(parts[0])
        if not 1 <= year <= 9999:
            problems.append(Problem(where, f"{name}.year", f"{year} is outside years 1 to 9999"))
            return None
        text = f"{year:04d}" + "".join(f"-{int(p):02d}" for p in parts[1:])
        return parse_partial_date(text)
    except (DateParseError, ValueError) as error:
        problems.append(Problem(where, name, f"is not a date: {error}"))
        return None


def read_eras(root: ObjectReader, bundle: ImportBundle) -> None:
    """TimelineJS ``eras`` -> periods; a bad era is a warning, the events still import."""
    for number, item in enumerate(root.items("eras"), start=1):
        where = f"Era {number}"
        problems: list[Problem] = []
        r = ObjectReader(item, where, problems)
        if not r.valid:
            bundle.warnings.extend(problems)
            continue
        text = r.child("text")
        from timeline.formats.timelinejs import html_to_text

        title = html_to_text(text.text("headline")) if text is not None and text.valid else ""
        start = _era_date(r.child("start_date"), "start_date", problems, where)
        end = _era_date(r.child("end_date"), "end_date", problems, where)
        if not title:
            problems.append(Problem(where, "text.headline", "is empty; an era needs a title"))
        if start and end and end.date < start.date:
            problems.append(Problem(where, "end_date", "is before the start"))
        if problems:
            bundle.warnings.extend(problems)
            continue
        bundle.periods.append(PeriodRecord(where, title[:300], start, _last(end)))


def _last(end: PartialDate) -> PartialDate:
    """An era's end names the period it ends in; keep its first day with its precision."""
    return PartialDate(end.date, end.precision if end.precision <= Precision.DAY else Precision.DAY)


def era_entries(timeline) -> list[dict]:
    """The timeline's periods as TimelineJS eras."""
    from timeline.formats.timelinejs import date_parts

    return [
        {
            "start_date": date_parts(p.start),
            "end_date": date_parts(p.end),
            "text": {"headline": html.escape(p.title)},
        }
        for p in timeline.periods.all()
    ]
