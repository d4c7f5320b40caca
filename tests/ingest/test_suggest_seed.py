"""The seed article: the events an editor expects to be proposed, one behaviour a test."""

from __future__ import annotations

import pytest

from timeline.ingest.article import extract_article
from timeline.ingest.suggest import suggest_events

from .helpers import SEED_ACTORS, SEED_PATH, SEED_PLACES


@pytest.fixture(scope="module")
def seed_text():
    return extract_article(SEED_PATH.read_bytes()).text


@pytest.fixture(scope="module")
def suggestions(seed_text):
    return suggest_events(
        seed_text, published_at=None, actors=SEED_ACTORS, places=SEED_PLACES, existing=()
    )


def _one(suggestions, type_slug, stance="asserts"):
    found = [s for s in suggestions if s.type_slug == type_slug and s.stance == stance]
    assert len(found) == 1, [(s.type_slug, s.quote) for s in suggestions]
    return found[0]


def _slugs(suggestion, *roles):
    return {a.slug for a in suggestion.actors if not roles or a.role in roles}


def test_ceasefire_announced_by_trump(suggestions):
    ceasefire = _one(suggestions, "ceasefire-announced")
    assert "donald-trump" in _slugs(ceasefire, "initiator", "mediator")
    assert {"india", "pakistan"} <= _slugs(ceasefire, "initiator")
    assert "announced by US President Donald Trump" in ceasefire.quote


def test_ceasefire_violation_along_loc_is_attributed_to_reports(suggestions):
    violation = _one(suggestions, "ceasefire-violation")
    assert violation.attribution == "reports"
    assert violation.place_slug == "line-of-control"
    assert violation.place_name == "Line of Control"
    assert _slugs(violation, "initiator") == {"pakistan"}
    assert "heavy firing and shelling" in violation.quote


def test_us_offer_to_mediate_on_kashmir(suggestions):
    offer = _one(suggestions, "mediation-offered")
    assert "united-states" in _slugs(offer, "mediator")
    assert "donald-trump" in _slugs(offer)
    assert offer.place_slug == "kashmir"
    assert offer.title == "US offers to mediate on Kashmir"


def test_india_refuses_third_party_mediation_citing_1972_agreement(suggestions):
    refusal = _one(suggestions, "mediation-rejected", stance="denies")
    assert _slugs(refusal, "initiator") == {"india"}
    assert "refused to engage in third-party mediation" in refusal.quote
    assert "1972 agreement" in refusal.quote
    # The year dates the agreement, not the refusal.
    assert refusal.date is None and refusal.date_precision == ""


def test_pakistan_welcomes_the_offer(suggestions):
    welcome = _one(suggestions, "mediation-accepted")
    assert _slugs(welcome, "initiator") == {"pakistan"}
    assert "welcomed" in welcome.quote


def test_foreign_minister_sets_conditions_for_talks(suggestions):
    statement = _one(suggestions, "statement")
    assert statement.attribution == "India's foreign minister"
    assert statement.place_slug == "pakistan-occupied-kashmir"
    assert "indias-foreign-minister" in _slugs(statement, "initiator")
    assert "only engage in talks with Pakistan on the return" in statement.quote


def test_every_quote_is_a_verbatim_sentence_of_the_text(suggestions, seed_text):
    for suggestion in suggestions:
        assert suggestion.quote in seed_text
        assert suggestion.quote[-1] in '.!?"”'


def test_repeated_reports_are_merged_into_one_suggestion_each(suggestions):
    keys = [(s.type_slug, s.stance) for s in suggestions]
    assert len(keys) == len(set(keys))


def test_the_1972_agreement_is_dated_by_its_year(suggestions):
    agreement = _one(suggestions, "agreement-signed")
    assert agreement.date is not None and agreement.date.year == 1972
    assert agreement.date_precision == "year"
    assert agreement.date_text == "1972"


def test_undated_reports_have_no_date_without_a_publication_date(suggestions):
    for suggestion in suggestions:
        if suggestion.type_slug != "agreement-signed":
            assert suggestion.date is None
            assert suggestion.date_precision == ""
            assert suggestion.date_text == ""


def test_confidence_is_a_probability(suggestions):
    for suggestion in suggestions:
        assert 0.0 < suggestion.confidence <= 1.0


def test_suggestions_are_deterministic(seed_text):
    def run():
        return suggest_events(seed_text, published_at=None, actors=SEED_ACTORS, places=SEED_PLACES)

    assert run() == run()
