"""A chronology split into pages, and each page into year and month groups with headings.

Pages are read with one event of context before them, so a page that continues a month the
previous page already headed (when htmx appends it below that page) does not repeat the
heading, and a page opened on its own (the no-JavaScript "Later events" link) still shows it.
After an edit the list may be shown as several pages at once (`paginate(..., through=n)`), so
the card just edited is on it wherever its new date put it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet

from timeline.dates import MONTH_NAMES, Precision
from timeline.models import Event

PAGE_SIZE = 50


@dataclass
class ChronologyPage:
    number: int
    size: int
    count: int
    events: list
    previous_event: object | None = None
    # The last page shown: more than `number` when several pages are shown together.
    through: int = 0

    def __post_init__(self):
        self.through = max(self.through, self.number)

    @property
    def last_number(self) -> int:
        return max(1, -(-self.count // self.size))

    @property
    def has_next(self) -> bool:
        return self.through < self.last_number and bool(self.events)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def first_position(self) -> int:
        return (self.number - 1) * self.size + 1 if self.count else 0

    @property
    def last_position(self) -> int:
        return min(self.through * self.size, self.count)


def paginate(
    events: QuerySet,
    number: int,
    *,
    size: int = PAGE_SIZE,
    clamp: bool = True,
    through: int = 0,
    count: int | None = None,
) -> tuple:
    """(page, message): one count and one slice, whatever the page number asked for.

    A page past the end is the last page, with a message saying so; unless `clamp` is off (a
    page being appended below the others), where it is empty, so nothing is shown twice.
    `through` shows the pages from `number` to `through` together, as one.
    A `count` already known (the unfiltered total) saves the count query.
    """
    if count is None:
        count = events.count()
    last = max(1, -(-count // size))
    message = ""
    if number > last and not clamp:
        return ChronologyPage(number, size, count, []), message
    if number > last:
        message = (
            f"There {'is' if last == 1 else 'are'} only {last} page{'' if last == 1 else 's'} "
            f"of events; showing the {'first' if last == 1 else 'last'}."
        )
        number = last
    through = min(max(through, number), last)
    start = (number - 1) * size
    end = through * size
    rows = list(events[max(start - 1, 0) : end]) if count else []
    previous = rows.pop(0) if start > 0 and rows else None
    return ChronologyPage(number, size, count, rows, previous, through), message


@dataclass
class EventGroup:
    """Consecutive events of one year (and month, unless known only to the year)."""

    year: int
    month: int | None
    show_year: bool
    show_month: bool
    title_level: int
    events: list = field(default_factory=list)

    @property
    def year_text(self) -> str:
        return str(self.year) if self.year >= 100 else f"{self.year:04d}"

    @property
    def month_text(self) -> str:
        return f"{MONTH_NAMES[self.month - 1]} {self.year_text}" if self.month else ""

    @property
    def year_anchor(self) -> str:
        return f"y{self.year:04d}"

    @property
    def anchor(self) -> str:
        return self.year_anchor + (f"-{self.month:02d}" if self.month else "")


def title_level(event, *, ranked: bool = False) -> int:
    """The heading level of an event's title in the chronology, one below its nearest heading.

    Ranked results have no date headings: h3 under the list's h2. Otherwise h4 under a year
    heading (events known only to the year) and h5 under a month heading.
    """
    if ranked:
        return 3
    return 4 if event.precision == Precision.YEAR else 5


def _group_key(event) -> tuple[int, int | None]:
    month = None if event.precision == Precision.YEAR else event.date.month
    return event.date.year, month


def group_events(events, *, previous=None, ranked: bool = False) -> list[EventGroup]:
    """Year/month groups for chronological events; one headless group for ranked results.

    `previous` is the event shown just before these (on the page htmx appends to): headings it
    already showed are not repeated.
    """
    if ranked:
        return [
            EventGroup(0, None, show_year=False, show_month=False, title_level=3, events=events)
        ]
    groups: list[EventGroup] = []
    last_key = _group_key(previous) if previous is not None else None
    for event in events:
        key = _group_key(event)
        if groups and key == (groups[-1].year, groups[-1].month):
            groups[-1].events.append(event)
            continue
        year, month = key
        new_year = last_key is None or last_key[0] != year
        new_group = last_key != key
        groups.append(
            EventGroup(
                year,
                month,
                show_year=new_year,
                show_month=new_group and month is not None,
                title_level=title_level(event),
                events=[event],
            )
        )
        last_key = key
    return groups


def mark_movable(events) -> None:
    """Set `can_move_up` / `can_move_down` on each event: whether "Move up" / "Move down" has
    a neighbour of the same date to swap with (services.events.event_move's rule). One query
    over the timeline's alive events on those dates, for editors' cards only."""
    events = list(events)
    if not events:
        return
    groups: dict[tuple, list[tuple]] = {}
    rows = (
        Event.objects.alive()
        .filter(timeline_id__in={e.timeline_id for e in events}, date__in={e.date for e in events})
        .values_list("timeline_id", "date", "precision", "time", "position", "pk")
    )
    for timeline_id, date, precision, time, position, pk in rows:
        groups.setdefault((timeline_id, date, precision, time), []).append((position, pk))
    for event in events:
        group = sorted(groups.get((event.timeline_id, event.date, event.precision, event.time), []))
        pks = [pk for _, pk in group]
        index = pks.index(event.pk) if event.pk in pks else -1
        event.can_move_up = index > 0
        event.can_move_down = 0 <= index < len(pks) - 1
