"""Quotes anchored in archived text (TextQuoteSelector), after normalising the typography."""

from __future__ import annotations

from timeline.evidence.quotes import anchor

TEXT = "He said: “We will hold the line” — and left.\n\nTalks resume on  Monday–Tuesday."


def test_a_quote_is_found_with_its_prefix_and_suffix():
    selector = anchor("hold the line", TEXT)
    assert selector.exact == "hold the line"
    assert selector.prefix.endswith("“We will ")
    assert selector.suffix.startswith("” — and left.")


def test_straight_and_curly_quotes_match():
    assert anchor('"We will hold the line"', TEXT).exact == "We will hold the line"


def test_dashes_match_hyphens():
    assert anchor('line" - and left', TEXT) is not None
    assert anchor("Monday-Tuesday", TEXT).exact == "Monday–Tuesday"


def test_whitespace_and_line_breaks_are_one_space():
    assert anchor("and left. Talks resume on Monday", TEXT).exact.startswith("and left.\n\nTalks")


def test_soft_hyphens_are_ignored():
    assert anchor("Talks re\u00adsume", TEXT) is not None


def test_words_not_in_the_text_are_not_found():
    assert anchor("hold the border", TEXT) is None
    assert anchor("", TEXT) is None
