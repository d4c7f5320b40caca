"""Partial dates: a calendar date known only to some precision.

Editors type dates such as ``1972``, ``May 2025``, ``10 May 2025``, ``2025-05-10`` or
``10 May 2025 17:00 +05:30``, optionally marked approximate (``c. May 2025``).
:func:`parse_partial_date` turns that text into a :class:`PartialDate`, which knows how to
display itself, render an HTML ``datetime`` attribute, sort among dates of other
precisions and report the last day of the period it covers.

This module is pure standard library so it can be used (and tested) without Django.
"""

from __future__ import annotations

import calendar
import datetime
import enum
import re
from dataclasses import dataclass

__all__ = [
    "ACCEPTED_FORMS",
    "DateParseError",
    "PartialDate",
    "Precision",
    "format_range",
    "parse_partial_date",
    "precision_from_label",
]


class Precision(enum.IntEnum):
    """How much of a date is known. Stored as a small int; coarser sorts first."""

    YEAR = 1
    MONTH = 2
    DAY = 3
    MINUTE = 4

    @property
    def label(self) -> str:
        return self.name.lower()


ACCEPTED_FORMS: tuple[str, ...] = (
    "1972",
    "May 2025",
    "10 May 2025",
    "2025-05-10",
    "10 May 2025 17:00 +05:30",
    "c. May 2025",
)

MIN_YEAR = datetime.MINYEAR  # 1
MAX_YEAR = datetime.MAXYEAR  # 9999
MAX_OFFSET_MINUTES = 18 * 60

APPROXIMATE_PREFIX = "c. "
EN_DASH = "\u2013"

# English month names, independent of the process locale (calendar.month_name is not).
MONTH_NAMES: tuple[str, ...] = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

_MONTHS_BY_NAME: dict[str, int] = {}
for _number, _name in enumerate(MONTH_NAMES, start=1):
    _MONTHS_BY_NAME[_name.lower()] = _number
    _MONTHS_BY_NAME[_name[:3].lower()] = _number
_MONTHS_BY_NAME["sept"] = 9

_MIDNIGHT = datetime.time(0, 0)


class DateParseError(ValueError):
    """Raised when text cannot be read as a partial date. ``str(err)`` is for editors."""


@dataclass(frozen=True)
class PartialDate:
    """A date known to ``precision``; ``date`` is the first day of the period covered."""

    date: datetime.date
    precision: Precision
    time: datetime.time | None = None
    utc_offset: int | None = None  # minutes east of UTC; None means the zone is unknown
    approximate: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.date, datetime.date) or isinstance(self.date, datetime.datetime):
            raise TypeError(f"date must be a datetime.date, not {type(self.date).__name__}")
        # Accept the raw small int read from the database.
        object.__setattr__(self, "precision", Precision(self.precision))
        precision = self.precision

        if precision is Precision.YEAR and (self.date.month, self.date.day) != (1, 1):
            raise ValueError(f"a YEAR date must be 1 January of its year, got {self.date}")
        if precision is Precision.MONTH and self.date.day != 1:
            raise ValueError(f"a MONTH date must be the first day of its month, got {self.date}")

        if self.time is None:
            if precision is Precision.MINUTE:
                raise ValueError("MINUTE precision needs a time")
        else:
            if precision is not Precision.MINUTE:
                raise ValueError(f"a time is only allowed with MINUTE precision, not {precision!r}")
            if not isinstance(self.time, datetime.time):
                raise TypeError(f"time must be a datetime.time, not {type(self.time).__name__}")
            if self.time.tzinfo is not None:
                raise ValueError("time must be naive; give the zone as utc_offset")
            if self.time.second or self.time.microsecond:
                raise ValueError("time must be whole minutes (no seconds)")

        if self.utc_offset is not None:
            if self.time is None:
                raise ValueError("utc_offset is only allowed together with a time")
            if isinstance(self.utc_offset, bool) or not isinstance(self.utc_offset, int):
                raise TypeError("utc_offset must be an int number of minutes")
            if abs(self.utc_offset) > MAX_OFFSET_MINUTES:
                raise ValueError(
                    f"utc_offset must be within ±{MAX_OFFSET_MINUTES} minutes, "
                    f"got {self.utc_offset}"
                )

        if not isinstance(self.approximate, bool):
            raise TypeError("approximate must be a bool")

    # -- presentation ---------------------------------------------------------------

    def display(self) -> str:
        """Human text, which :func:`parse_partial_date` reads back to an equal value."""
        d = self.date
        year = _year_text(d.year)
        month = MONTH_NAMES[d.month - 1]
        if self.precision is Precision.YEAR:
            text = year
        elif self.precision is Precision.MONTH:
            text = f"{month} {year}"
        else:
            text = f"{d.day} {month} {year}"
        if self.precision is Precision.MINUTE:
            assert self.time is not None
            text += f", {self.time:%H:%M}"
            if self.utc_offset is not None:
                text += " UTC" if self.utc_offset == 0 else f" UTC{_offset_text(self.utc_offset)}"
        if self.approximate:
            text = APPROXIMATE_PREFIX + text
        return text

    def __str__(self) -> str:
        return self.display()

    def isoformat(self) -> str:
        """A valid HTML ``<time datetime>`` value. Approximation is not representable."""
        d = self.date
        if self.precision is Precision.YEAR:
            return f"{d.year:04d}"
        if self.precision is Precision.MONTH:
            return f"{d.year:04d}-{d.month:02d}"
        text = f"{d.year:04d}-{d.month:02d}-{d.day:02d}"
        if self.precision is Precision.MINUTE:
            assert self.time is not None
            text += f"T{self.time:%H:%M}"
            if self.utc_offset is not None:
                text += "Z" if self.utc_offset == 0 else _offset_text(self.utc_offset)
        return text

    # -- ordering and extent ----------------------------------------------------------

    def sort_key(self) -> tuple:
        """Key ordering dates of mixed precision.

        The leading items are exactly the database ordering ``("date", "precision", "time")``:
        by first day of the period, then coarser before finer on the same first day
        ("2025" < "January 2025" < "1 January 2025" < "1 January 2025, 00:00"), then by
        wall-clock time. Local times are *not* converted to UTC, because the database
        cannot do that either. The trailing items only break ties the database leaves
        undefined (known zone before unknown, more easterly offset first, exact before
        approximate), so sorting is deterministic.
        """
        return (
            self.date,
            int(self.precision),
            self.time or _MIDNIGHT,
            self.utc_offset is None,
            -(self.utc_offset or 0),
            self.approximate,
        )

    def end_of_period(self) -> datetime.date:
        """The last day this date covers: 31 December for a year, month end for a month."""
        d = self.date
        if self.precision is Precision.YEAR:
            return datetime.date(d.year, 12, 31)
        if self.precision is Precision.MONTH:
            return datetime.date(d.year, d.month, calendar.monthrange(d.year, d.month)[1])
        return d


def _year_text(year: int) -> str:
    # Years below 100 are zero-padded so "May 0025" cannot be mistaken for the 25th of May.
    return str(year) if year >= 100 else f"{year:04d}"


def _offset_text(minutes: int) -> str:
    sign = "-" if minutes < 0 else "+"
    hours, mins = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{mins:02d}"


# -- parsing -----------------------------------------------------------------------------

_APPROX_RE = re.compile(
    r"(?:(?:approximately|approx|circa|about|around|ca|c)(?:\.\s*|\s+)|~\s*)(?P<rest>.*)",
    re.IGNORECASE | re.ASCII,
)

_YEAR = r"(?P<year>\d{1,5})(?!\d)"
_MONTH_WORD = r"(?P<month>[a-z]+)\.?"
_ORDINAL = r"(?:st|nd|rd|th)?"

# Date forms. Those with a ``rest`` group may be followed by a time of day.
_YEAR_ONLY_RE = re.compile(_YEAR, re.ASCII)
_ISO_MONTH_RE = re.compile(r"(?P<year>\d{4,5})-(?P<month>\d{1,2})", re.ASCII)
_ISO_DAY_RE = re.compile(
    r"(?P<year>\d{4,5})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?!\d)(?P<rest>.*)", re.ASCII
)
_MONTH_YEAR_RE = re.compile(rf"{_MONTH_WORD},?\s+{_YEAR}", re.IGNORECASE | re.ASCII)
_DAY_MONTH_YEAR_RE = re.compile(
    rf"(?P<day>\d{{1,2}}){_ORDINAL}\s+{_MONTH_WORD},?\s+{_YEAR}(?P<rest>.*)",
    re.IGNORECASE | re.ASCII,
)
_MONTH_DAY_YEAR_RE = re.compile(
    rf"{_MONTH_WORD}\s+(?P<day>\d{{1,2}}){_ORDINAL},?\s+{_YEAR}(?P<rest>.*)",
    re.IGNORECASE | re.ASCII,
)

# What may follow a day: a separator, HH:MM, then an optional zone.
_TIME_RE = re.compile(
    r"(?:\s*T\s*|\s*,\s*(?:at\s+)?|\s+(?:at\s+)?)"
    r"(?P<hour>\d{1,2}):(?P<minute>\d{2})(?:\s*(?P<zone>\S.*))?",
    re.IGNORECASE | re.ASCII,
)
_ZONE_RE = re.compile(
    r"(?P<utc>utc|gmt|z)?\s*(?:(?P<sign>[+-])\s*(?P<hours>\d{1,2})(?::?(?P<minutes>\d{2}))?)?",
    re.IGNORECASE | re.ASCII,
)
_ZONE_NAME_RE = re.compile(r"[a-z]{2,5}", re.IGNORECASE | re.ASCII)
_SLASHED_RE = re.compile(r"\d{1,4}[/.]\d{1,2}[/.]\d{1,4}", re.ASCII)

_MAX_QUOTED = 60


def _unparseable(text: str) -> DateParseError:
    shown = text if len(text) <= _MAX_QUOTED else text[: _MAX_QUOTED - 1] + "…"
    return DateParseError(
        f'Could not understand "{shown}" as a date. Try one of: {", ".join(ACCEPTED_FORMS)}.'
    )


def parse_partial_date(text: str) -> PartialDate:
    """Read an editor's date text. Raises :class:`DateParseError` with a helpful message."""
    if not isinstance(text, str):
        raise TypeError(f"expected str, not {type(text).__name__}")
    normalised = " ".join(text.replace("\u2212", "-").split())
    if not normalised:
        raise DateParseError("Enter a date.")

    approximate = False
    body = normalised
    approx = _APPROX_RE.fullmatch(body)
    if approx:
        approximate = True
        body = approx.group("rest")

    result = _parse_exact(body, normalised)
    if result is None:
        raise _unparseable(normalised)
    date, precision, time, offset = result
    return PartialDate(date, precision, time, offset, approximate)


_Parsed = tuple[datetime.date, Precision, datetime.time | None, int | None]


def _parse_exact(body: str, original: str) -> _Parsed | None:
    if m := _YEAR_ONLY_RE.fullmatch(body):
        year = _check_year(m.group("year"))
        return datetime.date(year, 1, 1), Precision.YEAR, None, None

    if m := _ISO_MONTH_RE.fullmatch(body):
        year = _check_year(m.group("year"))
        month = _check_month_number(m.group("month"))
        return datetime.date(year, month, 1), Precision.MONTH, None, None

    if m := _MONTH_YEAR_RE.fullmatch(body):
        month = _MONTHS_BY_NAME.get(m.group("month").lower())
        if month is None:
            return None
        year = _check_year(m.group("year"), in_words=True)
        return datetime.date(year, month, 1), Precision.MONTH, None, None

    for pattern, numeric_month in (
        (_ISO_DAY_RE, True),
        (_DAY_MONTH_YEAR_RE, False),
        (_MONTH_DAY_YEAR_RE, False),
    ):
        m = pattern.fullmatch(body)
        if not m:
            continue
        if numeric_month:
            year = _check_year(m.group("year"))
            month = _check_month_number(m.group("month"))
        else:
            month = _MONTHS_BY_NAME.get(m.group("month").lower())
            if month is None:
                continue
            year = _check_year(m.group("year"), in_words=True)
        day = _check_day(year, month, int(m.group("day")))
        rest = m.group("rest")
        if not rest:
            return day, Precision.DAY, None, None
        time_match = _TIME_RE.fullmatch(rest)
        if not time_match:
            return None
        time = _check_time(time_match.group("hour"), time_match.group("minute"))
        zone = time_match.group("zone")
        offset = None if zone is None else _parse_zone(zone, original)
        return day, Precision.MINUTE, time, offset

    if _SLASHED_RE.fullmatch(body):
        raise DateParseError(
            f'"{body}" is ambiguous (day and month could be either way round). '
            'Write the month as a word, like "10 May 2025", or use "2025-05-10".'
        )
    return None


def _check_year(digits: str, *, in_words: bool = False) -> int:
    year = int(digits)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DateParseError(
            f"Year {year} is out of range; use a year from {MIN_YEAR} to {MAX_YEAR}."
        )
    if in_words and len(digits) <= 2:
        raise DateParseError(
            f'Write the year in full: "{digits}" could be a day or a short year. '
            f'For example "May 2025" (pad years before 100 with zeros: "May 00{int(digits):02d}").'
        )
    return year


def _check_month_number(digits: str) -> int:
    month = int(digits)
    if not 1 <= month <= 12:
        raise DateParseError(f"Month {month} does not exist; months run from 1 to 12.")
    return month


def _check_day(year: int, month: int, day: int) -> datetime.date:
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise DateParseError(f"{day} {MONTH_NAMES[month - 1]} {_year_text(year)} does not exist.")
    return datetime.date(year, month, day)


def _check_time(hour_digits: str, minute_digits: str) -> datetime.time:
    hour, minute = int(hour_digits), int(minute_digits)
    if hour > 23 or minute > 59:
        raise DateParseError(
            f"{hour_digits}:{minute_digits} is not a valid time; use 00:00 to 23:59."
        )
    return datetime.time(hour, minute)


def _parse_zone(zone: str, original: str) -> int:
    m = _ZONE_RE.fullmatch(zone)
    if not m or not (m.group("utc") or m.group("sign")):
        if _ZONE_NAME_RE.fullmatch(zone):
            raise DateParseError(
                f'Unknown time zone "{zone}". Give an offset such as "+05:30" or "UTC-04:00", '
                'or "UTC".'
            )
        raise _unparseable(original)
    if (m.group("utc") or "").lower() == "z" and m.group("sign"):
        raise _unparseable(original)
    if not m.group("sign"):
        return 0
    hours = int(m.group("hours"))
    minutes = int(m.group("minutes") or 0)
    if minutes > 59:
        raise _unparseable(original)
    offset = hours * 60 + minutes
    if offset > MAX_OFFSET_MINUTES:
        raise DateParseError(
            f'UTC offset "{m.group("sign")}{m.group("hours")}:{minutes:02d}" is out of range; '
            "offsets run from -18:00 to +18:00."
        )
    return -offset if m.group("sign") == "-" else offset


# -- ranges and labels ------------------------------------------------------------------


def format_range(start: PartialDate, end: PartialDate | None) -> str:
    """Display a span, compactly when both ends have the same precision.

    Compact forms join with an en dash: "10-12 May 2025", "May-June 2025", "1971-1972".
    Approximation belongs to the whole span there: if either end is approximate the compact
    form gets one "c. " prefix ("c. 10-12 May 2025"), because the Event model keeps a single
    ``approximate`` flag and builds its end date without it. Anything else is "START - END"
    (en dash between spaces), each end displayed with its own flag. With no end, or an end
    equal to the start, this is ``start.display()``.
    """
    if end is None or end == start:
        return start.display()
    compact = _compact_range(start, end)
    if compact is not None:
        approximate = start.approximate or end.approximate
        return (APPROXIMATE_PREFIX if approximate else "") + compact
    return f"{start.display()} {EN_DASH} {end.display()}"


def _compact_range(start: PartialDate, end: PartialDate) -> str | None:
    if start.precision != end.precision:
        return None
    if not start.date < end.date:
        return None
    a, b = start.date, end.date
    if start.precision is Precision.YEAR:
        return f"{_year_text(a.year)}{EN_DASH}{_year_text(b.year)}"
    if start.precision is Precision.MONTH and a.year == b.year:
        return f"{MONTH_NAMES[a.month - 1]}{EN_DASH}{MONTH_NAMES[b.month - 1]} {_year_text(a.year)}"
    if start.precision is Precision.DAY and (a.year, a.month) == (b.year, b.month):
        return f"{a.day}{EN_DASH}{b.day} {MONTH_NAMES[a.month - 1]} {_year_text(a.year)}"
    return None


def precision_from_label(label: str) -> Precision:
    """``"day"`` -> ``Precision.DAY`` (case-insensitive). Raises ``ValueError``."""
    key = label.strip().upper() if isinstance(label, str) else None
    if key and key in Precision.__members__:
        return Precision[key]
    choices = ", ".join(p.label for p in Precision)
    raise ValueError(f"Unknown precision {label!r}; expected one of: {choices}.")
