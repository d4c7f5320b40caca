"""The ``citations`` cell of our CSV: every citation of an event, with its source, as JSON.

One JSON list a row, each item an object::

    {"url": "https://...", "title": "...", "publisher": "Reuters",
     "published_at": "2025-05-12T00:00:00Z", "quote": "...", "attribution": "India's army",
     "stance": "denies"}

A source is the same article as one already here when its normalised URL is; a source without
a URL when its title, publisher and publication time are. JSON because quotes hold the commas
and semicolons that the other list cells use as separators.
"""

from __future__ import annotations

import datetime
import json

from django.core.exceptions import ValidationError

from timeline.formats.records import CitationRecord, ImportBundle, Problem, SourceRecord
from timeline.text.urlnorm import normalize_url, validate_web_url

MAX_CITATIONS_PER_ROW = 200
STANCES = ("asserts", "denies")
FIELDS = ("url", "title", "publisher", "published_at", "quote", "attribution", "stance")


def _datetime_text(value) -> str:
    return value.isoformat().replace("+00:00", "Z") if value else ""


def citations_cell(citations) -> str:
    """Every citation with its source, as a JSON list: what re-importing needs to source it."""
    if not citations:
        return ""
    return json.dumps(
        [
            {
                "url": c.source.url,
                "title": c.source.title,
                "publisher": c.source.publisher,
                "published_at": _datetime_text(c.source.published_at),
                "quote": c.quote,
                "attribution": c.attribution,
                "stance": c.stance,
            }
            for c in citations
        ],
        ensure_ascii=False,
    )


def read_citations_cell(cell: str, where: str, bundle: ImportBundle) -> list[CitationRecord]:
    """The citations a cell lists; problems go to ``bundle.errors``, sources to its sources."""
    problems = bundle.errors
    try:
        items = json.loads(cell)
    except (ValueError, RecursionError) as error:
        message = getattr(error, "msg", "too deeply nested")
        problems.append(Problem(where, "citations", f"is not a JSON list of citations ({message})"))
        return []
    if not isinstance(items, list):
        problems.append(Problem(where, "citations", "should be a JSON list of citations"))
        return []
    if len(items) > MAX_CITATIONS_PER_ROW:
        problems.append(
            Problem(
                where, "citations", f"lists {len(items)} citations; at most {MAX_CITATIONS_PER_ROW}"
            )
        )
        return []
    citations = []
    for number, item in enumerate(items, start=1):
        field = f"citations[{number}]"
        if not isinstance(item, dict) or not all(
            isinstance(item.get(name, ""), str) for name in FIELDS
        ):
            problems.append(
                Problem(where, field, "should be an object of texts: " + ", ".join(FIELDS))
            )
            continue
        key = _source_key(item, where, field, bundle)
        if key is None:
            continue
        stance = item.get("stance", "") or "asserts"
        if stance not in STANCES:
            problems.append(
                Problem(where, f"{field}.stance", f'"{stance[:20]}" should be asserts or denies')
            )
            continue
        citations.append(
            CitationRecord(
                source=key,
                quote=item.get("quote", "").strip(),
                attribution=item.get("attribution", "").strip(),
                stance=stance,
            )
        )
    return citations


def _source_key(item: dict, where: str, field: str, bundle: ImportBundle) -> str | None:
    url = item.get("url", "").strip()
    title = item.get("title", "").strip()
    publisher = item.get("publisher", "").strip()
    published_at = None
    if item.get("published_at", "").strip():
        try:
            published_at = datetime.datetime.fromisoformat(item["published_at"].strip())
        except ValueError:
            bundle.errors.append(
                Problem(where, f"{field}.published_at", "is not a date and time (ISO 8601)")
            )
            return None
        if published_at.tzinfo is None:
            published_at = published_at.replace(tzinfo=datetime.UTC)
    if url:
        try:
            validate_web_url(url)
        except ValidationError as error:
            bundle.errors.append(Problem(where, f"{field}.url", error.messages[0]))
            return None
        key = normalize_url(url)
    elif title:
        key = "\x1f".join(("untitled-url", title, publisher, _datetime_text(published_at)))
    else:
        bundle.errors.append(Problem(where, f"{field}.title", "give the source a URL or a title"))
        return None
    bundle.sources.setdefault(
        key,
        SourceRecord(
            key=key,
            url=url,
            title=(title or url)[:500],
            publisher=publisher[:200],
            published_at=published_at,
            where=where,
        ),
    )
    return key
