"""Tests for timeline.dates: parsing, displaying, ordering and ranges of partial dates."""

from __future__ import annotations

import datetime
from dataclasses import FrozenInstanceError

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.dates import (
    ACCEPTED_FORMS,
    DateParseError,
    PartialDate,
    Precision,
    format_range,
    parse_partial_date,
    precision_from_label,
)

D = datetime.date
T = datetime.time


def year(y: int, *, approximate: bool = False) -> PartialDate:
    return PartialDate(D(y, 1, 1), Precision.YEAR, approximate=approximate)


def month(y: int, m: int, *, approximate: bool = False) -> PartialDate:
    return PartialDate(D(y, m, 1), Precision.MONTH, approximate=approximate)


def day(y: int, m: int, d: int, *, approximate: bool = False) -> PartialDate:
    return PartialDate(D(y, m, d), Precision.DAY, approximate=approximate)


def minute(
    y: int,
    m: int,
    d: int,
    hh: int,
    mm: int,
    offset: int | None = None,
    *,
    approximate: bool = False,
) -> PartialDate:
    return PartialDate(D(y, m, d), Precision.MINUTE, T(hh, mm), offset, approximate)


# ---------------------------------------------------------------------------------------
# Strategies
# ---------------------------------------------------------------------------------------


@st.composite
def partial_dates(draw: st.DrawFn) -> PartialDate:
    precision = draw(st.sampled_from(Precision))
    d = draw(st.dates(min_value=D(1, 1, 1), max_value=D(9999, 12, 31)))
    if precision is Precision.YEAR:
        d = d.replace(month=1, day=1)
    elif precision is Precision.MONTH:
        d = d.replace(day=1)
    time = None
    offset = None
    if precision is Precision.MINUTE:
        time = T(draw(st.integers(0, 23)), draw(st.integers(0, 59)))
        offset = draw(st.none() | st.integers(-18 * 60, 18 * 60))
    return PartialDate(d, precision, time, offset, draw(st.booleans()))


# ---------------------------------------------------------------------------------------
# Precision
# ---------------------------------------------------------------------------------------


def test_precision_values_are_stable_small_ints_ordered_coarse_to_fine():
    assert [int(p) for p in Precision] == [1, 2, 3, 4]
    assert Precision.YEAR < Precision.MONTH < Precision.DAY < Precision.MINUTE


def test_precision_label_is_lowercase_name():
    assert [p.label for p in Precision] == ["year", "month", "day", "minute"]


@pytest.mark.parametrize("precision", list(Precision))
def test_precision_from_label_inverts_label(precision):
    assert precision_from_label(precision.label) is precision


def test_precision_from_label_ignores_case_and_surrounding_space():
    assert precision_from_label("  Day ") is Precision.DAY


@pytest.mark.parametrize("label", ["", "days", "second", "1", "label"])
def test_precision_from_label_rejects_unknown_label_naming_the_choices(label):
    with pytest.raises(ValueError, match="year, month, day, minute"):
        precision_from_label(label)


# ---------------------------------------------------------------------------------------
# Parsing every accepted form
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1972", year(1972)),
        ("May 2025", month(2025, 5)),
        ("10 May 2025", day(2025, 5, 10)),
        ("2025-05-10", day(2025, 5, 10)),
        ("2025-05", month(2025, 5)),
        ("May 10, 2025", day(2025, 5, 10)),
        ("10 May 2025 17:00 +05:30", minute(2025, 5, 10, 17, 0, 330)),
        ("2025-05-10T17:00+05:30", minute(2025, 5, 10, 17, 0, 330)),
        ("10 May 2025 17:00 UTC", minute(2025, 5, 10, 17, 0, 0)),
        ("10 May 2025 17:00", minute(2025, 5, 10, 17, 0, None)),
        ("c. May 2025", month(2025, 5, approximate=True)),
        ("circa 1972", year(1972, approximate=True)),
        ("ca. 1972", year(1972, approximate=True)),
        ("~1972", year(1972, approximate=True)),
        ("about May 2025", month(2025, 5, approximate=True)),
        ("10 May 2025 17:00 UTC+05:30", minute(2025, 5, 10, 17, 0, 330)),
    ],
)
def test_documented_form_parses_to_expected_partial_date(text, expected):
    assert parse_partial_date(text) == expected


@pytest.mark.parametrize("text", ACCEPTED_FORMS)
def test_every_accepted_form_example_parses(text):
    assert isinstance(parse_partial_date(text), PartialDate)


def test_accepted_forms_cover_each_precision_and_approximation():
    parsed = [parse_partial_date(text) for text in ACCEPTED_FORMS]
    assert {p.precision for p in parsed} == set(Precision)
    assert any(p.approximate for p in parsed)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("January 2025", 1),
        ("Jan 2025", 1),
        ("Feb 2025", 2),
        ("March 2025", 3),
        ("Apr 2025", 4),
        ("June 2025", 6),
        ("Jul 2025", 7),
        ("August 2025", 8),
        ("Sep 2025", 9),
        ("Sept 2025", 9),
        ("September 2025", 9),
        ("Oct 2025", 10),
        ("Nov 2025", 11),
        ("December 2025", 12),
        ("Dec. 2025", 12),
    ],
)
def test_full_and_abbreviated_month_names_parse(text, number):
    assert parse_partial_date(text) == month(2025, number)


@pytest.mark.parametrize("text", ["MAY 2025", "may 2025", "mAy 2025", "10 SEPT 2025", "C. 1972"])
def test_parsing_is_case_insensitive(text):
    assert parse_partial_date(text) == parse_partial_date(text.lower())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  1972  ", year(1972)),
        ("10   May\t2025", day(2025, 5, 10)),
        ("\n10 May 2025   17:00   +05:30 ", minute(2025, 5, 10, 17, 0, 330)),
        ("c.   May 2025", month(2025, 5, approximate=True)),
        ("10\u00a0May\u00a02025", day(2025, 5, 10)),
    ],
)
def test_extra_whitespace_is_tolerated(text, expected):
    assert parse_partial_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10th May 2025", day(2025, 5, 10)),
        ("1st May 2025", day(2025, 5, 1)),
        ("May 2nd, 2025", day(2025, 5, 2)),
        ("May 10 2025", day(2025, 5, 10)),
        ("10 May, 2025", day(2025, 5, 10)),
        ("2025-5-1", day(2025, 5, 1)),
        ("2025-5", month(2025, 5)),
        ("May 10, 2025 17:00", minute(2025, 5, 10, 17, 0)),
        ("10 May 2025 at 17:00", minute(2025, 5, 10, 17, 0)),
        ("10 May 2025, 7:05", minute(2025, 5, 10, 7, 5)),
        ("2025-05-10 17:00", minute(2025, 5, 10, 17, 0)),
        ("2025-05-10T17:00", minute(2025, 5, 10, 17, 0)),
    ],
)
def test_common_variants_of_the_documented_forms_parse(text, expected):
    assert parse_partial_date(text) == expected


@pytest.mark.parametrize(
    ("zone", "offset"),
    [
        ("UTC", 0),
        ("utc", 0),
        ("GMT", 0),
        ("Z", 0),
        ("+00:00", 0),
        ("+05:30", 330),
        ("+0530", 330),
        ("+05", 300),
        ("+5", 300),
        ("-04:00", -240),
        ("\u221204:00", -240),
        ("-00:30", -30),
        ("UTC+05:30", 330),
        ("UTC +05:30", 330),
        ("UTC+5", 300),
        ("GMT-3", -180),
        ("UTC-09:30", -570),
        ("+18:00", 1080),
        ("-18:00", -1080),
    ],
)
def test_zone_spellings_give_offset_in_minutes_east_of_utc(zone, offset):
    parsed = parse_partial_date(f"10 May 2025 17:00 {zone}")
    assert parsed.utc_offset == offset
    assert parsed.time == T(17, 0)


def test_iso_z_suffix_means_utc():
    assert parse_partial_date("2025-05-10T17:00Z") == minute(2025, 5, 10, 17, 0, 0)


def test_time_without_zone_keeps_zone_unknown_rather_than_assuming_utc():
    assert parse_partial_date("10 May 2025 17:00").utc_offset is None


@pytest.mark.parametrize(
    "text",
    [
        "c. 1972",
        "c.1972",
        "c 1972",
        "ca 1972",
        "ca. 1972",
        "circa 1972",
        "Circa 1972",
        "~ 1972",
        "about 1972",
        "around 1972",
        "approx. 1972",
        "approximately 1972",
    ],
)
def test_approximate_prefixes_set_approximate(text):
    assert parse_partial_date(text) == year(1972, approximate=True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("c. 10 May 2025", day(2025, 5, 10, approximate=True)),
        ("c. 2025-05-10", day(2025, 5, 10, approximate=True)),
        ("~2025-05", month(2025, 5, approximate=True)),
        ("c. 10 May 2025 17:00 +05:30", minute(2025, 5, 10, 17, 0, 330, approximate=True)),
    ],
)
def test_approximate_prefix_works_with_every_precision(text, expected):
    assert parse_partial_date(text) == expected


def test_text_without_prefix_is_exact():
    assert parse_partial_date("May 2025").approximate is False


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1", year(1)),
        ("0001", year(1)),
        ("476", year(476)),
        ("9999", year(9999)),
        ("December 9999", month(9999, 12)),
        ("31 December 9999", day(9999, 12, 31)),
        ("1 January 0001", day(1, 1, 1)),
        ("May 0025", month(25, 5)),
        ("March 476", month(476, 3)),
    ],
)
def test_years_from_1_to_9999_are_accepted(text, expected):
    assert parse_partial_date(text) == expected


def test_leap_day_parses_in_leap_year():
    assert parse_partial_date("29 February 2024") == day(2024, 2, 29)
    assert parse_partial_date("2000-02-29") == day(2000, 2, 29)


# ---------------------------------------------------------------------------------------
# Parse errors
# ---------------------------------------------------------------------------------------


def test_parse_error_is_a_value_error():
    assert issubclass(DateParseError, ValueError)


def test_unparseable_date_message_lists_accepted_forms():
    with pytest.raises(DateParseError) as info:
        parse_partial_date("foo")
    assert str(info.value) == (
        'Could not understand "foo" as a date. Try one of: 1972, May 2025, 10 May 2025, '
        "2025-05-10, 10 May 2025 17:00 +05:30, c. May 2025."
    )


@pytest.mark.parametrize(
    "text",
    [
        "foo",
        "yesterday",
        "Mayy 2025",
        "10 Smarch 2025",
        "May",
        "10 May",
        "2025-05-10-01",
        "May 2025 17:00",
        "1972 17:00",
        "10 May 2025 17",
        "10 May 2025 17:00:00",
        "10 May 2025 17:00 +05:99",
        "10 May 2025 17:00 Z+01:00",
        "10 May 2025 17:00 +",
        "-1972",
        "1972 BC",
        "c.",
        "~",
        "c. c. 1972",
        "10 May 202517:00",
        "123456",
    ],
)
def test_garbage_gives_message_listing_accepted_forms(text):
    with pytest.raises(DateParseError, match="Try one of: 1972, May 2025"):
        parse_partial_date(text)


def test_unparseable_message_quotes_normalised_input():
    with pytest.raises(DateParseError, match='"not a date"'):
        parse_partial_date("  not   a date ")


def test_unparseable_message_shortens_very_long_input():
    with pytest.raises(DateParseError) as info:
        parse_partial_date("x" * 500)
    assert len(str(info.value)) < 200
    assert "…" in str(info.value)


@pytest.mark.parametrize("text", ["", "   ", "\t\n"])
def test_empty_input_asks_for_a_date(text):
    with pytest.raises(DateParseError) as info:
        parse_partial_date(text)
    assert str(info.value) == "Enter a date."


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31 February 2025", "31 February 2025 does not exist."),
        ("29 February 2025", "29 February 2025 does not exist."),
        ("29 February 1900", "29 February 1900 does not exist."),
        ("2025-02-31", "31 February 2025 does not exist."),
        ("31 April 2025", "31 April 2025 does not exist."),
        ("April 31, 2025", "31 April 2025 does not exist."),
        ("0 May 2025", "0 May 2025 does not exist."),
        ("32 May 2025", "32 May 2025 does not exist."),
        ("2025-05-00", "0 May 2025 does not exist."),
    ],
)
def test_impossible_day_is_named_in_the_message(text, message):
    with pytest.raises(DateParseError) as info:
        parse_partial_date(text)
    assert str(info.value) == message


@pytest.mark.parametrize("text", ["2025-13-01", "2025-13", "2025-00-10", "2025-00"])
def test_impossible_month_number_is_rejected(text):
    with pytest.raises(DateParseError, match=r"Month \d+ does not exist; months run from 1 to 12"):
        parse_partial_date(text)


@pytest.mark.parametrize(
    ("text", "bad_year"),
    [
        ("0", 0),
        ("0000", 0),
        ("10000", 10000),
        ("99999", 99999),
        ("0000-05-10", 0),
        ("10000-01-01", 10000),
        ("10000-01", 10000),
        ("May 10000", 10000),
        ("10 May 10000", 10000),
        ("c. 10000", 10000),
        ("May 0000", 0),
    ],
)
def test_year_out_of_range_message_gives_allowed_range(text, bad_year):
    with pytest.raises(DateParseError) as info:
        parse_partial_date(text)
    assert str(info.value) == f"Year {bad_year} is out of range; use a year from 1 to 9999."


@pytest.mark.parametrize("text", ["May 25", "10 May 25", "May 10, 25", "May 5"])
def test_short_year_after_month_name_asks_for_full_year(text):
    # "May 25" is more likely a forgotten year than the year 25 AD.
    with pytest.raises(DateParseError, match="Write the year in full"):
        parse_partial_date(text)


@pytest.mark.parametrize("text", ["10 May 2025 24:00", "10 May 2025 17:60", "2025-05-10T99:00"])
def test_impossible_time_is_rejected(text):
    with pytest.raises(DateParseError, match="is not a valid time; use 00:00 to 23:59"):
        parse_partial_date(text)


@pytest.mark.parametrize("zone", ["+19:00", "-18:01", "UTC+23"])
def test_offset_beyond_eighteen_hours_is_rejected(zone):
    with pytest.raises(DateParseError, match="out of range; offsets run from -18:00 to \\+18:00"):
        parse_partial_date(f"10 May 2025 17:00 {zone}")


@pytest.mark.parametrize("zone", ["EST", "CET", "BST", "pst"])
def test_named_time_zone_abbreviation_asks_for_an_offset(zone):
    with pytest.raises(DateParseError, match=f'Unknown time zone "{zone}"'):
        parse_partial_date(f"10 May 2025 17:00 {zone}")


@pytest.mark.parametrize("text", ["10/05/2025", "05/10/2025", "10.05.2025"])
def test_slashed_numeric_date_is_rejected_as_ambiguous(text):
    with pytest.raises(DateParseError, match="ambiguous"):
        parse_partial_date(text)


def test_non_ascii_digits_are_not_read_as_a_year():
    with pytest.raises(DateParseError):
        parse_partial_date("\u0661\u0669\u0667\u0662")  # Arabic-Indic 1972


def test_non_string_input_is_a_type_error():
    with pytest.raises(TypeError):
        parse_partial_date(1972)  # type: ignore[arg-type]


def _parse_or_error_message(text: str) -> PartialDate | str:
    """The parsed value, or the DateParseError message; any other exception propagates."""
    try:
        return parse_partial_date(text)
    except DateParseError as err:
        return str(err)


@settings(max_examples=300)
@given(st.text(max_size=40))
def test_arbitrary_text_parses_to_round_trippable_date_or_raises_date_parse_error(text):
    result = _parse_or_error_message(text)
    if isinstance(result, PartialDate):
        assert parse_partial_date(result.display()) == result
    else:
        assert result


@settings(max_examples=300)
@given(
    st.lists(
        st.sampled_from(
            ["1", "0", "9", "12", "2025", " ", ",", ":", "-", "+", "T", "May", "c.", "UTC", "Z"]
        ),
        max_size=10,
    )
)
def test_date_like_token_soup_parses_to_round_trippable_date_or_raises_date_parse_error(tokens):
    result = _parse_or_error_message("".join(tokens))
    if isinstance(result, PartialDate):
        assert parse_partial_date(result.display()) == result
    else:
        assert result


# ---------------------------------------------------------------------------------------
# Construction invariants
# ---------------------------------------------------------------------------------------


_MAY_10 = D(2025, 5, 10)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        pytest.param(
            {"date": _MAY_10, "precision": Precision.DAY, "time": T(17, 0)},
            "time is only allowed with MINUTE precision",
            id="time-without-minute-precision",
        ),
        pytest.param(
            {"date": _MAY_10, "precision": Precision.MINUTE},
            "MINUTE precision needs a time",
            id="minute-precision-without-time",
        ),
        pytest.param(
            {"date": _MAY_10, "precision": Precision.YEAR},
            "YEAR date must be 1 January",
            id="year-not-on-january-first",
        ),
        pytest.param(
            {"date": D(2025, 5, 1), "precision": Precision.YEAR},
            "YEAR date must be 1 January",
            id="year-on-first-of-other-month",
        ),
        pytest.param(
            {"date": _MAY_10, "precision": Precision.MONTH},
            "MONTH date must be the first day",
            id="month-not-on-first-day",
        ),
        pytest.param(
            {"date": _MAY_10, "precision": Precision.DAY, "utc_offset": 0},
            "utc_offset is only allowed together with a time",
            id="offset-without-time",
        ),
        pytest.param(
            {"date": _MAY_10, "precision": Precision.MINUTE, "time": T(1, 0), "utc_offset": 1081},
            "utc_offset must be within",
            id="offset-too-far-east",
        ),
        pytest.param(
            {"date": _MAY_10, "precision": Precision.MINUTE, "time": T(1, 0), "utc_offset": -1081},
            "utc_offset must be within",
            id="offset-too-far-west",
        ),
        pytest.param(
            {"date": _MAY_10, "precision": Precision.MINUTE, "time": T(1, 0, 30)},
            "whole minutes",
            id="time-with-seconds",
        ),
        pytest.param(
            {"date": _MAY_10, "precision": Precision.MINUTE, "time": T(1, 0, tzinfo=datetime.UTC)},
            "time must be naive",
            id="time-with-tzinfo",
        ),
        pytest.param(
            {"date": _MAY_10, "precision": 7},
            "is not a valid Precision",
            id="unknown-precision",
        ),
    ],
)
def test_inconsistent_partial_date_raises_value_error(kwargs, message):
    with pytest.raises(ValueError, match=message):
        PartialDate(**kwargs)


def test_datetime_is_not_accepted_as_date():
    with pytest.raises(TypeError):
        PartialDate(datetime.datetime(2025, 5, 10, 17, 0), Precision.DAY)


def test_offsets_at_the_eighteen_hour_limit_are_valid():
    assert minute(2025, 5, 10, 17, 0, 1080).utc_offset == 1080
    assert minute(2025, 5, 10, 17, 0, -1080).utc_offset == -1080


def test_precision_stored_as_int_is_coerced_to_enum():
    loaded = PartialDate(D(2025, 5, 10), 3)  # type: ignore[arg-type]
    assert loaded.precision is Precision.DAY
    assert loaded == day(2025, 5, 10)


def test_partial_date_is_immutable_and_hashable():
    d = day(2025, 5, 10)
    with pytest.raises(FrozenInstanceError):
        d.precision = Precision.MONTH  # type: ignore[misc]
    assert len({d, day(2025, 5, 10), month(2025, 5)}) == 2


def test_same_day_at_different_precision_is_not_equal():
    assert month(2025, 5) != day(2025, 5, 1)
    assert year(2025) != month(2025, 1)


# ---------------------------------------------------------------------------------------
# Display and isoformat
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "shown", "iso"),
    [
        (year(1972), "1972", "1972"),
        (month(2025, 5), "May 2025", "2025-05"),
        (day(2025, 5, 10), "10 May 2025", "2025-05-10"),
        (day(2025, 5, 1), "1 May 2025", "2025-05-01"),
        (minute(2025, 5, 10, 17, 0, 330), "10 May 2025, 17:00 UTC+05:30", "2025-05-10T17:00+05:30"),
        (minute(2025, 5, 10, 17, 0, 0), "10 May 2025, 17:00 UTC", "2025-05-10T17:00Z"),
        (minute(2025, 5, 10, 17, 0), "10 May 2025, 17:00", "2025-05-10T17:00"),
        (minute(2025, 5, 10, 7, 5, -240), "10 May 2025, 07:05 UTC-04:00", "2025-05-10T07:05-04:00"),
        (minute(2025, 5, 10, 0, 0, -30), "10 May 2025, 00:00 UTC-00:30", "2025-05-10T00:00-00:30"),
        (month(2025, 5, approximate=True), "c. May 2025", "2025-05"),
        (year(1972, approximate=True), "c. 1972", "1972"),
        (
            minute(2025, 5, 10, 17, 0, 0, approximate=True),
            "c. 10 May 2025, 17:00 UTC",
            "2025-05-10T17:00Z",
        ),
        (year(476), "476", "0476"),
        (year(25), "0025", "0025"),
        (month(25, 5), "May 0025", "0025-05"),
        (day(9, 9, 9), "9 September 0009", "0009-09-09"),
    ],
)
def test_display_and_isoformat_for_each_precision(value, shown, iso):
    assert value.display() == shown
    assert str(value) == shown
    assert value.isoformat() == iso


def test_display_uses_english_month_names_in_every_month():
    names = [month(2025, m).display().split()[0] for m in range(1, 13)]
    assert names == [
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
    ]


@given(partial_dates())
def test_display_round_trips_through_parse(value):
    assert parse_partial_date(value.display()) == value


@given(partial_dates())
def test_isoformat_round_trips_apart_from_approximation(value):
    exact = PartialDate(value.date, value.precision, value.time, value.utc_offset, False)
    assert parse_partial_date(value.isoformat()) == exact


@given(partial_dates())
def test_isoformat_is_valid_for_python_iso_parsers(value):
    iso = value.isoformat()
    if value.precision is Precision.DAY:
        assert D.fromisoformat(iso) == value.date
    elif value.precision is Precision.MINUTE:
        parsed = datetime.datetime.fromisoformat(iso)
        assert parsed.date() == value.date
        assert parsed.time() == value.time
        if value.utc_offset is None:
            assert parsed.tzinfo is None
        else:
            assert parsed.utcoffset() == datetime.timedelta(minutes=value.utc_offset)


# ---------------------------------------------------------------------------------------
# Ordering
# ---------------------------------------------------------------------------------------


def test_month_sorts_before_day_in_same_month():
    assert month(2025, 5).sort_key() < day(2025, 5, 1).sort_key()
    assert month(2025, 5).sort_key() < day(2025, 5, 10).sort_key()


def test_year_sorts_before_january_which_sorts_before_first_of_january():
    assert year(2025).sort_key() < month(2025, 1).sort_key() < day(2025, 1, 1).sort_key()
    assert day(2025, 1, 1).sort_key() < minute(2025, 1, 1, 0, 0).sort_key()


def test_day_sorts_before_times_on_that_day_and_times_sort_by_clock():
    assert day(2025, 5, 10).sort_key() < minute(2025, 5, 10, 0, 0).sort_key()
    assert minute(2025, 5, 10, 9, 0).sort_key() < minute(2025, 5, 10, 17, 0).sort_key()


def test_mixed_precisions_sort_into_chronological_reading_order():
    expected = [
        year(1972),
        year(2025),
        month(2025, 1),
        day(2025, 1, 1),
        month(2025, 5),
        day(2025, 5, 1),
        day(2025, 5, 10),
        minute(2025, 5, 10, 9, 0),
        minute(2025, 5, 10, 17, 0, 330),
        day(2025, 5, 11),
        month(2025, 6),
        year(2026),
    ]
    shuffled = expected[1::2][::-1] + expected[::2]
    assert sorted(shuffled, key=PartialDate.sort_key) == expected


def test_sort_key_compares_local_wall_clock_like_the_database():
    # 17:00 UTC+05:30 is earlier in absolute time than 12:00 UTC, but the database orders by
    # (date, precision, time) and cannot convert; sort_key must agree with it.
    assert minute(2025, 5, 10, 12, 0, 0).sort_key() < minute(2025, 5, 10, 17, 0, 330).sort_key()


def test_sort_key_breaks_ties_deterministically_for_same_wall_clock_time():
    a = minute(2025, 5, 10, 17, 0, 330)
    b = minute(2025, 5, 10, 17, 0, 0)
    c = minute(2025, 5, 10, 17, 0, None)
    d = minute(2025, 5, 10, 17, 0, None, approximate=True)
    assert a.sort_key() < b.sort_key() < c.sort_key() < d.sort_key()


def _database_key(value: PartialDate) -> tuple:
    # ORDER BY date, precision, time: time is only ever set for MINUTE precision.
    return (value.date, int(value.precision), value.time or T(0, 0))


@given(partial_dates(), partial_dates())
def test_sort_key_agrees_with_database_ordering(a, b):
    if _database_key(a) < _database_key(b):
        assert a.sort_key() < b.sort_key()
    elif _database_key(a) > _database_key(b):
        assert a.sort_key() > b.sort_key()


@given(partial_dates(), partial_dates())
def test_sort_key_is_a_total_order_consistent_with_equality(a, b):
    assert (a.sort_key() == b.sort_key()) == (a == b)


@given(st.lists(partial_dates(), max_size=20))
def test_sorting_by_sort_key_agrees_with_date_precision_time(values):
    ordered = sorted(values, key=PartialDate.sort_key)
    keys = [_database_key(v) for v in ordered]
    assert keys == sorted(keys)


@given(partial_dates(), partial_dates())
def test_earlier_period_start_always_sorts_first(a, b):
    if a.date < b.date:
        assert a.sort_key() < b.sort_key()


# ---------------------------------------------------------------------------------------
# End of period
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "last_day"),
    [
        (year(1972), D(1972, 12, 31)),
        (year(9999), D(9999, 12, 31)),
        (month(2025, 5), D(2025, 5, 31)),
        (month(2025, 4), D(2025, 4, 30)),
        (month(2025, 12), D(2025, 12, 31)),
        (month(2025, 2), D(2025, 2, 28)),
        (month(2024, 2), D(2024, 2, 29)),
        (month(2000, 2), D(2000, 2, 29)),
        (month(1900, 2), D(1900, 2, 28)),
        (month(9999, 12), D(9999, 12, 31)),
        (day(2025, 5, 10), D(2025, 5, 10)),
        (day(2024, 2, 29), D(2024, 2, 29)),
        (minute(2025, 5, 10, 23, 59, 330), D(2025, 5, 10)),
        (month(2025, 5, approximate=True), D(2025, 5, 31)),
    ],
)
def test_end_of_period_is_last_day_covered(value, last_day):
    assert value.end_of_period() == last_day


@given(partial_dates())
def test_end_of_period_is_within_the_same_period_and_the_next_day_is_not(value):
    last = value.end_of_period()
    assert last >= value.date
    if last < D.max:
        following = last + datetime.timedelta(days=1)
        if value.precision is Precision.YEAR:
            assert (last.year, following.year) == (value.date.year, value.date.year + 1)
        elif value.precision is Precision.MONTH:
            assert (last.year, last.month) == (value.date.year, value.date.month)
            assert following.day == 1
        else:
            assert last == value.date


# ---------------------------------------------------------------------------------------
# Ranges
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (day(2025, 5, 10), None, "10 May 2025"),
        (month(2025, 5, approximate=True), None, "c. May 2025"),
        (day(2025, 5, 10), day(2025, 5, 10), "10 May 2025"),
        (day(2025, 5, 10), day(2025, 5, 12), "10\u201312 May 2025"),
        (month(2025, 5), month(2025, 6), "May\u2013June 2025"),
        (year(1971), year(1972), "1971\u20131972"),
        (
            day(2025, 5, 10, approximate=True),
            day(2025, 5, 12, approximate=True),
            "c. 10\u201312 May 2025",
        ),
        (
            month(2025, 5, approximate=True),
            month(2025, 6, approximate=True),
            "c. May\u2013June 2025",
        ),
        (year(1971, approximate=True), year(1972, approximate=True), "c. 1971\u20131972"),
        (day(2025, 5, 30), day(2025, 6, 2), "30 May 2025 \u2013 2 June 2025"),
        (day(2024, 12, 30), day(2025, 1, 2), "30 December 2024 \u2013 2 January 2025"),
        (month(2024, 12), month(2025, 1), "December 2024 \u2013 January 2025"),
        (month(2025, 5), day(2025, 5, 12), "May 2025 \u2013 12 May 2025"),
        (year(1971), month(1972, 3), "1971 \u2013 March 1972"),
        (
            day(2025, 5, 10, approximate=True),
            day(2025, 5, 12),
            "c. 10\u201312 May 2025",
        ),
        (
            day(2025, 5, 10),
            day(2025, 5, 12, approximate=True),
            "c. 10\u201312 May 2025",
        ),
        (
            day(2025, 5, 30, approximate=True),
            day(2025, 6, 2),
            "c. 30 May 2025 \u2013 2 June 2025",
        ),
        (
            minute(2025, 5, 10, 9, 0, 0),
            minute(2025, 5, 10, 17, 0, 0),
            "10 May 2025, 09:00 UTC \u2013 10 May 2025, 17:00 UTC",
        ),
        (day(2025, 5, 12), day(2025, 5, 10), "12 May 2025 \u2013 10 May 2025"),
        (year(25), year(26), "0025\u20130026"),
    ],
)
def test_format_range(start, end, expected):
    assert format_range(start, end) == expected


def _shares_compact_context(start: PartialDate, end: PartialDate) -> bool:
    if start.precision != end.precision or not start.date < end.date:
        return False
    if start.precision is Precision.YEAR:
        return True
    if start.precision is Precision.MONTH:
        return start.date.year == end.date.year
    if start.precision is Precision.DAY:
        return start.date.replace(day=1) == end.date.replace(day=1)
    return False


@given(partial_dates(), partial_dates())
def test_format_range_is_compact_only_within_a_shared_year_or_month(start, end):
    result = format_range(start, end)
    if start == end:
        assert result == start.display()
    elif _shares_compact_context(start, end):
        assert " \u2013 " not in result
        assert result.startswith("c. ") == (start.approximate or end.approximate)
        assert result.endswith(end.display().removeprefix("c. ").split(" ", 1)[-1])
    else:
        assert result == f"{start.display()} \u2013 {end.display()}"


def test_approximate_event_span_built_like_the_model_renders_compactly():
    # Event.partial_end_date carries no approximate flag; the start's flag covers the span.
    start = parse_partial_date("c. 10 May 2025")
    end = PartialDate(D(2025, 5, 12), Precision.DAY)
    assert format_range(start, end) == "c. 10\u201312 May 2025"
