"""The strip's periods and gaps, and the year/month groups of a page (no database needed)."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from timeline.dates import Precision, parse_partial_date
from timeline.reader.chronology import group_events
from timeline.reader.strip import MAX_COLUMNS, Unit, build_strip


def row(date: str, precision=Precision.DAY, slug="statement", count=1):
    return {
        "date": datetime.date.fromisoformat(date),
        "precision": precision,
        "event_type__slug": slug,
        "event_type__label": slug.title(),
        "event_type__colour": "#123456",
        "count": count,
    }


def url_for(start, end):
    return f"?from={start}&to={end}"


def test_days_are_used_while_they_fit():
    strip = build_strip([row("2025-05-10"), row("2025-05-11", count=3)], url_for=url_for)
    assert strip.unit is Unit.DAY
    assert [c.label for c in strip.columns] == ["10 May 2025", "11 May 2025"]
    assert strip.columns[1].url == "?from=2025-05-11&to=2025-05-11"
    assert strip.total == 4


def test_coarser_periods_when_days_would_not_fit():
    rows = [
        row((datetime.date(2025, 1, 1) + datetime.timedelta(days=i)).isoformat()) for i in range(90)
    ]
    strip = build_strip(rows, url_for=url_for)
    assert strip.unit is Unit.MONTH
    assert [c.label for c in strip.columns] == ["January 2025", "February 2025", "March 2025"]
    assert [c.count for c in strip.columns] == [31, 28, 31]
    assert strip.columns[0].url == "?from=2025-01&to=2025-01"


def test_decades_for_very_long_stories():
    rows = [row(f"{year}-06-01") for year in range(1900, 2000)]
    strip = build_strip(rows, url_for=url_for)
    assert strip.unit is Unit.DECADE
    assert len(strip.columns) == 10 <= MAX_COLUMNS
    assert strip.columns[0].label == "1900s"
    assert strip.columns[0].url == "?from=1900&to=1909"


def test_an_event_known_only_to_the_year_keeps_its_own_column():
    strip = build_strip(
        [row("1972-01-01", Precision.YEAR), row("2025-05-10"), row("2025-05-13")],
        url_for=url_for,
    )
    assert [c.label for c in strip.columns] == [
        "1972",
        "No events from 1 January 1973 to 9 May 2025",
        "10 May 2025",
        "No events from 11 May 2025 to 12 May 2025",
        "13 May 2025",
    ]
    assert strip.columns[0].url == "?from=1972&to=1972"
    assert strip.columns[1].period is None


def test_bars_stack_by_type_and_scale_to_the_tallest_period():
    strip = build_strip(
        [
            row("2025-05-10", slug="truce", count=2),
            row("2025-05-10", slug="attack", count=2),
            row("2025-05-11", slug="truce", count=1),
        ],
        url_for=url_for,
    )
    tallest, short = strip.columns
    assert [s.type_slug for s in tallest.segments] == ["attack", "truce"]
    assert sum(s.height for s in tallest.segments) == 38
    assert short.segments[0].height == 9.5
    assert tallest.description == "10 May 2025: 4 events (2 Attack, 2 Truce)"


def test_the_selected_period_is_current():
    strip = build_strip(
        [row("2025-05-10"), row("2025-05-11")],
        url_for=url_for,
        selected=(parse_partial_date("2025-05-11"), parse_partial_date("11 May 2025")),
    )
    assert [c.current for c in strip.columns] == [False, True]


def test_no_rows_no_strip():
    assert build_strip([], url_for=url_for).columns == []


def event(date: str, precision=Precision.DAY):
    return SimpleNamespace(date=datetime.date.fromisoformat(date), precision=precision)


def test_groups_carry_year_and_month_headings():
    groups = group_events(
        [
            event("1972-01-01", Precision.YEAR),
            event("2025-05-10"),
            event("2025-05-11"),
            event("2025-06-01", Precision.MONTH),
        ]
    )
    assert [(g.show_year and g.year_text, g.show_month and g.month_text) for g in groups] == [
        ("1972", False),
        ("2025", "May 2025"),
        (False, "June 2025"),
    ]
    assert [g.title_level for g in groups] == [4, 5, 5]
    assert len(groups[1].events) == 2


def test_a_page_continuing_a_month_repeats_no_heading():
    groups = group_events([event("2025-05-12"), event("2025-06-02")], previous=event("2025-05-11"))
    assert (groups[0].show_year, groups[0].show_month) == (False, False)
    assert (groups[1].show_year, groups[1].show_month) == (False, True)


def test_a_page_starting_a_new_year_shows_it():
    groups = group_events([event("2026-01-02")], previous=event("2025-12-30"))
    assert (groups[0].show_year, groups[0].show_month) == (True, True)


def test_ranked_results_have_no_date_headings():
    (group,) = group_events([event("2025-05-12"), event("1972-01-01", Precision.YEAR)], ranked=True)
    assert (group.show_year, group.show_month, group.title_level) == (False, False, 3)


def test_periods_of_one_column_add_up_whatever_the_order_of_their_rows():
    """Rows for the same month, types interleaved, given out of order: one column a month,
    each type's count summed."""
    rows = [
        row(f"2025-{month:02d}-{day:02d}", slug=slug)
        for day in (20, 3, 11, 5, 28, 1, 9, 14, 17, 25, 7, 22, 13, 2, 19)
        for month in (3, 1, 2)
        for slug in ("statement", "clash")
    ]  # 45 days in all: too many for day columns
    strip = build_strip(rows, url_for=url_for)
    assert strip.unit is Unit.MONTH
    assert [c.label for c in strip.columns] == ["January 2025", "February 2025", "March 2025"]
    assert [[(s.type_slug, s.count) for s in c.segments] for c in strip.columns] == [
        [("clash", 15), ("statement", 15)]
    ] * 3
