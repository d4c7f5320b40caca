"""Find date phrases in prose ("on Saturday", "last week", "in 1972") and resolve them.

Relative phrases are resolved against the article's publication date with dateparser; without
that date they resolve to nothing rather than to a guess.
"""

from __future__ import annotations

import datetime
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache

import dateparser

from . import rules


@dataclass(frozen=True)
class DatePhrase:
    start: int
    end: int
    text: str
    precision: str  # "day", "month" or "year"
    needs_base: bool  # relative to the publication date
    modifier: bool = False  # a year describing a thing ("a 1972 agreement")


@cache
def _phrase_patterns() -> tuple[tuple[re.Pattern[str], str, bool], ...]:
    return tuple(
        (re.compile(pattern, re.IGNORECASE), precision, needs_base)
        for pattern, precision, needs_base in rules.DATE_PHRASES
    )


@cache
def _rewrites() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple(
        (re.compile(pattern, re.IGNORECASE), replacement)
        for pattern, replacement in rules.DATE_PHRASE_REWRITES
    )


def find_date_phrases(text: str, start: int = 0, end: int | None = None) -> list[DatePhrase]:
    """Date phrases in text[start:end], with offsets in `text`, in reading order."""
    end = len(text) if end is None else end
    found: list[DatePhrase] = []
    # The phrases found never overlap, so in order of start their ends are in order too: a span
    # is free when the last phrase starting before its end ends before its start. Bisecting
    # keeps this O(log n) a phrase; comparing with every phrase made long texts quadratic
    # (100 KB of "10 May 2025" took 20 seconds).
    starts: list[int] = []
    ends: list[int] = []

    def free(a: int, b: int) -> bool:
        index = bisect_left(starts, b)
        return index == 0 or ends[index - 1] <= a

    def add(phrase: DatePhrase) -> None:
        index = bisect_left(starts, phrase.start)
        starts.insert(index, phrase.start)
        ends.insert(index, phrase.end)
        found.append(phrase)

    for pattern, precision, needs_base in _phrase_patterns():
        for match in pattern.finditer(text, start, end):
            if free(match.start(), match.end()):
                add(DatePhrase(match.start(), match.end(), match.group(0), precision, needs_base))
    for match in re.finditer(rules.MODIFIER_YEAR, text[start:end]):
        group = "year" if match.group("year") else "year2"
        a, b = start + match.start(group), start + match.end(group)
        if free(a, b):
            add(DatePhrase(a, b, text[a:b], "year", False, modifier=True))
    return sorted(found, key=lambda phrase: phrase.start)


def resolve(phrase: DatePhrase, published_at: datetime.datetime | None) -> datetime.date | None:
    """The date a phrase names, truncated to its precision (1 January for a year)."""
    if phrase.needs_base and published_at is None:
        return None
    words = phrase.text.strip()
    for pattern, replacement in _rewrites():
        words = pattern.sub(replacement, words).strip()
    if words.lower() == "this month" and published_at is not None:
        parsed = published_at.replace(tzinfo=None)
    else:
        parsed = _parse(words, published_at.replace(tzinfo=None) if published_at else None)
    if parsed is None:
        return None
    if phrase.precision == "year":
        return datetime.date(parsed.year, 1, 1)
    if phrase.precision == "month":
        return datetime.date(parsed.year, parsed.month, 1)
    return parsed.date()


@cache
def _parse(words: str, base: datetime.datetime | None) -> datetime.datetime | None:
    settings = {
        "PREFER_DATES_FROM": "current_period",
        "PREFER_DAY_OF_MONTH": "first",
        "RETURN_AS_TIMEZONE_AWARE": False,
        # A fixed base keeps absolute dates independent of today's date.
        "RELATIVE_BASE": base or datetime.datetime(2000, 1, 1),
    }
    return dateparser.parse(words, languages=["en"], settings=settings)
