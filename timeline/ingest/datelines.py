"""The year of a date an article gives without one ("ISLAMABAD, May 12 (Reuters) -").

Wire copy often dates its dateline by month and day only. The machine's clock says nothing about
the year the story belongs to, so the article reader never guesses one: it keeps the month and
day (a :class:`YearlessDate`) and :func:`resolve_year` finds the year, in this order,

1. from the article's own publication date (the latest such day not after it),
2. from the span of the timeline the article is read for (a day inside the span; a weekday the
   article names for that day, "on Monday", picks between years; otherwise the day nearest to
   the span),
3. else nothing: the editor is asked for the date.

Plain data in and out: no Django here.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
)
_WEEKDAY_RE = re.compile(r"\bon\s+(" + "|".join(WEEKDAYS) + r")\b", re.IGNORECASE)
_BARE_WEEKDAY_RE = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b", re.IGNORECASE)
_YEAR_RE = re.compile(r"\b(?:1[5-9]|20)\d\d\b")
_MONTH = r"(?P<month{n}>(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*)\.?"
_DAY = r"(?P<day{n}>\d{{1,2}})(?:st|nd|rd|th)?"
_MONTH_DAY_RE = re.compile(
    rf"\b(?:{_MONTH.format(n=1)}\s+{_DAY.format(n=1)}|{_DAY.format(n=2)}\s+{_MONTH.format(n=2)})\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class YearlessDate:
    month: int
    day: int
    text: str  # the words as the article gives them, "May 12"
    weekday: int | None = None  # a weekday the article's first sentence names (0 = Monday)

    def in_year(self, year: int) -> datetime.date | None:
        try:
            return datetime.date(year, self.month, self.day)
        except ValueError:  # 29 February of a common year
            return None


@dataclass(frozen=True)
class ResolvedDate:
    date: datetime.date | None
    reason: str  # how the year was found, for the editor; "" when it was not


def yearless_date(words: str, sentence: str = "") -> YearlessDate | None:
    """Month and day from words without a year ("May 12", "12 May"); None if there is a year.

    ``sentence``: the dateline's sentence, whose "on Monday" is kept as the named weekday.
    """
    if _YEAR_RE.search(words):
        return None
    match = _MONTH_DAY_RE.search(words)
    if not match:
        return None
    month_name = match.group("month1") or match.group("month2")
    month = MONTHS.index(month_name[:3].lower()) + 1
    day = int(match.group("day1") or match.group("day2"))
    if YearlessDate(month, day, "").in_year(2000) is None:  # 2000 is a leap year
        return None
    return YearlessDate(month, day, match.group(0), named_weekday(sentence))


def named_weekday(text: str, *, bare: bool = False) -> int | None:
    """The weekday of "on Monday" in text (the dateline's sentence), or None.

    ``bare``: any weekday name counts ("Monday, May 12" in a date phrase).
    """
    match = (_BARE_WEEKDAY_RE if bare else _WEEKDAY_RE).search(text)
    return WEEKDAYS.index(match.group(1).lower()) if match else None


def resolve_year(
    found: YearlessDate,
    *,
    published: datetime.date | None = None,
    span: tuple[datetime.date, datetime.date] | None = None,
) -> ResolvedDate:
    """The full date of a year-less day; ``ResolvedDate(None, "")`` when nothing tells."""
    if published is not None:
        for year in (published.year, published.year - 1):
            day = found.in_year(year)
            # A dateline is the day of writing: the publication day or shortly before.
            if day is not None and day <= published + datetime.timedelta(days=1):
                return ResolvedDate(day, "the year of the article's publication date")
    if span is not None:
        first, last = span
        candidates = [
            day
            for year in range(first.year - 1, last.year + 2)
            if (day := found.in_year(year)) is not None
        ]
        inside = [day for day in candidates if first <= day <= last]
        if inside:
            agreeing = [d for d in inside if d.weekday() == found.weekday]
            day = (agreeing or inside)[-1]
            why = "the timeline's dates"
            if agreeing and len(inside) > 1:
                why += f" and the article's “on {WEEKDAYS[found.weekday].title()}”"
            return ResolvedDate(day, why)

        def distance(day: datetime.date) -> int:
            return (first - day).days if day < first else (day - last).days

        if candidates:
            day = min(candidates, key=lambda d: (distance(d), d.weekday() != found.weekday))
            return ResolvedDate(day, "the year nearest to the timeline's dates")
    return ResolvedDate(None, "")


def weekday_conflict(day: datetime.date, weekday: int | None) -> str:
    """A warning when an article names a weekday that the date is not ("Monday, May 13")."""
    if weekday is None or day.weekday() == weekday:
        return ""
    return (
        f"The article says {WEEKDAYS[weekday].title()}, but {day:%-d %B %Y} was a "
        f"{day:%A}: check the date."
    )
