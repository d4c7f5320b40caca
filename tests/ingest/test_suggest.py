"""Suggesting events from article text: types, actors, attribution, stance, dates, matching."""

from __future__ import annotations

import datetime
import subprocess
import sys
from pathlib import Path

import pytest

from timeline.ingest.suggest import KnownActor, KnownEvent, KnownPlace, suggest_events

IST = datetime.timezone(datetime.timedelta(hours=5, minutes=30))
SATURDAY = datetime.datetime(2025, 5, 10, 17, 5, tzinfo=IST)

ACTORS = (
    KnownActor("India", "india"),
    KnownActor("Pakistan", "pakistan"),
    KnownActor("United States", "united-states"),
    KnownActor("Donald Trump", "donald-trump", ("President Trump", "Trump")),
    KnownActor("Narendra Modi", "narendra-modi"),
    KnownActor("Armenia", "armenia"),
    KnownActor("Azerbaijan", "azerbaijan"),
)
PLACES = (KnownPlace("Line of Control", "line-of-control", ("LoC",)),)


def suggest(text, *, published_at=SATURDAY, actors=ACTORS, places=PLACES, existing=()):
    return suggest_events(
        text, published_at=published_at, actors=actors, places=places, existing=existing
    )


def only(suggestions):
    assert len(suggestions) == 1, [(s.type_slug, s.quote) for s in suggestions]
    return suggestions[0]


def slugs(suggestion, *roles):
    return {a.slug for a in suggestion.actors if not roles or a.role in roles}


# --- Types ---------------------------------------------------------------------------------------


def test_violation_of_a_ceasefire_is_not_also_an_announcement():
    suggestion = only(suggest("Pakistan violated the ceasefire along the LoC on Saturday."))
    assert suggestion.type_slug == "ceasefire-violation"
    assert suggestion.place_slug == "line-of-control"


def test_refusal_of_mediation_is_a_rejection_that_denies():
    suggestion = only(suggest("India rejected any third-party mediation on Kashmir."))
    assert suggestion.type_slug == "mediation-rejected"
    assert suggestion.stance == "denies"
    assert slugs(suggestion, "initiator") == {"india"}


def test_welcoming_an_offer_accepts_mediation():
    suggestion = only(suggest("Pakistan welcomed the mediation offer."))
    assert suggestion.type_slug == "mediation-accepted"
    assert slugs(suggestion, "initiator") == {"pakistan"}


def test_conditions_for_talks_are_a_statement_not_negotiation():
    suggestion = only(
        suggest("India will hold talks with Pakistan only if it hands over suspects.")
    )
    assert suggestion.type_slug == "statement"


def test_holding_talks_is_negotiation_between_the_parties():
    suggestion = only(suggest("India and Pakistan held talks in Geneva on Saturday."))
    assert suggestion.type_slug == "negotiation"
    assert slugs(suggestion, "initiator") == {"india", "pakistan"}
    assert suggestion.title == "India and Pakistan hold talks"


def test_sentence_without_an_event_gives_nothing():
    assert suggest("The weather in the valley was mild and markets were open.") == []


def test_empty_text_gives_nothing():
    assert suggest("") == []


def test_one_sentence_can_report_two_events():
    suggestions = suggest(
        "A ceasefire was announced by Trump, but India has refused third-party mediation."
    )
    assert [s.type_slug for s in suggestions] == ["ceasefire-announced", "mediation-rejected"]
    assert all(s.quote == suggestions[0].quote for s in suggestions)


def test_reports_of_the_same_event_merge_and_keep_the_most_specific_sentence():
    text = (
        "Pakistan has welcomed the offer. "
        "Pakistan, on the other hand, has welcomed the US offer to mediate on the LoC dispute."
    )
    welcomes = [s for s in suggest(text) if s.type_slug == "mediation-accepted"]
    assert len(welcomes) == 1
    assert welcomes[0].quote.startswith("Pakistan, on the other hand")


def test_same_type_by_different_actors_stays_apart():
    text = "India expelled a Pakistani diplomat. Pakistan expelled two Indian diplomats."
    expulsions = suggest(text)
    assert [slugs(s, "initiator") for s in expulsions] == [{"india"}, {"pakistan"}]


# --- Attribution and stance ----------------------------------------------------------------------


def test_denial_is_attributed_to_the_denier():
    suggestion = only(suggest("Azerbaijan denied that its troops had violated the ceasefire."))
    assert suggestion.type_slug == "ceasefire-violation"
    assert suggestion.stance == "denies"
    assert suggestion.attribution == "Azerbaijan"
    assert slugs(suggestion) == {"azerbaijan"}


def test_claim_and_its_rejection_give_both_stances():
    text = (
        "Armenian officials accused Azerbaijani troops of violating the truce, "
        "a claim Baku rejected."
    )
    suggestions = suggest(text)
    assert [(s.stance, s.attribution) for s in suggestions] == [
        ("asserts", "Armenian officials"),
        ("denies", "Baku"),
    ]
    assert all(slugs(s, "initiator") == {"azerbaijan"} for s in suggestions)


def test_according_to_names_the_source():
    suggestion = only(suggest("Pakistan shelled Indian posts, according to the Indian army."))
    assert suggestion.type_slug == "military-strike"
    assert suggestion.attribution == "the Indian army"


def test_trailing_said_names_the_source():
    suggestion = only(suggest("Indian forces struck launch pads near the LoC, officials said."))
    assert suggestion.attribution == "officials"


def test_stated_that_names_the_source():
    suggestion = only(
        suggest("India's foreign minister has stated that talks will happen only on PoK.")
    )
    assert suggestion.attribution == "India's foreign minister"


def test_reports_of_names_reports_as_the_source():
    suggestion = only(suggest("The truce was violated, with reports of shelling along the LoC."))
    assert suggestion.attribution == "reports"


def test_plain_assertion_has_no_attribution():
    assert only(suggest("India and Pakistan agreed to a ceasefire.")).attribution == ""


# --- Actors --------------------------------------------------------------------------------------


def test_capitals_stand_for_known_states():
    suggestion = only(suggest("New Delhi rejected Islamabad's call for mediation."))
    assert slugs(suggestion) == {"india", "pakistan"}
    assert slugs(suggestion, "initiator") == {"india"}


def test_capitals_are_not_offered_when_the_state_is_unknown():
    suggestion = only(suggest("Washington offered to mediate.", actors=()))
    assert suggestion.actors == []


def test_short_forms_and_surnames_match_known_actors():
    text = "The U.S. offered to mediate. President Trump said Modi had welcomed the mediation."
    suggestions = suggest(text)
    offered = next(s for s in suggestions if s.type_slug == "mediation-offered")
    accepted = next(s for s in suggestions if s.type_slug == "mediation-accepted")
    assert "united-states" in slugs(offered, "mediator")
    assert "narendra-modi" in slugs(accepted, "initiator")


def test_city_after_in_is_a_place_not_an_actor():
    suggestion = only(suggest("Protesters marched in Islamabad on Friday."))
    assert suggestion.type_slug == "protest"
    assert suggestion.actors == []


def test_unknown_named_parties_are_offered_as_new_actors():
    suggestion = only(suggest("The Taliban attacked a checkpoint in Kandahar province.", actors=()))
    assert [(a.name, a.slug, a.role) for a in suggestion.actors] == [("Taliban", None, "initiator")]


def test_titled_people_and_organisations_are_offered_without_junk_words():
    text = (
        "The Rapid Support Forces signed a truce agreement with the Sudanese Armed Forces, "
        "Foreign Minister Ali Youssef said."
    )
    names = {a.name for a in only(suggest(text, actors=())).actors}
    assert names == {"Rapid Support Forces", "Sudanese Armed Forces", "Ali Youssef"}


def test_known_actor_named_in_a_longer_known_actor_is_kept_as_other():
    actors = (*ACTORS, KnownActor("India's foreign minister", "indias-foreign-minister"))
    suggestion = only(
        suggest("India's foreign minister said talks would happen only on PoK.", actors=actors)
    )
    roles = {a.slug: a.role for a in suggestion.actors}
    assert roles["indias-foreign-minister"] == "initiator"
    assert roles["india"] == "other"


def test_a_state_describing_a_person_is_not_the_doer():
    suggestion = only(suggest("A ceasefire was announced by US President Donald Trump."))
    roles = {a.slug: a.role for a in suggestion.actors}
    assert roles == {"united-states": "other", "donald-trump": "initiator"}


def test_the_two_sides_refers_to_the_pair_named_before():
    text = "Armenia and Azerbaijan agreed to a ceasefire. The two sides signed an agreement."
    agreement = next(s for s in suggest(text) if s.type_slug == "agreement-signed")
    assert slugs(agreement, "initiator") == {"armenia", "azerbaijan"}


# --- Dates ---------------------------------------------------------------------------------------


def test_on_saturday_in_a_saturday_article_is_that_saturday():
    suggestion = only(suggest("India and Pakistan agreed to a ceasefire on Saturday."))
    assert suggestion.date == datetime.date(2025, 5, 10)
    assert suggestion.date_precision == "day"
    assert suggestion.date_text == "on Saturday"


def test_on_friday_in_a_saturday_article_is_the_day_before():
    suggestion = only(suggest("India and Pakistan agreed to a ceasefire on Friday."))
    assert suggestion.date == datetime.date(2025, 5, 9)


def test_last_week_is_seven_days_before_publication():
    suggestion = only(suggest("Armenia and Azerbaijan held talks last week."))
    assert suggestion.date == datetime.date(2025, 5, 3)
    assert suggestion.date_precision == "day"
    assert suggestion.date_text == "last week"


def test_day_and_month_take_the_year_of_publication():
    suggestion = only(suggest("The two armies agreed a truce on 10 May.", actors=()))
    assert suggestion.date == datetime.date(2025, 5, 10)
    assert suggestion.date_text == "on 10 May"


def test_a_year_gives_year_precision():
    suggestion = only(suggest("India and Pakistan signed an agreement in 1972."))
    assert suggestion.date == datetime.date(1972, 1, 1)
    assert suggestion.date_precision == "year"
    assert suggestion.date_text == "in 1972"


def test_month_and_year_give_month_precision():
    suggestion = only(suggest("India and Pakistan held talks in March 2024."))
    assert (suggestion.date, suggestion.date_precision) == (datetime.date(2024, 3, 1), "month")


def test_no_date_words_give_no_date():
    suggestion = only(suggest("India and Pakistan agreed to a ceasefire."))
    assert (suggestion.date, suggestion.date_precision, suggestion.date_text) == (None, "", "")


def test_relative_dates_need_a_publication_date():
    suggestion = only(
        suggest("India and Pakistan agreed to a ceasefire on Saturday.", published_at=None)
    )
    assert (suggestion.date, suggestion.date_precision, suggestion.date_text) == (None, "", "")


def test_absolute_dates_need_no_publication_date():
    text = "India and Pakistan agreed to a ceasefire on 10 May 2025."
    suggestion = only(suggest(text, published_at=None))
    assert suggestion.date == datetime.date(2025, 5, 10)


def test_date_of_another_event_in_a_since_clause_is_not_used():
    text = "India and Pakistan held talks, the first since the war began in March 2024."
    assert only(suggest(text)).date is None


# --- Matching existing events --------------------------------------------------------------------


CEASEFIRE = KnownEvent(7, "Ceasefire", "ceasefire-announced", ("india", "pakistan"), None)


def test_suggestion_matches_event_of_same_type_and_actors():
    suggestion = only(suggest("India and Pakistan agreed to a ceasefire.", existing=[CEASEFIRE]))
    assert suggestion.matches_event_id == 7


def test_suggestion_matches_only_on_close_dates_when_both_are_dated():
    near = KnownEvent(8, "Ceasefire", "ceasefire-announced", ("india",), datetime.date(2025, 5, 10))
    far = KnownEvent(9, "Ceasefire", "ceasefire-announced", ("india",), datetime.date(2021, 2, 25))
    text = "India and Pakistan agreed to a ceasefire on Saturday."
    assert only(suggest(text, existing=[far, near])).matches_event_id == 8
    assert only(suggest(text, existing=[far])).matches_event_id is None


def test_suggestion_does_not_match_another_type_or_other_actors():
    other_type = KnownEvent(1, "Talks", "negotiation", ("india", "pakistan"), None)
    other_actors = KnownEvent(2, "Truce", "ceasefire-announced", ("armenia",), None)
    text = "India and Pakistan agreed to a ceasefire."
    assert only(suggest(text, existing=[other_type, other_actors])).matches_event_id is None


def test_suggestion_prefers_the_event_sharing_most_actors():
    one = KnownEvent(3, "Truce", "ceasefire-announced", ("india",), None)
    both = KnownEvent(4, "Truce", "ceasefire-announced", ("india", "pakistan"), None)
    text = "India and Pakistan agreed to a ceasefire."
    assert only(suggest(text, existing=[one, both])).matches_event_id == 4


# --- Package boundaries --------------------------------------------------------------------------


def test_quotes_are_verbatim_sentences():
    text = "Mr. Rao said the U.S. had offered to mediate. Gen. Munir rejected mediation on Jan. 5."
    for suggestion in suggest(text):
        assert suggestion.quote in text
    assert [s.quote for s in suggest(text)] == [
        "Mr. Rao said the U.S. had offered to mediate.",
        "Gen. Munir rejected mediation on Jan. 5.",
    ]


def test_package_does_not_import_django():
    code = (
        "import sys, timeline.ingest.article, timeline.ingest.suggest, timeline.ingest.evaluate;"
        "print(any(name == 'django' or name.startswith('django.') for name in sys.modules))"
    )
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root
    )
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize("published_at", [SATURDAY, None])
def test_suggestions_are_deterministic(published_at):
    text = "India and Pakistan agreed to a ceasefire on Saturday, but talks stalled last week."
    assert suggest(text, published_at=published_at) == suggest(text, published_at=published_at)
