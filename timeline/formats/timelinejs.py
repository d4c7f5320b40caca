"""Knight Lab TimelineJS3 JSON, out and in.

Out: a title slide from the timeline, one slide per event with ``start_date``/``end_date``
parts down to the event's precision, ``display_date`` where the parts alone would mislead
(approximate dates, times in a stated zone), the summary and attributed claims as sanitised
HTML, the first source as media, the event type label as ``group``.

In: the same shape. Dates take their precision from the parts present, HTML becomes plain
text, an http(s) media URL becomes a source, and ``group`` picks the event type whose label
or slug it matches (else "statement", with a warning in the preview).
"""

from __future__ import annotations

import html
import re
from typing import Any

import nh3

from timeline.dates import DateParseError, PartialDate, Precision, format_range, parse_partial_date
from timeline.formats.event_html import event_html
from timeline.formats.records import (
    CitationRecord,
    EventRecord,
    ImportBundle,
    ImportFileError,
    Problem,
    SourceRecord,
    TimelineRecord,
)
from timeline.formats.shape import ObjectReader, json_kind
from timeline.formats.timelinejs_extras import era_entries, kept_fields, read_eras
from timeline.text.markup import render_markdown
from timeline.text.urlnorm import ALLOWED_SCHEMES, normalize_url

FALLBACK_TYPE = "statement"

# --- export ------------------------------------------------------------------------------


def date_parts(partial: PartialDate) -> dict[str, int]:
    """TimelineJS date parts down to the precision: a year date has only ``year``."""
    d = partial.date
    parts = {"year": d.year}
    if partial.precision >= Precision.MONTH:
        parts["month"] = d.month
    if partial.precision >= Precision.DAY:
        parts["day"] = d.day
    if partial.precision is Precision.MINUTE and partial.time is not None:
        parts["hour"] = partial.time.hour
        parts["minute"] = partial.time.minute
    return parts


def event_slide(event) -> dict[str, Any]:
    start, end = event.partial_date, event.partial_end_date
    kept = (event.dataset_fields or {}).get("timelinejs", {})
    tags = sorted(t.name for t in event.tags.all())
    slide: dict[str, Any] = {
        "start_date": date_parts(start),
        # TimelineJS puts headline, text and credit into the page as HTML: escape plain text.
        "text": {"headline": html.escape(event.title), "text": event_html(event)},
        "group": html.escape(tags[0]) if tags else event.event_type.label,
        "unique_id": event.external_id or f"event-{event.pk}",
    }
    if end is not None:
        slide["end_date"] = date_parts(end)
    # TimelineJS has no notion of "about" or of time zones: say it in words.
    if kept.get("display_date"):
        slide["display_date"] = html.escape(kept["display_date"])
    elif start.approximate or start.utc_offset is not None:
        slide["display_date"] = format_range(start, end)
    sources = [c.source for c in event.citations.all() if c.source.url]
    if kept.get("media"):
        slide["media"] = _inert(kept["media"])
    elif sources:
        slide["media"] = {"url": sources[0].url, "credit": html.escape(sources[0].credit)}
    if kept.get("background"):
        slide["background"] = _inert(kept["background"])
    return slide


def _inert(values: dict[str, str]) -> dict[str, str]:
    """Kept TimelineJS fields, safe to hand back: http(s) links as they are, text escaped (raw
    markup in a media "url" shows as text), other schemes (javascript:) left out."""
    out = {}
    for key, value in values.items():
        if key in {"url", "thumbnail", "thumb", "link"}:
            scheme = value.split(":", 1)[0].lower() if ":" in value else ""
            if scheme in ALLOWED_SCHEMES:
                out[key] = value
            elif value.lstrip().startswith("<"):
                out[key] = html.escape(value)
            continue
        out[key] = html.escape(value)
    return out


def timelinejs_document(timeline, events) -> dict[str, Any]:
    return {
        "title": {
            "text": {
                "headline": html.escape(timeline.title),
                "text": render_markdown(timeline.summary),
            }
        },
        "events": [event_slide(e) for e in events],
        "eras": era_entries(timeline),
    }


# --- import ------------------------------------------------------------------------------

_APPROXIMATE_RE = re.compile(r"\s*(c\.|ca\.|circa\b|approx|about\b|around\b|~)", re.IGNORECASE)
_BLOCK_END_RE = re.compile(r"(?i)</(p|div|li|h[1-6]|blockquote|ul|ol)\s*>|<br\s*/?>")


def html_to_text(value: str) -> str:
    """TimelineJS text is HTML; ours is Markdown. Keep the words and paragraph breaks only."""
    text = _BLOCK_END_RE.sub("\n\n", value or "")
    text = html.unescape(nh3.clean(text, tags=set()))
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paragraphs if p)


def looks_like_timelinejs(data: Any) -> bool:
    return isinstance(data, dict) and isinstance(data.get("events"), list) and "format" not in data


def _part(r: ObjectReader, name: str, low: int, high: int) -> int | None:
    value = r.data.get(name)
    if value is None or value == "":
        return None
    # ASCII digits only: str.isdigit() also accepts "²" and "१", which int() then refuses.
    if isinstance(value, str) and re.fullmatch(r"-?[0-9]+", value.strip()):
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int):
        r.problem(name, f"must be a whole number, not {json_kind(value)}")
        return None
    if not low <= value <= high:
        r.problem(name, f"{value} is out of range ({low} to {high})")
        return None
    return value


class OutOfRange(ValueError):
    """A year this app cannot store (BC, cosmological): the row is refused, not the file."""


def _year(r: ObjectReader) -> int | None:
    value = r.data.get("year")
    if isinstance(value, str) and re.fullmatch(r"\s*-?[0-9]+\s*", value):
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and not 1 <= value <= 9999:
        era = "BC" if value < 1 else "after 9999"
        raise OutOfRange(
            f"year {value} ({era}) is outside what this app stores (years 1 to 9999); "
            "this event is left out"
        )
    return _part(r, "year", 1, 9999)


def _read_date(
    r: ObjectReader, approximate: bool, warnings: list[Problem] | None = None
) -> PartialDate | None:
    """Start (``warnings`` None) or end date; an end is kept to the day, as events store it."""
    before = len(r.problems)
    year = _year(r)
    if year is None and len(r.problems) == before:
        r.problem("year", "is required")
    month = _part(r, "month", 1, 12)
    day = _part(r, "day", 1, 31)
    hour = _part(r, "hour", 0, 23)
    minute = _part(r, "minute", 0, 59)
    _part(r, "second", 0, 59)
    if len(r.problems) > before:
        return None
    for part, needs, value in (("day", "month", month), ("hour", "day", day)):
        if r.data.get(part) not in (None, "") and value is None:
            r.problem(part, f"is given without a {needs}")
            return None
    if warnings is not None and hour is not None:
        warnings.append(
            Problem(r.where, r.prefix + "hour", "an end is kept to the day; its time is dropped")
        )
        hour = minute = None
    text = f"{year:04d}"
    if month is not None:
        text += f"-{month:02d}"
    if day is not None:
        text += f"-{day:02d}"
    if hour is not None:
        text += f"T{hour:02d}:{minute or 0:02d}"
    if approximate:
        text = "c. " + text
    try:
        return parse_partial_date(text)
    except DateParseError as error:
        r.problem("year" if day is None else "day", str(error))
        return None


def read_timelinejs(data: Any) -> ImportBundle:
    """A TimelineJS3 JSON document (already decoded) -> an ImportBundle."""
    fatal: list[Problem] = []
    root = ObjectReader(data, "File", fatal)
    if not root.valid:
        raise ImportFileError(fatal)
    root.items("events", required=True)
    if fatal:
        raise ImportFileError(fatal)

    bundle = ImportBundle(format="timelinejs", type_fallback=FALLBACK_TYPE)
    title = root.child("title")
    if title is not None and title.valid:
        text = title.child("text")
        headline = html_to_text(text.text("headline")) if text and text.valid else ""
        summary = html_to_text(text.text("text")) if text and text.valid else ""
        if headline:
            bundle.timeline = TimelineRecord(slug="", title=headline, summary=summary)

    for number, item in enumerate(data["events"], start=1):
        reader = ObjectReader(item, f"Event {number}", bundle.errors)
        try:
            record = _read_slide(reader, bundle)
        except OutOfRange as error:
            bundle.refused.append(Problem(reader.where, "start_date.year", str(error)))
            continue
        if record is not None:
            bundle.events.append(record)
    read_eras(root, bundle)
    return bundle


def _read_slide(r: ObjectReader, bundle: ImportBundle) -> EventRecord | None:
    if not r.valid:
        return None
    before = len(r.problems)
    display_date = r.text("display_date")
    start_reader = r.child("start_date")
    start = None
    if start_reader is None:
        r.problem("start_date", "is required (TimelineJS needs start_date.year)")
    elif start_reader.valid:
        approximate = bool(_APPROXIMATE_RE.match(display_date or start_reader.text("display_date")))
        start = _read_date(start_reader, approximate)
        if start is not None and start.time is not None and start_reader.data.get("second"):
            bundle.warnings.append(
                Problem(r.where, "start_date.second", "times are kept to the minute; dropped")
            )
    end = None
    end_reader = r.child("end_date")
    if end_reader is not None and end_reader.valid:
        end = _read_date(end_reader, False, bundle.warnings)

    text = r.child("text")
    headline = html_to_text(text.text("headline")) if text and text.valid else ""
    summary = html_to_text(text.text("text")) if text and text.valid else ""
    if not headline:
        r.problem("text.headline", "is empty; every event needs a headline")

    citations = []
    kept = kept_fields(r)
    media = r.child("media")
    if media is not None and media.valid:
        url = media.text("url").strip()
        if url:
            scheme = url.split(":", 1)[0].lower() if ":" in url else ""
            if scheme in ALLOWED_SCHEMES:
                key = normalize_url(url)
                if key not in bundle.sources:
                    caption = html_to_text(media.text("caption"))
                    credit = html_to_text(media.text("credit"))
                    bundle.sources[key] = SourceRecord(
                        key=key,
                        url=url,
                        title=(caption or url)[:500],
                        publisher=credit[:200],
                        where=r.where,
                    )
                citations.append(CitationRecord(source=key))
            else:
                bundle.warnings.append(
                    Problem(
                        r.where,
                        "media.url",
                        "is not an http(s) link: kept as text with the event, not as a source",
                    )
                )

    if len(r.problems) > before or start is None:
        return None
    group = html_to_text(r.text("group")).strip()
    return EventRecord(
        where=r.where,
        title=headline,
        date=start,
        end=end,
        event_type=group or FALLBACK_TYPE,
        summary=summary,
        citations=citations,
        tags=[group] if group else [],
        external_id=(r.text("unique_id") or r.text("uniqueid")).strip()[:200],
        dataset_fields={"timelinejs": kept} if kept else {},
    )
