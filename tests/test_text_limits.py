"""Every free-text field has a limit, shown in its form, with a clear message; rendering
Markdown costs a bounded time whatever the text (issue 13, finding 5).

Before: an event summary had no limit, and "*_" * 250,000 saved by an editor made every
anonymous request to the chronology take 30 s and end in a 500.
"""

from __future__ import annotations

import time

import pytest
from django.apps import apps
from django.db import models

from tests.factories import EventFactory, TimelineFactory, UserFactory, event_type
from timeline.models import SUMMARY_MAX_LENGTH, Event
from timeline.text.markup import MARKDOWN_MAX_CHARS, render_markdown

BOUND = 5.0


def test_every_free_text_field_of_the_app_has_a_limit():
    unlimited = [
        f"{model.__name__}.{field.name}"
        for model in apps.get_app_config("timeline").get_models()
        if not model.__name__.startswith("Historical")
        for field in model._meta.get_fields()
        if isinstance(field, models.CharField | models.TextField) and field.max_length is None
    ]
    assert unlimited == []


def test_text_fields_check_their_limit_on_full_clean():
    unchecked = [
        f"{model.__name__}.{field.name}"
        for model in apps.get_app_config("timeline").get_models()
        if not model.__name__.startswith("Historical")
        for field in model._meta.get_fields()
        if isinstance(field, models.TextField)
        and not any(getattr(v, "limit_value", None) == field.max_length for v in field.validators)
    ]
    assert unchecked == []


@pytest.fixture
def editor_client(client):
    user = UserFactory(username="limits-editor")
    TimelineFactory(slug="story", editors=[user])
    client.force_login(user)
    return client


def event_data(**changes):
    return {
        "title": "Ceasefire",
        "date": "10 May 2025",
        "event_type": event_type().pk,
        "status": "draft",
        "actors-TOTAL_FORMS": "0",
        "actors-INITIAL_FORMS": "0",
        "citations-TOTAL_FORMS": "0",
        "citations-INITIAL_FORMS": "0",
        **changes,
    }


@pytest.mark.django_db
def test_the_event_form_shows_the_summary_limit(editor_client):
    response = editor_client.get("/timelines/story/events/new/")
    assert f"Up to {SUMMARY_MAX_LENGTH:,} characters." in response.text


@pytest.mark.django_db
@pytest.mark.parametrize(("field", "label"), [("summary", "The summary"), ("notes", "The notes")])
def test_an_event_text_over_its_limit_is_refused_with_a_message(editor_client, field, label):
    response = editor_client.post(
        "/timelines/story/events/new/", event_data(**{field: "*_" * 2600})
    )
    assert response.status_code == 422
    assert f"{label} is too long: at most {SUMMARY_MAX_LENGTH} characters (this has 5200)." in (
        response.text
    )
    assert not Event.objects.filter(title="Ceasefire").exists()


@pytest.mark.django_db
def test_a_timeline_summary_over_its_limit_is_refused_with_a_message(editor_client):
    response = editor_client.post(
        "/timelines/story/edit/", {"title": "Story", "slug": "story", "summary": "x" * 5001}
    )
    assert response.status_code == 422
    assert "The summary is too long: at most 5000 characters (this has 5001)." in response.text
    assert "Up to 5,000 characters." in response.text
    assert 'maxlength="5000"' not in response.text  # a paste is never cut silently


@pytest.mark.django_db
def test_an_import_with_a_summary_over_the_limit_is_refused_at_preview(editor_client):
    from timeline.formats.import_files import read_import
    from timeline.formats.import_plan import import_plan

    csv = "date,title,event_type,summary\n2025-05-10,Long one,statement," + "x" * 5001 + "\n"
    plan = import_plan(read_import(csv.encode()), timeline=TimelineFactory())
    assert any("The summary is too long" in str(problem) for problem in plan.errors)


def test_rendering_the_worst_markdown_within_the_limit_is_quick():
    for pattern in ("*_", "[", "![", "**a", "_*a", "> ", "- "):
        text = (pattern * SUMMARY_MAX_LENGTH)[:SUMMARY_MAX_LENGTH]
        started = time.perf_counter()
        render_markdown(text)
        assert time.perf_counter() - started < 1.0, pattern


def test_text_past_the_markdown_bound_is_shown_as_plain_escaped_paragraphs():
    text = "*_" * (MARKDOWN_MAX_CHARS) + "\n\n<script>alert(1)</script>"
    started = time.perf_counter()
    html = render_markdown(text)
    assert time.perf_counter() - started < BOUND
    assert "<em>" not in html and "<script>" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.django_db
def test_a_chronology_with_a_huge_saved_summary_answers_quickly(client):
    """A summary saved before the limits (or around them) cannot take the page down."""
    timeline = TimelineFactory(slug="story")
    event = EventFactory(timeline=timeline, title="Huge summary")
    Event.objects.filter(pk=event.pk).update(summary="*_" * 250_000)
    started = time.perf_counter()
    response = client.get("/timelines/story/")
    assert response.status_code == 200
    assert "Huge summary" in response.text
    assert time.perf_counter() - started < BOUND
