"""Issue 17, item 1: one article cited several times on an event, e.g. a claim and its denial."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.editing import event_form_data, snapshot
from tests.factories import CitationFactory, EventFactory, SourceFactory
from timeline.formats.import_files import read_import
from timeline.formats.import_plan import import_plan
from timeline.models import Citation, Event, Standing
from timeline.services.imports import import_apply

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
CLAIM = "Pakistan's army said Indian troops had opened fire on its posts."
DENIAL = "India's army denied the claim, saying its troops had not fired a single shot."


@pytest.fixture
def wire():
    return SourceFactory(title="Pakistan says India broke truce", publisher="Reuters")


def both_sides(source) -> list[dict]:
    ref = f"{source.title} [#{source.pk}]"
    return [
        {"source": ref, "quote": CLAIM, "attribution": "Pakistan's army", "stance": "asserts"},
        {"source": ref, "quote": DENIAL, "attribution": "India's army", "stance": "denies"},
    ]


def test_claim_and_denial_from_one_article_make_the_event_disputed(editor_client, timeline, wire):
    url = reverse("timeline:event_new", kwargs={"slug": timeline.slug})
    response = editor_client.post(url, event_form_data(citations=both_sides(wire)))
    assert response.status_code == 302
    event = Event.objects.get(timeline=timeline)
    assert [(c.attribution, c.stance) for c in event.citations.all()] == [
        ("Pakistan's army", "asserts"),
        ("India's army", "denies"),
    ]
    page = editor_client.get(event.get_absolute_url()).text
    assert event.standing == Standing.DISPUTED
    assert "Disputed" in page
    assert "According to <bdi>Pakistan&#x27;s army</bdi>" in page
    assert "<bdi>India&#x27;s army</bdi> denied" in page
    assert Event.objects.with_standing().get(pk=event.pk).standing_value == Standing.DISPUTED


def test_the_same_citation_twice_is_refused_next_to_the_quote(editor_client, timeline, wire):
    ref = f"{wire.title} [#{wire.pk}]"
    row = {"source": ref, "quote": CLAIM, "attribution": "Pakistan's army"}
    before = snapshot()
    url = reverse("timeline:event_new", kwargs={"slug": timeline.slug})
    response = editor_client.post(url, event_form_data(citations=[row, row]), headers=HTMX)
    assert response.status_code == 422
    assert "repeats another citation of the same source word for word" in response.text
    assert snapshot() == before


def test_editing_one_of_two_citations_of_a_source_keeps_the_other_row(
    editor_client, timeline, wire
):
    event = EventFactory(timeline=timeline)
    claim = CitationFactory(event=event, source=wire, quote=CLAIM, attribution="Pakistan's army")
    denial = CitationFactory(
        event=event, source=wire, quote=DENIAL, attribution="India's army", stance="denies"
    )
    rows = both_sides(wire)
    rows[1]["quote"] = "India's army denied the claim."
    url = reverse("timeline:event_edit", kwargs={"slug": timeline.slug, "pk": event.pk})
    response = editor_client.post(url, event_form_data(event, citations=rows))
    assert response.status_code == 302
    assert list(event.citations.values_list("pk", "quote")) == [
        (claim.pk, CLAIM),
        (denial.pk, "India's army denied the claim."),
    ]
    # One history record for the changed citation, none for the unchanged one.
    assert Citation.history.filter(id=claim.pk).count() == 1
    assert Citation.history.filter(id=denial.pk).count() == 2
    history = editor_client.get(
        reverse("timeline:event_history", kwargs={"slug": timeline.slug, "pk": event.pk})
    ).text
    assert "India&#x27;s army denied the claim." in history


def test_export_json_reimports_both_citations_of_one_source(client, editor, timeline, wire):
    event = EventFactory(timeline=timeline, status="published")
    CitationFactory(event=event, source=wire, quote=CLAIM, attribution="Pakistan's army")
    CitationFactory(
        event=event, source=wire, quote=DENIAL, attribution="India's army", stance="denies"
    )
    client.force_login(editor)
    raw = client.get(reverse("timeline:export_json", kwargs={"slug": timeline.slug})).content
    plan = import_plan(read_import(raw), new_slug="copy")
    assert plan.ok, [str(p) for p in plan.errors]
    result = import_apply(plan, user=editor)
    [copy] = result.timeline.events.all()
    assert [(c.source_id, c.stance) for c in copy.citations.all()] == [
        (wire.pk, "asserts"),
        (wire.pk, "denies"),
    ]
    assert copy.standing == Standing.DISPUTED
