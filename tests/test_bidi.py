"""Bidi controls in user text are closed on save, so they cannot reorder the page around them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.factories import EventFactory, SourceFactory
from timeline.text.bidi import BIDI_CONTROLS, close_bidi_controls, unclosed_bidi_controls

RLO, PDF, RLI, PDI = "\u202e", "\u202c", "\u2067", "\u2069"

text_with_controls = st.text(
    alphabet=st.sampled_from(sorted(BIDI_CONTROLS) + list("ab ‏")), max_size=40
)


def test_an_unclosed_override_is_closed_at_the_end():
    assert close_bidi_controls(f"Ceasefire {RLO}sdloh") == f"Ceasefire {RLO}sdloh{PDF}"


def test_nested_isolate_and_override_are_closed_innermost_first():
    assert close_bidi_controls(f"{RLI}a{RLO}b") == f"{RLI}a{RLO}b{PDF}{PDI}"


def test_terminators_that_close_nothing_are_dropped():
    assert close_bidi_controls(f"a{PDF}b{PDI}c") == "abc"


def test_text_without_controls_is_untouched():
    urdu = "پاکستان نے ثالثی کا خیرمقدم کیا \u200f"
    assert close_bidi_controls(urdu) is urdu


@given(text_with_controls)
def test_closed_text_leaves_nothing_open_and_closing_again_changes_nothing(text):
    closed = close_bidi_controls(text)
    assert unclosed_bidi_controls(closed) == []
    assert close_bidi_controls(closed) == closed


@given(text_with_controls)
def test_closing_only_removes_stray_terminators_and_appends_closers(text):
    closed = close_bidi_controls(text)
    kept = [c for c in text if c not in (PDF, PDI)]
    assert [c for c in closed if c not in (PDF, PDI)] == kept


@pytest.mark.django_db
def test_saved_event_and_source_text_is_closed():
    event = EventFactory(title=f"{RLO}Ceasefire", summary=f"{RLI}summary")
    source = SourceFactory(publisher=f"{RLO}Reuters")
    event.refresh_from_db()
    source.refresh_from_db()
    assert event.title == f"{RLO}Ceasefire{PDF}"
    assert event.summary == f"{RLI}summary{PDI}"
    assert source.publisher == f"{RLO}Reuters{PDF}"
    assert event.history.first().title == f"{RLO}Ceasefire{PDF}"
