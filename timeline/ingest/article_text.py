"""A pasted plain-text article, read line by line: headline, "Updated:" and "Published:"
lines, datelines, bylines and junk lines.
"""

from __future__ import annotations

import datetime
import re
from functools import cache

from timeline.ingest.article_parts import (
    ArticleMetadata,
    _agency_name,
    _DateBudget,
    _detect_language,
    _finish_text,
    _FoundDate,
    _hostname,
    _is_junk,
    _paragraphs,
    _parse_date_words,
    _strip_dateline,
    _strip_tags,
)

from . import rules
from .datelines import resolve_year, yearless_date


@cache
def _date_line_patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in rules.DATE_LINE_PATTERNS)


def _from_plain_text(content: str, url: str) -> ArticleMetadata:
    lines = content.split("\n")
    title = ""
    author = ""
    agency = ""
    original: _FoundDate | None = None
    standalone: _FoundDate | None = None
    updated: _FoundDate | None = None
    body: list[str] = []
    # Only the first few dates are parsed: each costs about a millisecond (see _DateBudget).
    budget = _DateBudget()
    for line in lines:
        stripped = line.strip()
        if not stripped:
            body.append("")
            continue
        if _is_junk(stripped):
            continue
        date_line = _date_line(stripped, budget)
        if date_line is not None:
            label, found = date_line
            if found and label in rules.ORIGINAL_DATE_LABELS:
                original = original or found
            elif found:
                updated = updated or found
            continue
        if len(stripped) <= 60 and re.fullmatch(rules.STANDALONE_DATE_LINE, stripped):
            found = _parse_date_words(stripped, budget=budget)
            if found:
                standalone = standalone or found
                continue
        byline = re.match(rules.BYLINE_PATTERN, stripped)
        if byline and len(stripped) <= 100:
            author = author or byline.group("name")
            agency = agency or _agency_name(byline.group("org") or "")
            continue
        if not title and not any(body) and len(stripped) <= 250:
            title = " ".join(stripped.split())
            continue
        body.append(stripped)
    paragraphs = _paragraphs(body)
    dateline = None
    if paragraphs:
        paragraphs[0], dateline = _strip_dateline(paragraphs[0])
    found = original or standalone
    yearless = None
    if dateline:
        agency = agency or _agency_name(dateline.agency)
        # "May 12" alone: the year is never taken from the machine's clock.
        yearless = yearless_date(dateline.date_words, paragraphs[0])
        if not found and dateline.date_words and yearless is None:
            found = _parse_date_words(dateline.date_words, year_required=False)
    if not found and yearless is not None and updated is not None:
        day = resolve_year(yearless, published=updated.value.date()).date
        if day is not None:
            found = _FoundDate(datetime.datetime.combine(day, datetime.time(), datetime.UTC), "day")
    if found:
        yearless = None
    found = found or updated
    if not agency and url:
        agency = _hostname(url)
    text = _finish_text(paragraphs)
    if not text:
        text = _finish_text([title])
    return ArticleMetadata(
        title=_strip_tags(title, "").strip(),
        publisher=agency,
        author=author,
        published_at=found.value if found else None,
        date_precision=found.precision if found else "",
        language=_detect_language(text),
        text=text,
        url=url,
        yearless_date=yearless,
    )


def _date_line(line: str, budget: _DateBudget) -> tuple[str, _FoundDate | None] | None:
    """A "Published: ..." or "Updated : ..." line: its label and date (None when it has none)."""
    if len(line) > 80:
        return None
    for pattern in _date_line_patterns():
        match = pattern.match(line)
        if not match:
            continue
        words = match.group("date").strip()
        label = match.group("label").lower()
        if not words:
            return label, None
        found = _parse_date_words(words, budget=budget)
        if found:
            return label, found
    return None
