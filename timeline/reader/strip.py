"""The strip above a chronology: how many events of which type, period by period.

`build_strip` turns the (date, precision, type, count) rows of the events a reader may see into
columns for a server-rendered SVG. The period (day, month, year or decade) is the finest that
keeps the strip to at most `MAX_COLUMNS` columns; an event known only to a coarser precision
keeps its own column ("1972" among days of May 2025). Stretches with no events are drawn as
a narrow gap marker rather than as empty columns, so a story that starts in 1972 and resumes
in 2025 is still readable. Each column links to the list narrowed to that period.
"""

from __future__ import annotations

import calendar
import datetime
import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from timeline.dates import PartialDate, Precision

MAX_COLUMNS = 40
HEIGHT = 40.0
BAR_WIDTH = 10.0
BAR_SPACING = 2.0
GAP_WIDTH = 6.0
MIN_SEGMENT = 1.5


class Unit(enum.IntEnum):
    """Strip periods, finest first. Values leave room to compare with `Precision`."""

    DAY = 3
    MONTH = 2
    YEAR = 1
    DECADE = 0


@dataclass(frozen=True)
class Period:
    start: datetime.date
    unit: Unit

    @property
    def end(self) -> datetime.date:
        d = self.start
        if self.unit is Unit.DAY:
            return d
        if self.unit is Unit.MONTH:
            return d.replace(day=calendar.monthrange(d.year, d.month)[1])
        if self.unit is Unit.YEAR:
            return d.replace(month=12, day=31)
        return datetime.date(min(d.year // 10 * 10 + 9, 9999), 12, 31)

    @property
    def label(self) -> str:
        if self.unit is Unit.DECADE:
            return f"{self.start.year // 10 * 10}s"
        return PartialDate(self.start, Precision(int(self.unit))).display()

    @property
    def bounds(self) -> tuple[str, str]:
        """The `from` and `to` texts that narrow the list to this period."""
        d = self.start
        if self.unit is Unit.DAY:
            text = f"{d.year:04d}-{d.month:02d}-{d.day:02d}"
            return text, text
        if self.unit is Unit.MONTH:
            text = f"{d.year:04d}-{d.month:02d}"
            return text, text
        if self.unit is Unit.YEAR:
            return str(d.year), str(d.year)
        return str(d.year), str(self.end.year)

    def sort_key(self) -> tuple:
        # Coarser first on the same start day, as in the chronology.
        return (self.start, int(self.unit))


def period_of(date: datetime.date, precision: int, unit: Unit) -> Period:
    """The column an event falls into: `unit`, or the event's own precision when coarser."""
    effective = Unit(min(int(unit), min(int(precision), int(Precision.DAY))))
    if effective is Unit.DAY:
        return Period(date, effective)
    if effective is Unit.MONTH:
        return Period(date.replace(day=1), effective)
    if effective is Unit.YEAR:
        return Period(date.replace(month=1, day=1), effective)
    return Period(datetime.date(max(date.year // 10 * 10, 1), 1, 1), effective)


@dataclass
class Segment:
    type_slug: str
    type_label: str
    colour: str
    count: int
    y: float = 0.0
    height: float = 0.0


@dataclass
class Column:
    """One period with events, or (when `gap` is set) a stretch without any."""

    period: Period | None
    x: float
    width: float
    segments: list[Segment] = field(default_factory=list)
    url: str = ""
    current: bool = False
    gap: str = ""

    @property
    def count(self) -> int:
        return sum(s.count for s in self.segments)

    @property
    def label(self) -> str:
        return self.period.label if self.period else self.gap

    @property
    def description(self) -> str:
        """'10 May 2025: 2 events (1 Ceasefire announced, 1 Ceasefire violation)'."""
        if self.period is None:
            return self.gap
        noun = "event" if self.count == 1 else "events"
        kinds = ", ".join(f"{s.count} {s.type_label}" for s in self.segments)
        return f"{self.period.label}: {self.count} {noun} ({kinds})"

    @property
    def key(self) -> str:
        """A stable id, so focus survives an htmx swap."""
        if self.period is None:
            return ""
        return f"{self.period.start.isoformat()}-{self.period.unit.name.lower()}"


@dataclass
class Strip:
    columns: list[Column]
    width: float
    height: float
    unit: Unit | None
    total: int

    @property
    def periods(self) -> list[Column]:
        return [c for c in self.columns if c.period is not None]

    @property
    def first_label(self) -> str:
        periods = self.periods
        return periods[0].label if periods else ""

    @property
    def last_label(self) -> str:
        periods = self.periods
        return periods[-1].label if periods else ""


# The events of one (date, precision): their count per type slug.
StartCounts = dict[tuple[datetime.date, int], dict[str, int]]


def _column(date: datetime.date, precision: int, unit: int) -> tuple:
    """`period_of` as a plain tuple, cheap to make and hash: a long timeline has thousands of
    (date, precision) starts to sort into columns."""
    effective = min(unit, precision, 3)
    if effective == 3:
        return (3, date)
    if effective == 2:
        return (2, date.year, date.month)
    if effective == 1:
        return (1, date.year)
    return (0, date.year // 10)


def choose_unit(starts: Iterable[tuple[datetime.date, int]]) -> Unit:
    """The finest period that needs at most MAX_COLUMNS columns for these (date, precision)
    starts; a unit is given up as soon as it needs more, so a long timeline's starts are not
    all read for each unit."""
    starts = list(starts)
    for unit in (Unit.DAY, Unit.MONTH, Unit.YEAR):
        seen: set[tuple] = set()
        for date, precision in starts:
            seen.add(_column(date, precision, unit))
            if len(seen) > MAX_COLUMNS:
                break
        else:
            return unit
    return Unit.DECADE


@dataclass
class PeriodTally:
    """Events per period and type at the strip's unit: all `build_strip` needs of the rows.

    Small (at most about MAX_COLUMNS periods) however many events there are, so it can be
    computed once per content version and cached, while the strip's links (which carry the
    reader's filters) are built per request.
    """

    unit: Unit | None
    periods: dict[Period, dict[str, Segment]] = field(default_factory=dict)


def tally_starts(counts: StartCounts, types: dict[str, tuple[str, str]]) -> PeriodTally:
    """Tally per-start counts at the finest fitting unit; `types` gives each type slug's
    (label, colour). Work grows with the distinct (date, precision) pairs, not the events."""
    if not counts:
        return PeriodTally(None)
    unit = choose_unit(counts)
    totals: dict[tuple, dict[str, int]] = {}
    first_start: dict[tuple, tuple[datetime.date, int]] = {}
    for (date, precision), per_type in counts.items():
        column = _column(date, precision, unit)
        period_totals = totals.get(column)
        if period_totals is None:
            period_totals = totals[column] = {}
            first_start[column] = (date, precision)
        for slug, count in per_type.items():
            period_totals[slug] = period_totals.get(slug, 0) + count
    return PeriodTally(
        unit,
        {
            period_of(*first_start[column], unit): {
                slug: Segment(slug, *types[slug], count) for slug, count in per_type.items()
            }
            for column, per_type in totals.items()
        },
    )


def tally_periods(rows: Iterable[dict]) -> PeriodTally:
    """Tally (date, precision, type, count) rows, as dicts, at the finest fitting unit."""
    counts: StartCounts = {}
    types: dict[str, tuple[str, str]] = {}
    for row in rows:
        slug = row["event_type__slug"]
        types[slug] = (row["event_type__label"], row["event_type__colour"])
        per_type = counts.setdefault((row["date"], row["precision"]), {})
        per_type[slug] = per_type.get(slug, 0) + row["count"]
    return tally_starts(counts, types)


def build_strip(
    rows: Iterable[dict] | PeriodTally,
    *,
    url_for: Callable[[str, str], str],
    selected: tuple[PartialDate | None, PartialDate | None] = (None, None),
) -> Strip:
    """Columns for the period rows of `filters.load_facets` (or their tally).

    `url_for(from_text, to_text)` gives the link of a period; `selected` is the reader's current
    from/to, so the matching column can say it is the current one.
    """
    tally = rows if isinstance(rows, PeriodTally) else tally_periods(rows)
    if not tally.periods:
        return Strip(columns=[], width=0, height=HEIGHT, unit=None, total=0)
    unit, by_period = tally.unit, tally.periods
    periods = sorted(by_period, key=Period.sort_key)
    tallest = max(sum(s.count for s in by_period[p].values()) for p in periods)

    columns: list[Column] = []
    x = 0.0
    covered_until: datetime.date | None = None
    for period in periods:
        if covered_until is not None and period.start > covered_until + datetime.timedelta(days=1):
            gap_text = _gap_text(covered_until + datetime.timedelta(days=1), period.start, unit)
            columns.append(Column(period=None, x=x, width=GAP_WIDTH, gap=gap_text))
            x += GAP_WIDTH + BAR_SPACING
        # Copies: stacking sets heights, and the tally may be shared (cached).
        segments = sorted(
            (replace(s) for s in by_period[period].values()),
            key=lambda s: (s.type_label, s.type_slug),
        )
        _stack(segments, tallest)
        from_text, to_text = period.bounds
        columns.append(
            Column(
                period=period,
                x=x,
                width=BAR_WIDTH,
                segments=segments,
                url=url_for(from_text, to_text),
                current=_is_selected(period, selected),
            )
        )
        x += BAR_WIDTH + BAR_SPACING
        covered_until = max(covered_until or period.end, period.end)
    return Strip(
        columns=columns,
        width=max(x - BAR_SPACING, BAR_WIDTH),
        height=HEIGHT,
        unit=unit,
        total=sum(c.count for c in columns),
    )


def _stack(segments: list[Segment], tallest: int) -> None:
    """Heights proportional to counts, bottom up; tiny counts stay visible."""
    usable = HEIGHT - 2
    y = HEIGHT
    for segment in segments:
        segment.height = max(segment.count / tallest * usable, MIN_SEGMENT)
        y -= segment.height
        segment.y = round(y, 2)
        segment.height = round(segment.height, 2)


def _gap_text(first: datetime.date, after: datetime.date, unit: Unit) -> str:
    last = after - datetime.timedelta(days=1)
    start, end = period_of(first, Precision.DAY, unit), period_of(last, Precision.DAY, unit)
    if start == end:
        return f"No events {'on' if unit is Unit.DAY else 'in'} {start.label}"
    return f"No events from {start.label} to {end.label}"


def _is_selected(period: Period, selected) -> bool:
    start, end = selected
    if start is None or end is None:
        return False
    return start.date == period.start and end.end_of_period() == period.end
