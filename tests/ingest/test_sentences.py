"""Splitting article text into sentences and clauses with their offsets."""

from __future__ import annotations

from timeline.ingest.sentences import split_clauses, split_sentences


def texts(text):
    return [span.text for span in split_sentences(text)]


def test_spans_are_verbatim_slices_of_the_text():
    text = "  First one.  Second one!\n\nThird one?  "
    for span in split_sentences(text):
        assert text[span.start : span.end] == span.text
    assert texts(text) == ["First one.", "Second one!", "Third one?"]


def test_abbreviations_do_not_end_sentences():
    text = "Mr. Rao met Gen. Munir on Jan. 5 in Washington. They talked."
    assert texts(text) == ["Mr. Rao met Gen. Munir on Jan. 5 in Washington.", "They talked."]


def test_us_ends_a_sentence_only_before_a_sentence_opener():
    assert texts("Talks were hosted by the U.S. The truce held.") == [
        "Talks were hosted by the U.S.",
        "The truce held.",
    ]
    assert texts("The U.S. envoy met U.N. officials.") == ["The U.S. envoy met U.N. officials."]


def test_initials_and_decimals_do_not_end_sentences():
    assert texts("J. R. Doe said inflation hit 3.5 percent. Prices rose.") == [
        "J. R. Doe said inflation hit 3.5 percent.",
        "Prices rose.",
    ]


def test_closing_quote_stays_with_its_sentence():
    assert texts('He said: "We will not talk." The talks failed.') == [
        'He said: "We will not talk."',
        "The talks failed.",
    ]


def test_line_breaks_end_sentences():
    assert texts("Headline without a full stop\nBody sentence.") == [
        "Headline without a full stop",
        "Body sentence.",
    ]


def test_clauses_split_at_but_and_semicolons():
    text = "A ceasefire was announced, but India refused mediation; Pakistan welcomed it."
    sentence = split_sentences(text)[0]
    assert [c.text for c in split_clauses(text, sentence)] == [
        "A ceasefire was announced",
        "India refused mediation",
        "Pakistan welcomed it.",
    ]


def test_lists_of_names_are_not_split():
    text = "The foreign ministers of Armenia, Azerbaijan, and Russia held talks."
    sentence = split_sentences(text)[0]
    assert [c.text for c in split_clauses(text, sentence)] == [text]
