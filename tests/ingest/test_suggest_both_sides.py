"""Issue 17, item 2: the pasted wire story's claim, denial, mediation offer and statements."""

from __future__ import annotations

import datetime

from timeline.ingest.suggest import KnownActor, KnownPlace, suggest_events

from .helpers import ARTICLES_DIR

MONDAY = datetime.datetime(2025, 5, 12, tzinfo=datetime.UTC)
ARTICLE = (ARTICLES_DIR / "wire-neelum-valley-denial.txt").read_text(encoding="utf-8")
ARTICLE = ARTICLE.split(" - ", 1)[1]  # the text after the dateline, as the reader keeps it
ACTORS = (
    KnownActor("India", "india"),
    KnownActor("Pakistan", "pakistan"),
    KnownActor("China", "china"),
    KnownActor("United Nations", "united-nations", ("UN",)),
)
PLACES = (KnownPlace("Neelum valley", "neelum-valley"),)


def suggestions(text=ARTICLE):
    return suggest_events(text, published_at=MONDAY, actors=ACTORS, places=PLACES)


def by_type(found, type_slug, stance="asserts"):
    matches = [s for s in found if s.type_slug == type_slug and s.stance == stance]
    assert len(matches) == 1, [(s.type_slug, s.stance, s.title) for s in found]
    return matches[0]


def test_the_claim_is_attributed_and_the_side_fired_upon_is_the_target():
    claim = by_type(suggestions(), "ceasefire-violation")
    assert claim.title == "Pakistan's army says India violates ceasefire near the Neelum valley"
    assert claim.attribution == "Pakistan's army"
    assert {a.slug: a.role for a in claim.actors} == {"india": "initiator", "pakistan": "target"}
    assert claim.date == datetime.date(2025, 5, 12)


def test_the_denial_in_the_next_sentence_is_a_denial_of_the_same_event():
    denial = by_type(suggestions(), "ceasefire-violation", stance="denies")
    assert denial.quote.startswith("India's army denied the claim")
    assert denial.attribution == "India's army"
    assert denial.title == "India's army denies: India violates ceasefire near the Neelum valley"
    assert {a.slug: a.role for a in denial.actors} == {"india": "initiator", "pakistan": "target"}


def test_an_offer_to_help_mediate_is_a_mediation_offer_not_talks():
    found = suggestions()
    offer = by_type(found, "mediation-offered")
    assert offer.title == "China offers to mediate"
    assert [a.slug for a in offer.actors if a.role == "mediator"] == ["china"]
    assert not [s for s in found if s.type_slug == "negotiation"]


def test_an_official_statement_is_a_statement_event():
    text = (
        "Pakistan's foreign ministry issued a statement on Monday condemning what it called "
        "India's aggression."
    )
    statement = by_type(suggestions(text), "statement")
    assert [a.slug for a in statement.actors if a.role == "initiator"] == ["pakistan"]


def test_a_claim_by_its_own_doer_is_not_reattributed():
    text = "Pakistan said on Monday that it welcomed the offer of mediation."
    welcome = by_type(suggestions(text), "mediation-accepted")
    assert welcome.title == "Pakistan welcomes mediation offer"
