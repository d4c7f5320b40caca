"""Date phrases in prose, resolved against the article's publication date."""

from __future__ import annotations

import datetime

import pytest

from timeline.ingest.prose_dates import find_date_phrases, resolve

SATURDAY = datetime.datetime(2025, 5, 10, 17, 5, tzinfo=datetime.UTC)


def phrase(text):
    found = find_date_phrases(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "words", "expected", "precision"),
    [
        ("talks on Saturday", "on Saturday", datetime.date(2025, 5, 10), "day"),
        ("talks on Sunday", "on Sunday", datetime.date(2025, 5, 4), "day"),
        ("talks late on Friday night", "late on Friday night", datetime.date(2025, 5, 9), "day"),
        ("talks last week", "last week", datetime.date(2025, 5, 3), "day"),
        ("talks on 10 May", "on 10 May", datetime.date(2025, 5, 10), "day"),
        ("talks on May 8", "on May 8", datetime.date(2025, 5, 8), "day"),
        ("talks yesterday", "yesterday", datetime.date(2025, 5, 9), "day"),
        ("talks two days ago", "two days ago", datetime.date(2025, 5, 8), "day"),
        ("talks in May 2024", "in May 2024", datetime.date(2024, 5, 1), "month"),
        ("talks earlier this month", "earlier this month", datetime.date(2025, 5, 1), "month"),
        ("talks in 1972", "in 1972", datetime.date(1972, 1, 1), "year"),
        ("talks last year", "last year", datetime.date(2024, 1, 1), "year"),
        ("talks on 3 March 2021", "on 3 March 2021", datetime.date(2021, 3, 3), "day"),
    ],
)
def test_phrases_resolve_against_the_publication_date(text, words, expected, precision):
    found = phrase(text)
    assert found.text == words
    assert found.precision == precision
    assert resolve(found, SATURDAY) == expected


def test_relative_phrases_give_nothing_without_a_publication_date():
    assert resolve(phrase("talks on Saturday"), None) is None
    assert resolve(phrase("talks on 10 May"), None) is None


def test_absolute_phrases_need_no_publication_date():
    assert resolve(phrase("talks on 3 March 2021"), None) == datetime.date(2021, 3, 3)
    assert resolve(phrase("talks in 1972"), None) == datetime.date(1972, 1, 1)


def test_a_year_describing_a_thing_is_marked_as_a_modifier():
    found = phrase("citing a 1972 agreement")
    assert (found.text, found.modifier, found.precision) == ("1972", True, "year")


def test_publication_time_zone_keeps_the_local_day():
    late_evening = datetime.datetime(
        2025, 5, 10, 23, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=5, minutes=30))
    )
    assert resolve(phrase("talks today"), late_evening) == datetime.date(2025, 5, 10)
