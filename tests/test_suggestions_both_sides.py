"""Issue 17, item 2: reviewing the pasted wire story gives one disputed event, not two."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from tests.factories import ActorFactory, EventFactory, PlaceFactory
from tests.ingesting import card_of, cards, paste_and_save, review_path
from timeline.dates import Precision
from timeline.models import Event, Standing

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
NEELUM = (
    "Pakistan says Indian troops fired on its posts\n\n"
    "ISLAMABAD, May 12 (Reuters) - Pakistan's army said on Monday that Indian troops had opened "
    "fire on its posts in the Neelum valley overnight, the first reported breach since the "
    "ceasefire took effect on Saturday. India's army denied the claim, saying its troops had "
    "not fired a single shot. The United Nations Secretary-General welcomed the truce and urged "
    "both sides to respect it, while China offered to help mediate talks between the "
    "nuclear-armed neighbours."
)


@pytest.fixture
def neelum_story(client, editor, timeline):
    for name, slug in (("India", "india"), ("Pakistan", "pakistan"), ("China", "china")):
        ActorFactory(name=name, slug=slug)
    ActorFactory(name="United Nations", slug="united-nations", aliases="UN")
    PlaceFactory(name="Neelum valley", slug="neelum-valley")
    EventFactory(timeline=timeline, date=datetime.date(2025, 5, 10), precision=Precision.DAY)
    client.force_login(editor)
    source, url = paste_and_save(client, timeline=timeline.slug, content=NEELUM)
    return source, url


def test_the_cards_say_who_claims_who_denies_and_who_offers(client, neelum_story):
    source, url = neelum_story
    found = cards(client.get(url))
    claim = card_of(found, "Ceasefire violation", denial=False)
    assert claim.title == "Pakistan's army says India violates ceasefire near the Neelum valley"
    assert "Pakistan (target)" in claim.actors
    assert claim.facts["Date"].startswith("12 May 2025")
    denial = card_of(found, "Ceasefire violation", denial=True)
    assert denial.facts["Said by"] == "India's army"
    assert denial.facts["Stance"] == "Denies"
    assert card_of(found, "Mediation offered").title == "China offers to mediate"
    assert card_of(found, "Statement").actors == ["United Nations (initiator)"]
    assert all(card.type != "Talks" for card in found)


def test_accepting_the_claim_turns_the_denial_card_into_add_to_that_event(
    client, neelum_story, timeline
):
    source, url = neelum_story
    found = cards(client.get(url))
    claim = card_of(found, "Ceasefire violation", denial=False)
    denial = card_of(found, "Ceasefire violation", denial=True)
    response = client.post(claim.action_url(timeline.slug, source, "accept"), headers=HTMX)
    assert response.status_code == 200
    # The denial's card comes along, swapped out of band, offering to add to the new event.
    refreshed = [c for c in cards(response) if c.number == denial.number]
    assert refreshed and "Add this source to the existing event" in refreshed[0].buttons
    assert f'id="suggestion-{denial.number}"' in response.text
    assert 'hx-swap-oob="true" class="suggestion' in response.text
    # Even the stale card's Accept adds the denial to the event instead of a second one.
    client.post(denial.action_url(timeline.slug, source, "accept"), headers=HTMX)
    [event] = Event.objects.filter(timeline=timeline, event_type__slug="ceasefire-violation")
    assert [(c.attribution, c.stance) for c in event.citations.all()] == [
        ("Pakistan's army", "asserts"),
        ("India's army", "denies"),
    ]
    assert event.standing == Standing.DISPUTED
    page = client.get(event.get_absolute_url()).text
    assert "Disputed" in page and "<bdi>India&#x27;s army</bdi> denied" in page


def test_accept_all_makes_one_disputed_event_of_claim_and_denial(client, neelum_story, timeline):
    source, url = neelum_story
    found = cards(client.get(url))
    accept_all = reverse(
        "timeline:suggestions_accept_all", kwargs={"slug": timeline.slug, "pk": source.pk}
    )
    client.post(accept_all, {"key": [c.key for c in found]})
    violations = Event.objects.filter(timeline=timeline, event_type__slug="ceasefire-violation")
    assert violations.count() == 1
    assert violations.get().standing == Standing.DISPUTED
    assert set(
        Event.objects.filter(timeline=timeline).values_list("event_type__slug", flat=True)
    ) >= {"ceasefire-violation", "statement", "mediation-offered"}
    assert review_path(timeline.slug, source) in url
