"""Reviewing the events an article suggests: what the cards show, and accept, accept all,
dismiss and undo, corroboration, "Edit then accept", stale pages."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.editing import snapshot
from tests.factories import (
    CitationFactory,
    EventActorFactory,
    EventFactory,
    SourceFactory,
    TimelineFactory,
    event_type,
)
from tests.ingesting import (
    SEED_TEXT,
    card_of,
    cards,
    known_actors_and_places,
    paste_and_save,
    review_path,
)
from timeline.dates import Precision
from timeline.models import (
    Actor,
    Citation,
    Event,
    EventType,
    PublicationStatus,
    Source,
    SuggestionDecision,
)

pytestmark = pytest.mark.django_db

ARTICLES = Path(__file__).parent / "ingest" / "articles"

HX = {"HX-Request": "true"}


@pytest.fixture
def seeded(client, editor, timeline):
    """The seed article pasted for the "ceasefire" timeline, with the demo's actors known."""
    known_actors_and_places()
    client.force_login(editor)
    source, url = paste_and_save(client, timeline=timeline.slug)
    return source, url


@pytest.fixture
def seed_cards(client, seeded):
    response = client.get(seeded[1])
    assert response.status_code == 200
    return cards(response)


def test_seed_article_proposes_the_ceasefire_announced_by_trump(seed_cards):
    card = card_of(seed_cards, "Ceasefire announced")
    assert "Donald Trump (mediator)" in card.actors
    assert {"India (initiator)", "Pakistan (initiator)"} <= set(card.actors)
    assert "has been announced by US President Donald Trump" in card.quote
    assert card.facts["Stance"] == "Asserts"


def test_seed_article_proposes_the_violation_along_the_loc_attributed_to_reports(seed_cards):
    card = card_of(seed_cards, "Ceasefire violation")
    assert card.facts["Said by"] == "reports"
    assert card.facts["Place"] == "Line of Control"
    assert card.actors == ["Pakistan (initiator)"]
    assert "heavy firing and shelling along the Line of Control (LoC)" in card.quote


def test_seed_article_proposes_the_us_offer_to_mediate_on_kashmir(seed_cards):
    card = card_of(seed_cards, "Mediation offered")
    assert card.title == "US offers to mediate on Kashmir"
    assert {"United States (mediator)", "Donald Trump (mediator)"} <= set(card.actors)
    assert card.facts["Place"] == "Kashmir"
    assert "The US offer to mediate in the Kashmir dispute" in card.quote


def test_seed_article_proposes_indias_refusal_as_a_denial(seed_cards):
    card = card_of(seed_cards, "Mediation rejected")
    assert card.denial
    assert card.facts["Stance"] == "Denies"
    assert "India (initiator)" in card.actors
    assert "India has refused to engage in third-party mediation, citing a 1972" in card.quote


def test_seed_article_proposes_pakistan_welcoming_the_offer(seed_cards):
    card = card_of(seed_cards, "Mediation welcomed")
    assert "Pakistan (initiator)" in card.actors
    assert "Pakistan, on the other hand, has welcomed the US offer" in card.quote


def test_seed_article_proposes_the_foreign_ministers_conditions(seed_cards):
    card = card_of(seed_cards, "Statement")
    assert card.facts["Said by"] == "India's foreign minister"
    assert "India's foreign minister (initiator)" in card.actors
    assert card.facts["Place"] == "Pakistan-occupied Kashmir"
    assert "only engage in talks with Pakistan on the return of Pakistan-occupied" in card.quote


def test_undated_suggestion_says_undated_and_which_date_accepting_gives(seed_cards):
    card = card_of(seed_cards, "Mediation welcomed")
    assert card.facts["Date"].startswith("Undated")
    assert "the day the article was added, as it has no publication date" in card.facts["Date"]


def test_unknown_parties_are_marked_as_new_actors(editor_client, timeline):
    source, url = paste_and_save(editor_client, timeline=timeline.slug)
    card = card_of(cards(editor_client.get(url)), "Mediation welcomed")
    assert "Pakistan (initiator) new actor" in card.actors


def test_dates_are_resolved_against_the_publication_date(editor_client, timeline):
    article = (ARTICLES / "wire-thailand-cambodia-ceasefire.txt").read_text(encoding="utf-8")
    source, url = paste_and_save(editor_client, timeline=timeline.slug, content=article)
    assert source.published_at == datetime.datetime(2025, 7, 28, 11, 12, tzinfo=datetime.UTC)
    found = cards(editor_client.get(url))
    ceasefire = card_of(found, "Ceasefire announced")
    assert ceasefire.facts["Date"] == "28 July 2025 (day), read from “on Monday”"
    assert card_of(found, "Military strike").facts["Date"].startswith("24 July 2025 (day)")


def test_review_page_query_count_does_not_grow_with_the_suggestions(editor_client, timeline):
    known_actors_and_places()
    short, _ = paste_and_save(editor_client, timeline=timeline.slug)
    long_text = SEED_TEXT + "\n\n" + SEED_TEXT.replace("Pakistan", "Bangladesh")
    long, _ = paste_and_save(editor_client, timeline=timeline.slug, content=long_text)
    counts = []
    for source in (short, long):
        found = cards(editor_client.get(review_path(timeline.slug, source)))
        accept_all = reverse(
            "timeline:suggestions_accept_all", kwargs={"slug": timeline.slug, "pk": source.pk}
        )
        editor_client.post(accept_all, {"key": [c.key for c in found]})
        with CaptureQueriesContext(connection) as queries:
            response = editor_client.get(review_path(timeline.slug, source))
        assert all(c.state for c in cards(response))
        counts.append((len(found), len(queries)))
    (few, short_queries), (many, long_queries) = counts
    assert many > few
    # 13: the timeline's citations of this source are read too, to match hand-added events.
    assert short_queries == long_queries <= 13


# --- Accept -------------------------------------------------------------------------------------


def test_accept_creates_a_draft_event_with_its_citation_actors_and_place(
    client, seeded, seed_cards, timeline
):
    source, url = seeded
    card = card_of(seed_cards, "Ceasefire violation")
    response = client.post(card.action_url(timeline.slug, source, "accept"))
    assert response.status_code == 302
    assert response["Location"] == f"{url}#suggestion-{card.number}"

    event = Event.objects.get(timeline=timeline)
    assert event.status == PublicationStatus.DRAFT
    assert event.title == card.title
    assert event.event_type.label == "Ceasefire violation"
    assert event.place.name == "Line of Control"
    assert [(ea.actor.name, ea.role) for ea in event.event_actors.all()] == [
        ("Pakistan", "initiator")
    ]
    citation = event.citations.get()
    assert citation.source == source
    assert (citation.attribution, citation.stance) == ("reports", "asserts")
    assert "heavy firing and shelling along the Line of Control (LoC)" in citation.quote
    assert event.approximate and event.precision == Precision.DAY
    assert "no date" in event.notes


def test_accepted_card_says_added_as_draft_with_a_link_to_edit_it(
    client, seeded, seed_cards, timeline
):
    source, url = seeded
    card = card_of(seed_cards, "Mediation welcomed")
    response = client.post(card.action_url(timeline.slug, source, "accept"), headers=HX)
    assert response.status_code == 200
    [swapped] = cards(response)
    event = Event.objects.get(timeline=timeline)
    assert swapped.state.startswith("Added as draft")
    assert f"edit “{event.title}”" in swapped.links
    # The count and "Accept all" above the cards follow, swapped out of band.
    assert '<div id="review-summary" hx-swap-oob="true">' in response.text
    assert f"; {len(seed_cards) - 1} to review." in response.text
    assert f"Accept all {len(seed_cards) - 1} remaining" in response.text
    assert "Accept" not in swapped.buttons
    edit_url = reverse("timeline:event_edit", kwargs={"slug": timeline.slug, "pk": event.pk})
    assert f'href="{edit_url}"' in response.text
    # And it stays so on the next visit.
    assert card_of(cards(client.get(url)), "Mediation welcomed").state.startswith("Added as draft")


def test_accepted_draft_appears_in_the_editors_chronology_with_its_quote(
    client, seeded, seed_cards, timeline
):
    source, _ = seeded
    card = card_of(seed_cards, "Mediation welcomed")
    client.post(card.action_url(timeline.slug, source, "accept"))
    text = client.get(timeline.get_absolute_url()).text
    assert "Pakistan welcomes mediation offer" in text
    assert "Draft" in text
    assert "Pakistan, on the other hand, has welcomed the US offer" in text
    assert "Pakistan welcomes mediation offer" not in Client().get(timeline.get_absolute_url()).text


def test_accept_creates_the_new_actors_the_suggestion_names(editor_client, timeline):
    source, url = paste_and_save(editor_client, timeline=timeline.slug)
    card = card_of(cards(editor_client.get(url)), "Mediation welcomed")
    editor_client.post(card.action_url(timeline.slug, source, "accept"))
    assert set(Actor.objects.values_list("name", flat=True)) == {"Pakistan", "United States"}
    assert Actor.objects.get(name="Pakistan").kind == "state"
    # The new actors are known now: no longer marked new on the other cards.
    again = card_of(cards(editor_client.get(url)), "Mediation offered")
    assert "Pakistan (target)" in again.actors
    assert "India (target) new actor" in again.actors


def test_accepting_twice_adds_one_event(client, seeded, seed_cards, timeline):
    source, _ = seeded
    card = card_of(seed_cards, "Statement")
    client.post(card.action_url(timeline.slug, source, "accept"))
    response = client.post(card.action_url(timeline.slug, source, "accept"), headers=HX)
    assert response.status_code == 200
    assert "This was already decided by editor." in response.text
    assert Event.objects.filter(timeline=timeline).count() == 1


def test_accept_all_adds_every_open_suggestion_as_a_draft(client, seeded, seed_cards, timeline):
    source, url = seeded
    dismissed = card_of(seed_cards, "Statement")
    client.post(dismissed.action_url(timeline.slug, source, "dismiss"))
    keys = [c.key for c in seed_cards if c.key != dismissed.key]
    accept_all = reverse(
        "timeline:suggestions_accept_all", kwargs={"slug": timeline.slug, "pk": source.pk}
    )
    response = client.post(accept_all, {"key": keys}, headers=HX)
    assert response.status_code == 200
    assert f"Added {len(keys)} draft events." in response.text
    events = Event.objects.filter(timeline=timeline)
    assert events.count() == len(keys)
    assert set(events.values_list("status", flat=True)) == {"draft"}
    assert Citation.objects.filter(source=source).count() == len(keys)
    after = cards(response)
    assert sum(c.state.startswith("Added as draft") for c in after) == len(keys)
    assert card_of(after, "Statement").state.startswith("Dismissed")
    assert "Accept all" not in response.text


def test_accept_all_without_javascript_returns_to_the_review_page(
    client, seeded, seed_cards, timeline
):
    source, url = seeded
    accept_all = reverse(
        "timeline:suggestions_accept_all", kwargs={"slug": timeline.slug, "pk": source.pk}
    )
    response = client.post(accept_all, {"key": [c.key for c in seed_cards]}, follow=True)
    assert response.redirect_chain == [(url, 302)]
    assert f"Added {len(seed_cards)} draft events." in response.text


# --- Dismiss and undo ----------------------------------------------------------------------------


def test_dismiss_marks_the_card_dismissed_and_undo_brings_it_back(
    client, seeded, seed_cards, timeline
):
    source, url = seeded
    card = card_of(seed_cards, "Mediation offered")
    before = snapshot()
    response = client.post(card.action_url(timeline.slug, source, "dismiss"), headers=HX)
    [swapped] = cards(response)
    assert swapped.state.startswith("Dismissed")
    assert swapped.buttons == ["Undo"]
    assert snapshot() == before, "dismissing changes no event"
    assert card_of(cards(client.get(url)), "Mediation offered").state.startswith("Dismissed")

    response = client.post(card.action_url(timeline.slug, source, "undo"), headers=HX)
    [swapped] = cards(response)
    assert swapped.state == ""
    assert swapped.buttons == ["Accept", "Dismiss"]
    assert not SuggestionDecision.objects.exists()


def test_undo_does_not_remove_an_accepted_event(client, seeded, seed_cards, timeline):
    source, _ = seeded
    card = card_of(seed_cards, "Mediation offered")
    client.post(card.action_url(timeline.slug, source, "accept"))
    client.post(card.action_url(timeline.slug, source, "undo"))
    assert SuggestionDecision.objects.get().decision == "accepted"
    assert Event.objects.filter(timeline=timeline).count() == 1


# --- Corroboration -------------------------------------------------------------------------------


def test_suggestion_matching_an_existing_event_offers_to_add_the_source(
    editor_client, editor, demo
):
    demo.editors.add(editor)
    _, url = paste_and_save(editor_client, timeline=demo.slug, url="https://news.example.org/seed")
    card = card_of(cards(editor_client.get(url)), "Mediation welcomed")
    assert "Add this source to the existing event" in card.buttons
    assert "Accept" not in card.buttons
    assert "Pakistan welcomes the US offer of mediation" in card.links


def test_corroboration_adds_a_citation_to_the_existing_event_instead_of_a_duplicate(
    editor_client, editor, demo
):
    demo.editors.add(editor)
    source, url = paste_and_save(
        editor_client, timeline=demo.slug, url="https://news.example.org/seed"
    )
    existing = demo.events.get(title="Pakistan welcomes the US offer of mediation")
    version, events = existing.version, demo.events.count()
    card = card_of(cards(editor_client.get(url)), "Mediation welcomed")
    response = editor_client.post(card.action_url(demo.slug, source, "corroborate"), headers=HX)
    [swapped] = cards(response)
    assert swapped.state.startswith("Source added to the existing event")
    assert demo.events.count() == events
    existing.refresh_from_db()
    assert existing.version == version + 1
    assert existing.citations.count() == 2
    added = existing.citations.get(source=source)
    assert added.quote.startswith("Pakistan, on the other hand, has welcomed the US offer")
    assert existing.history.first().history_change_reason.startswith("Source added")


def test_accept_all_corroborates_the_matching_suggestions(editor_client, editor, demo):
    demo.editors.add(editor)
    source, url = paste_and_save(editor_client, timeline=demo.slug)
    found = cards(editor_client.get(url))
    offering = [c for c in found if "Add this source to the existing event" in c.buttons]
    events = demo.events.count()
    accept_all = reverse(
        "timeline:suggestions_accept_all", kwargs={"slug": demo.slug, "pk": source.pk}
    )
    editor_client.post(accept_all, {"key": [c.key for c in found]})
    assert len(offering) >= 5
    assert demo.events.count() == events + len(found) - len(offering)
    assert Citation.objects.filter(source=source).count() == len(found)


# --- Edit then accept ----------------------------------------------------------------------------


def test_edit_then_accept_opens_the_event_form_filled_in_from_the_suggestion(
    client, seeded, seed_cards, timeline
):
    source, url = seeded
    card = card_of(seed_cards, "Ceasefire violation")
    response = client.get(
        f"/timelines/{timeline.slug}/events/new/?from_source={source.pk}&suggestion={card.key}"
    )
    assert response.status_code == 200
    editor_form = response.context["editor"]
    assert editor_form.form.initial["title"] == card.title
    assert editor_form.form.initial["place"] == "Line of Control"
    assert editor_form.form.initial["status"] == "draft"
    assert editor_form.actors.initial == [
        {"actor": "Pakistan", "role": "initiator", "new_kind": "state"}
    ]
    [citation] = editor_form.citations.initial
    assert citation["source"] == f"{source.title} [#{source.pk}]"
    assert citation["attribution"] == "reports"
    title = "Reports say Pakistan violates ceasefire along the Line of Control"
    assert f'value="{title}"' in response.text
    assert f'href="{url}#suggestion-{card.number}"' in response.text  # Cancel goes back


def test_saving_the_edited_suggestion_records_it_as_accepted(client, seeded, seed_cards, timeline):
    from tests.editing import event_form_data

    source, url = seeded
    card = card_of(seed_cards, "Ceasefire violation")
    action = f"/timelines/{timeline.slug}/events/new/?from_source={source.pk}&suggestion={card.key}"
    data = event_form_data(
        title="Pakistan breaches the ceasefire along the LoC",
        date="10 May 2025",
        status="draft",
        event_type=str(event_type("ceasefire-violation").pk),
        actors=[{"actor": "Pakistan", "role": "initiator"}],
        citations=[
            {
                "source": f"{source.title} [#{source.pk}]",
                "quote": "The move comes after a ceasefire understanding was violated by Pakistan",
                "attribution": "reports",
            }
        ],
    )
    response = client.post(action, data)
    assert response.status_code == 302
    assert response["Location"] == f"{url}#suggestion-{card.number}"
    event = Event.objects.get(timeline=timeline)
    assert event.title == "Pakistan breaches the ceasefire along the LoC"
    assert event.date == datetime.date(2025, 5, 10)
    decision = SuggestionDecision.objects.get()
    assert (decision.key, decision.decision, decision.event) == (card.key, "accepted", event)
    shown = card_of(cards(client.get(url)), "Ceasefire violation")
    assert shown.state.startswith("Added as draft")


def test_edit_then_accept_of_a_decided_suggestion_is_refused(client, seeded, seed_cards, timeline):
    source, _ = seeded
    card = card_of(seed_cards, "Ceasefire violation")
    client.post(card.action_url(timeline.slug, source, "dismiss"))
    response = client.get(
        f"/timelines/{timeline.slug}/events/new/?from_source={source.pk}&suggestion={card.key}"
    )
    assert response.status_code == 409
    assert "already accepted or dismissed" in response.text


# --- Stale pages ---------------------------------------------------------------------------------


def test_a_stale_suggestion_key_is_refused_and_changes_nothing(
    client, seeded, seed_cards, timeline
):
    source, _ = seeded
    card = seed_cards[0]
    wrong = f"{card.number + 1}-{card.key.split('-')[1]}"  # right quote, wrong place
    before = snapshot()
    url = reverse(
        "timeline:suggestion_accept", kwargs={"slug": timeline.slug, "pk": source.pk, "key": wrong}
    )
    response = client.post(url)
    assert response.status_code == 409
    assert "The suggestions have changed" in response.text
    response = client.post(url, headers=HX)
    assert response.status_code == 409
    assert "nothing was changed" in response.text
    assert snapshot() == before
    assert not SuggestionDecision.objects.exists()


def test_changed_article_text_makes_old_keys_stale(client, seeded, seed_cards, timeline):
    source, _ = seeded
    first_paragraph = source.text.split("\n\n")[0]
    assert "The US offer to mediate" in first_paragraph
    Source.objects.filter(pk=source.pk).update(text=source.text.replace(first_paragraph, ""))
    card = card_of(seed_cards, "Statement")
    response = client.post(card.action_url(timeline.slug, source, "accept"))
    assert response.status_code == 409
    assert not Event.objects.filter(timeline=timeline).exists()


def test_accept_all_with_a_stale_key_changes_nothing(client, seeded, seed_cards, timeline):
    source, _ = seeded
    accept_all = reverse(
        "timeline:suggestions_accept_all", kwargs={"slug": timeline.slug, "pk": source.pk}
    )
    before = snapshot()
    response = client.post(accept_all, {"key": [seed_cards[0].key, "99-0123456789ab"]})
    assert response.status_code == 409
    assert snapshot() == before


def test_suggestions_are_the_same_on_every_visit(client, seeded):
    _, url = seeded
    first = [(c.key, c.title, c.quote) for c in cards(client.get(url))]
    second = [(c.key, c.title, c.quote) for c in cards(client.get(url))]
    assert first == second


# --- Sources without text, another timeline ------------------------------------------------------


def test_source_without_text_says_there_is_nothing_to_suggest(editor_client, timeline):
    source = SourceFactory(text="")
    response = editor_client.get(review_path(timeline.slug, source))
    assert response.status_code == 200
    assert "has no stored article text" in response.text


def test_decisions_belong_to_one_timeline(client, seeded, seed_cards, timeline, editor):
    source, _ = seeded
    other = TimelineFactory(slug="second", editors=[editor])
    card = card_of(seed_cards, "Statement")
    client.post(card.action_url(timeline.slug, source, "dismiss"))
    elsewhere = card_of(cards(client.get(review_path(other.slug, source))), "Statement")
    assert elsewhere.state == ""


def test_an_event_added_by_hand_from_this_article_is_matched_not_duplicated(
    editor_client, timeline
):
    """Issue 17: after adding an event by hand that cites the article, pasting the article
    offered the same event again as a plain Accept."""
    known_actors_and_places()
    source = SourceFactory(text=SEED_TEXT, url="")
    event = EventFactory(timeline=timeline, event_type=event_type("mediation-accepted"))
    EventActorFactory(event=event, actor=Actor.objects.get(slug="pakistan"))
    CitationFactory(event=event, source=source, quote="Pakistan welcomed the offer.")
    card = card_of(
        cards(editor_client.get(review_path(timeline.slug, source))), "Mediation welcomed"
    )
    assert "Add this source to the existing event" in card.buttons
    assert "Accept" not in card.buttons
    # Citing the very sentence the card quotes, with its stance: nothing left to add.
    Citation.objects.filter(event=event).update(quote=card.quote)
    response = editor_client.get(review_path(timeline.slug, source))
    card = card_of(cards(response), "Mediation welcomed")
    assert "Already cited, with this quote, on" in response.text
    assert card.buttons == ["Dismiss"]


def test_card_of_an_accepted_event_deleted_since_says_so_without_an_edit_link(
    client, seeded, seed_cards, timeline
):
    source, url = seeded
    card = card_of(seed_cards, "Statement")
    client.post(card.action_url(timeline.slug, source, "accept"))
    event = Event.objects.get(timeline=timeline)
    client.post(reverse("timeline:event_delete", kwargs={"slug": timeline.slug, "pk": event.pk}))
    shown = card_of(cards(client.get(url)), "Statement")
    assert shown.state.startswith(f"Added as draft: “{event.title}”, since deleted")
    assert not any(link.startswith("edit") for link in shown.links)


def test_suggestion_of_a_type_deleted_since_asks_for_edit_then_accept(
    client, seeded, seed_cards, timeline
):
    source, url = seeded
    EventType.objects.filter(slug="statement").delete()
    card = card_of(cards(client.get(url)), "Statement")
    response = client.post(card.action_url(timeline.slug, source, "accept"), headers=HX)
    assert response.status_code == 409
    assert "no longer exists: use “Edit then accept” to choose one." in response.text
    assert not Event.objects.exists() and not SuggestionDecision.objects.exists()
    accept_all = reverse(
        "timeline:suggestions_accept_all", kwargs={"slug": timeline.slug, "pk": source.pk}
    )
    response = client.post(accept_all, {"key": [c.key for c in seed_cards]}, follow=True)
    assert "Not added (decided meanwhile, or needing “Edit then accept”)" in response.text
    assert Event.objects.count() == len(seed_cards) - 1
