"""Editors edit an event's tags in the event form: saved, limited, in history, pre-filled."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from tests.editing import event_form_data, snapshot
from tests.factories import EventFactory, TimelineFactory
from timeline.formats.import_files import read_import
from timeline.formats.import_plan import import_plan
from timeline.forms.events import EventForm
from timeline.models import TAG_MAX_LENGTH, TAGS_PER_EVENT, Event, Tag
from timeline.services.imports import import_apply
from timeline.services.tags import tag_events

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def new_url(timeline):
    return reverse("timeline:event_new", kwargs={"slug": timeline.slug})


def url(name, event):
    return reverse(f"timeline:{name}", kwargs={"slug": event.timeline.slug, "pk": event.pk})


def tag_names(event) -> list[str]:
    return sorted(event.tags.values_list("name", flat=True))


def form_errors(**fields) -> dict:
    form = EventForm(event_form_data(**fields))
    form.is_valid()
    return form.errors


def test_tags_are_split_on_commas_tidied_and_kept_once():
    form = EventForm(event_form_data(tags=" Ceasefire ,kashmir,,  Line   of Control, ceasefire "))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["tags"] == ["Ceasefire", "kashmir", "Line of Control"]


def test_too_long_a_tag_is_refused_with_its_length():
    errors = form_errors(tags="ceasefire, " + "x" * (TAG_MAX_LENGTH + 1))
    assert errors["tags"] == [
        f"The tag “{'x' * 30}…” is {TAG_MAX_LENGTH + 1} characters long; a tag has at most "
        f"{TAG_MAX_LENGTH}."
    ]


def test_too_many_tags_are_refused_with_the_limit():
    errors = form_errors(tags=", ".join(f"tag {n}" for n in range(TAGS_PER_EVENT + 1)))
    assert errors["tags"] == [
        f"{TAGS_PER_EVENT + 1} tags: an event has at most {TAGS_PER_EVENT}. "
        "Remove some, or merge them."
    ]


def test_the_form_states_the_limits(editor_client, timeline):
    html = editor_client.get(new_url(timeline)).text
    assert f"Up to {TAGS_PER_EVENT} tags of up to {TAG_MAX_LENGTH} characters each." in html


def test_a_new_event_is_saved_with_its_tags(editor_client, timeline):
    editor_client.post(new_url(timeline), event_form_data(tags="Ceasefire, Kashmir"))
    event = Event.objects.get(title="India and Pakistan agree to a ceasefire")
    assert tag_names(event) == ["Ceasefire", "Kashmir"]
    page = editor_client.get(timeline.get_absolute_url()).text
    assert '<a class="tag" href="/timelines/ceasefire/?tag=kashmir"><bdi>Kashmir</bdi></a>' in page


def test_a_new_event_from_the_inline_editor_is_saved_with_its_tags(editor_client, timeline):
    response = editor_client.post(
        new_url(timeline), event_form_data(tags="Mediation"), headers=HTMX
    )
    assert response.status_code == 200
    assert tag_names(Event.objects.get()) == ["Mediation"]


def test_an_invalid_tag_field_saves_nothing_and_shows_the_error_next_to_it(editor_client, timeline):
    before = snapshot()
    tags = ", ".join(f"t{n}" for n in range(TAGS_PER_EVENT + 1))
    response = editor_client.post(new_url(timeline), event_form_data(tags=tags), headers=HTMX)
    assert response.status_code == 422
    assert snapshot() == before and not Tag.objects.exists()
    assert f'<ul class="errorlist" id="edit-new-tags_error"><li>{TAGS_PER_EVENT + 1} tags' in (
        response.text
    )
    assert f'value="{tags}"' in response.text


def test_editing_shows_the_tags_filled_in(editor_client, timeline):
    event = EventFactory(timeline=timeline)
    tag_events(timeline, [(event, ["Kashmir", "Ceasefire"])])
    html = editor_client.get(url("event_edit", event)).text
    assert 'name="tags" value="Ceasefire, Kashmir"' in html


def test_an_edit_replaces_the_tags_and_reuses_the_timelines_own(editor_client, timeline):
    event = EventFactory(timeline=timeline, title="Talks")
    other = EventFactory(timeline=timeline, title="Other")
    tag_events(timeline, [(event, ["Kashmir"]), (other, ["Diplomacy"])])
    response = editor_client.post(
        url("event_edit", event), event_form_data(event, title="Talks", tags="diplomacy, Geneva")
    )
    assert response.status_code == 302
    assert Tag.objects.filter(timeline=timeline, slug="diplomacy").count() == 1
    assert tag_names(event) == ["Diplomacy", "Geneva"]


def test_tags_in_another_timeline_are_not_touched(editor_client, timeline):
    elsewhere = TimelineFactory(slug="elsewhere")
    tag_events(elsewhere, [(EventFactory(timeline=elsewhere), ["Kashmir"])])
    editor_client.post(new_url(timeline), event_form_data(tags="Kashmir"))
    assert Tag.objects.filter(slug="kashmir").count() == 2


def test_tags_in_other_scripts_stay_distinct(editor_client, timeline):
    editor_client.post(new_url(timeline), event_form_data(tags="وقف إطلاق النار, कश्मीर"))
    assert tag_names(Event.objects.get()) == sorted(["وقف إطلاق النار", "कश्मीर"])


def test_the_history_page_shows_a_tag_change(editor_client, timeline):
    editor_client.post(new_url(timeline), event_form_data(tags="Kashmir"))
    event = Event.objects.get()
    editor_client.post(url("event_edit", event), event_form_data(event, tags="Ceasefire, Kashmir"))
    html = editor_client.get(url("event_history", event)).text
    assert (
        '<th scope="row">Tags</th><td class="before">Kashmir</td>'
        '<td class="after">Ceasefire, Kashmir</td>' in html
    )


def test_an_edit_keeping_the_tags_shows_no_tag_change(editor_client, timeline):
    editor_client.post(new_url(timeline), event_form_data(tags="Kashmir"))
    event = Event.objects.get()
    editor_client.post(
        url("event_edit", event), event_form_data(event, title="New title", tags="kashmir")
    )
    html = editor_client.get(url("event_history", event)).text
    assert '<th scope="row">Title</th>' in html
    assert '<th scope="row">Tags</th>' not in html
    assert tag_names(event) == ["Kashmir"]


def test_a_conflict_shows_both_versions_tags(editor_client, timeline):
    event = EventFactory(timeline=timeline)
    tag_events(timeline, [(event, ["Kashmir"])])
    stale = event_form_data(event, tags="Ceasefire")
    Event.objects.filter(pk=event.pk).update(version=event.version + 1)
    response = editor_client.post(url("event_edit", event), stale)
    assert response.status_code == 409
    assert (
        '<th scope="row">Tags</th><td class="theirs">Kashmir</td><td class="mine">Ceasefire</td>'
        in response.text
    )
    assert tag_names(event) == ["Kashmir"]


def test_imported_events_record_their_tags_in_history(editor_client, timeline):
    raw = (Path(__file__).parent / "data" / "timelinejs_group_sample.json").read_bytes()
    plan = import_plan(read_import(raw, name="timeline.json"), timeline=timeline)
    assert plan.ok, plan.describe()
    import_apply(plan)
    tagged = [e for e in Event.objects.filter(timeline=timeline) if e.tags.exists()]
    assert tagged
    for event in tagged:
        assert event.history.get().tag_names == ", ".join(tag_names(event))
    # An edit keeping an imported event's tags shows no tag change in its history.
    event = tagged[0]
    editor_client.post(
        url("event_edit", event),
        event_form_data(event, title="Renamed", tags=", ".join(tag_names(event))),
    )
    html = editor_client.get(url("event_history", event)).text
    assert '<th scope="row">Title</th>' in html and '<th scope="row">Tags</th>' not in html


def test_the_inline_editor_returns_the_card_with_its_new_tags(editor_client, timeline):
    event = EventFactory(timeline=timeline, title="Talks")
    tag_events(timeline, [(event, ["Kashmir"])])
    editor_client.get(timeline.get_absolute_url())  # the card as readers had it, cached
    response = editor_client.post(
        url("event_edit", event),
        event_form_data(event, title="Talks", date=event.partial_date.display(), tags="Geneva"),
        headers=HTMX,
    )
    assert response.status_code == 200
    assert '<a class="tag" href="/timelines/ceasefire/?tag=geneva"><bdi>Geneva</bdi></a>' in (
        response.text
    )
    assert "?tag=kashmir" not in response.text
