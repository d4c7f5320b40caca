"""The event form through the test client: saving, errors in place, delete/undo, reordering."""

from __future__ import annotations

import datetime
import json
import re

import pytest
from django.urls import reverse

from tests.editing import event_form_data, snapshot
from tests.factories import (
    ActorFactory,
    CitationFactory,
    EventActorFactory,
    EventFactory,
    PlaceFactory,
    SourceFactory,
    event_type,
)
from timeline.dates import Precision
from timeline.models import Actor, Citation, Event, Place, Source
from timeline.reader.chronology import PAGE_SIZE

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def new_url(timeline):
    return reverse("timeline:event_new", kwargs={"slug": timeline.slug})


def edit_url(event):
    return reverse("timeline:event_edit", kwargs={"slug": event.timeline.slug, "pk": event.pk})


def event_url(name, event):
    return reverse(f"timeline:{name}", kwargs={"slug": event.timeline.slug, "pk": event.pk})


def outline(html: str) -> list[str]:
    """Year and month headings and event titles, in order, each with its heading level."""
    headings = re.findall(
        r'<h(\d) class="(?:year-heading|month-heading|event-title)"[^>]*>(.*?)</h\1>', html, re.S
    )
    return [f"h{level} {re.sub(r'<[^>]+>', '', text).strip()}" for level, text in headings]


def focused_after_swap(response) -> str:
    """The element the response asks editor.js to focus once the swap has settled."""
    return json.loads(response["HX-Trigger-After-Settle"])["editor-focus"]["id"]


def field_errors(html: str, field_id: str) -> str:
    """The error list Django renders for one field (its id is '<field id>_error')."""
    match = re.search(rf'<ul class="errorlist" id="{field_id}_error">(.*?)</ul>', html, re.S)
    return match.group(1) if match else ""


# --- Creating -------------------------------------------------------------------------------


def test_new_event_is_saved_with_actors_citations_and_place(editor_client, timeline, editor):
    source = SourceFactory(title="Ceasefire report", publisher="Reuters")
    ActorFactory(name="India")
    data = event_form_data(
        title="Ceasefire agreed",
        date="c. 10 May 2025",
        place="Line of Control",
        actors=[
            {"actor": "india", "role": "initiator"},
            {"actor": "Pakistan", "role": "target", "new_kind": "state"},
        ],
        citations=[
            {
                "source": f"Ceasefire report [#{source.pk}]",
                "quote": "Both sides agreed.",
                "attribution": "Indian officials",
            },
            {
                "new_source_url": "https://example.org/news/ceasefire",
                "new_source_title": "Pakistan welcomes the ceasefire",
                "new_source_publisher": "Dawn",
                "new_source_published": "2025-05-11",
                "quote": "Pakistan denied any violation.",
                "stance": "denies",
            },
        ],
    )
    response = editor_client.post(new_url(timeline), data)
    event = Event.objects.get(title="Ceasefire agreed")
    assert response.status_code == 302
    assert response["Location"] == f"/timelines/ceasefire/#event-{event.pk}"
    assert event.partial_date.display() == "c. 10 May 2025"
    assert event.created_by == editor and event.version == 1
    assert event.place == Place.objects.get(name="Line of Control")
    assert sorted((ea.actor.name, ea.role) for ea in event.event_actors.all()) == [
        ("India", "initiator"),
        ("Pakistan", "target"),
    ]
    assert Actor.objects.get(name="Pakistan").kind == "state"
    new_source = Source.objects.get(title="Pakistan welcomes the ceasefire")
    assert new_source.published_at == datetime.datetime(2025, 5, 11, tzinfo=datetime.UTC)
    citations = {c.source: c for c in event.citations.all()}
    assert citations[source].attribution == "Indian officials"
    assert citations[new_source].stance == "denies"
    assert event.standing == "disputed"


def test_new_event_goes_after_the_events_of_its_date(editor_client, timeline):
    EventFactory(timeline=timeline, position=0)
    EventFactory(timeline=timeline, position=1)
    editor_client.post(new_url(timeline), event_form_data(title="Third that day"))
    assert Event.objects.get(title="Third that day").position == 2


def test_htmx_add_shows_the_list_with_the_new_card_in_its_place_and_focuses_it(
    editor_client, timeline
):
    EventFactory(timeline=timeline, title="Talks", date=datetime.date(2025, 4, 30))
    EventFactory(timeline=timeline, title="Shelling", date=datetime.date(2025, 5, 20))
    response = editor_client.post(new_url(timeline), event_form_data(), headers=HTMX)
    event = Event.objects.get(title="India and Pakistan agree to a ceasefire")
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#event-list" and response["HX-Reswap"] == "outerHTML"
    assert outline(response.text) == [
        "h3 2025",
        "h4 April 2025",
        "h5 Talks",
        "h4 May 2025",
        "h5 India and Pakistan agree to a ceasefire",
        "h5 Shelling",
    ]
    assert focused_after_swap(response) == f"event-{event.pk}"
    # The add control comes back in place of the form.
    assert re.search(
        r'<div id="add-event"[^>]*hx-swap-oob="innerHTML">.*>Add event</button>',
        response.text,
        re.S,
    )


def test_htmx_add_that_the_view_filters_out_tells_the_editor(editor_client, timeline):
    EventFactory(timeline=timeline, title="Shelling", event_type=event_type("ceasefire-violation"))
    view = f"http://testserver{timeline.get_absolute_url()}?type=ceasefire-violation"
    response = editor_client.post(
        new_url(timeline), event_form_data(), headers=HTMX | {"HX-Current-URL": view}
    )
    assert response.status_code == 200
    assert outline(response.text) == ["h3 2025", "h4 May 2025", "h5 Shelling"]
    notice = json.loads(response["HX-Trigger"])["editor-notice"]["message"]
    assert notice == (
        "Added “India and Pakistan agree to a ceasefire”; the filters of this view leave it out."
    )


def test_htmx_get_of_new_form_returns_the_fragment(editor_client, timeline):
    response = editor_client.get(new_url(timeline), headers=HTMX)
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<form id="event-new"')
    assert "<html" not in response.text
    assert '<label for="edit-new-title">Title</label>' in response.text
    assert '<label for="edit-new-summary">Summary</label>' in response.text
    assert '<label for="edit-new-date">Date</label>' in response.text
    assert '<label for="edit-new-event_type">Type</label>' in response.text


def test_cancel_of_the_new_form_brings_back_the_add_button(editor_client, timeline):
    response = editor_client.get(new_url(timeline) + "?cancel=1", headers=HTMX)
    assert ">Add event</button>" in response.text
    assert "<form id=" not in response.text


# --- Errors in place ----------------------------------------------------------------------------


def _invalid_add(client, timeline, **overrides):
    before = snapshot()
    data = event_form_data(**overrides)
    response = client.post(new_url(timeline), data, headers=HTMX)
    assert response.status_code == 422
    assert snapshot() == before, "an invalid form saved something"
    assert "Not saved yet" in response.text
    return response.text


def test_empty_title_is_refused_next_to_the_field_and_other_input_kept(editor_client, timeline):
    html = _invalid_add(editor_client, timeline, title="", summary="Kept *summary*")
    assert "Give the event a title." in field_errors(html, "edit-new-title")
    assert "Kept *summary*</textarea>" in html
    assert 'value="10 May 2025"' in html


def test_unparseable_date_lists_the_accepted_forms(editor_client, timeline):
    html = _invalid_add(editor_client, timeline, date="next Tuesday-ish", title="Kept title")
    errors = field_errors(html, "edit-new-date")
    assert "Could not understand" in errors
    assert "1972, May 2025, 10 May 2025, 2025-05-10" in errors
    assert 'value="Kept title"' in html
    assert 'aria-invalid="true"' in html


def test_end_before_start_is_refused(editor_client, timeline):
    html = _invalid_add(editor_client, timeline, date="10 May 2025", end_date="2 May 2025")
    assert "The end (2 May 2025) is before the start (10 May 2025)." in field_errors(
        html, "edit-new-end_date"
    )


def test_source_url_that_is_not_http_is_refused(editor_client, timeline):
    html = _invalid_add(
        editor_client,
        timeline,
        citations=[
            {
                "new_source_url": "javascript:alert(1)",
                "new_source_title": "Bad link",
                "quote": "Kept quote",
            }
        ],
    )
    assert "Only http:// and https:// links are allowed" in field_errors(
        html, "edit-new-citations-0-new_source_url"
    )
    assert "Kept quote</textarea>" in html


def test_duplicate_source_url_offers_the_existing_source(editor_client, timeline):
    existing = SourceFactory(url="https://www.example.org/story?utm_source=x", title="Old story")
    citation = {
        "new_source_url": "http://example.org/story/",
        "new_source_title": "Same story again",
        "quote": "The quote",
    }
    html = _invalid_add(editor_client, timeline, citations=[citation])
    assert "A source with this URL already exists: “Old story”" in field_errors(
        html, "edit-new-citations-0-new_source_url"
    )
    assert "Cite the existing source" in html

    citation["use_existing_source"] = "on"
    response = editor_client.post(new_url(timeline), event_form_data(citations=[citation]))
    assert response.status_code == 302
    assert Source.objects.count() == 1
    assert Citation.objects.get().source == existing


def test_over_long_quote_is_refused(editor_client, timeline):
    source = SourceFactory()
    html = _invalid_add(
        editor_client,
        timeline,
        citations=[{"source": f"{source.title} [#{source.pk}]", "quote": "x" * 2001}],
    )
    assert "at most 2000 characters (this one has 2001)" in field_errors(
        html, "edit-new-citations-0-quote"
    )


def test_citation_without_a_source_is_refused(editor_client, timeline):
    html = _invalid_add(editor_client, timeline, citations=[{"quote": "Who said this?"}])
    assert "Choose a source for this citation" in field_errors(html, "edit-new-citations-0-source")
    assert "Who said this?</textarea>" in html


def test_unknown_source_reference_is_refused(editor_client, timeline):
    html = _invalid_add(editor_client, timeline, citations=[{"source": "No such article"}])
    assert "No source matches “No such article”" in html


def test_plain_invalid_submit_gets_the_full_page_with_422(editor_client, timeline):
    response = editor_client.post(new_url(timeline), event_form_data(title=""))
    assert response.status_code == 422
    assert "<html" in response.text and "Give the event a title." in response.text


# --- Editing --------------------------------------------------------------------------------


def test_edit_form_shows_the_saved_values_and_version(editor_client, timeline):
    event = EventFactory(timeline=timeline, title="Old", approximate=True, version=3)
    CitationFactory(event=event, quote="The quote", source=SourceFactory(title="Paper"))
    EventActorFactory(event=event, actor=ActorFactory(name="India"))
    html = editor_client.get(edit_url(event), headers=HTMX).text
    assert html.lstrip().startswith(f'<form id="event-{event.pk}"')
    assert 'name="version" value="3"' in html
    assert 'value="10 May 2025"' in html  # approximation is the checkbox, not "c. "
    assert 'name="approximate" id="edit-' in html and "checked" in html
    assert f'value="Paper [#{event.citations.get().source_id}]"' in html
    assert 'value="India"' in html


def test_htmx_save_returns_the_card_and_keeps_citations(editor_client, timeline, editor):
    event = EventFactory(timeline=timeline, title="Old title")
    citation = CitationFactory(event=event, quote="Kept")
    data = event_form_data(
        event,
        title="New title",
        citations=[{"source": f"x [#{citation.source_id}]", "quote": "Kept"}],
    )
    response = editor_client.post(edit_url(event), data, headers=HTMX)
    event.refresh_from_db()
    assert response.status_code == 200
    # Its date is unchanged, so the card alone comes back, for the place of the form.
    assert response.text.lstrip().startswith(f'<article class="event type-{event.event_type.slug}"')
    assert outline(response.text) == ["h5 New title"]  # under its month heading, as before
    assert 'id="event-list"' not in response.text
    assert focused_after_swap(response) == f"event-{event.pk}"
    assert event.title == "New title" and event.version == 2 and event.updated_by == editor
    assert list(event.citations.all()) == [citation]
    assert event.history.count() == 2
    assert Citation.history.count() == 1  # unchanged citation: no new record


def test_removing_a_citation_row_deletes_the_citation(editor_client, timeline):
    event = EventFactory(timeline=timeline)
    citation = CitationFactory(event=event)
    data = event_form_data(
        event, citations=[{"source": f"x [#{citation.source_id}]", "DELETE": "on"}]
    )
    assert editor_client.post(edit_url(event), data).status_code == 302
    assert not event.citations.exists()


def test_changing_the_date_moves_the_event_to_its_new_place(editor_client, timeline):
    EventFactory(timeline=timeline, title="First", date=datetime.date(2025, 5, 1))
    moving = EventFactory(timeline=timeline, title="Moving", date=datetime.date(2025, 5, 2))
    EventFactory(timeline=timeline, title="Last", date=datetime.date(2025, 5, 3))
    data = event_form_data(moving, title="Moving", date="May 2025")
    response = editor_client.post(edit_url(moving), data, headers=HTMX)
    moving.refresh_from_db()
    assert moving.precision == Precision.MONTH
    assert response["HX-Retarget"] == "#event-list"
    # "May 2025" sorts before "1 May 2025".
    assert outline(response.text) == ["h3 2025", "h4 May 2025", "h5 Moving", "h5 First", "h5 Last"]
    assert focused_after_swap(response) == f"event-{moving.pk}"


def test_a_new_month_or_year_puts_the_card_under_its_own_headings(editor_client, timeline):
    moving = EventFactory(timeline=timeline, title="Moving", date=datetime.date(2025, 5, 2))
    EventFactory(timeline=timeline, title="Stays", date=datetime.date(2025, 5, 3))
    data = event_form_data(moving, title="Moving", date="12 January 2026")
    response = editor_client.post(edit_url(moving), data, headers=HTMX)
    assert outline(response.text) == [
        "h3 2025",
        "h4 May 2025",
        "h5 Stays",
        "h3 2026",
        "h4 January 2026",
        "h5 Moving",
    ]
    data = event_form_data(Event.objects.get(pk=moving.pk), title="Moving", date="2025")
    response = editor_client.post(edit_url(moving), data, headers=HTMX)
    assert outline(response.text) == ["h3 2025", "h4 Moving", "h4 May 2025", "h5 Stays"]


def test_a_moved_card_comes_back_in_the_view_with_its_filters_and_page(editor_client, timeline):
    """Filters from the page the editor is on are kept; later pages are shown down to the card."""
    for day in range(PAGE_SIZE + 5):
        EventFactory(
            timeline=timeline,
            title=f"Shelling {day}",
            date=datetime.date(2025, 1, 1) + datetime.timedelta(days=day),
            event_type=event_type("ceasefire-violation"),
        )
    other = EventFactory(timeline=timeline, title="Talks", date=datetime.date(2025, 1, 2))
    moving = Event.objects.get(title="Shelling 0")
    view = (
        f"http://testserver{timeline.get_absolute_url()}?type=ceasefire-violation#event-{moving.pk}"
    )
    data = event_form_data(moving, title="Shelling 0", date="1 June 2025")
    data["event_type"] = str(moving.event_type_id)
    response = editor_client.post(edit_url(moving), data, headers=HTMX | {"HX-Current-URL": view})
    titles = [line for line in outline(response.text) if line.startswith("h5")]
    assert len(titles) == PAGE_SIZE + 5 and titles[-1] == "h5 Shelling 0"
    assert f'id="event-{other.pk}"' not in response.text
    assert "Later events" not in response.text  # every page down to the card is there
    assert focused_after_swap(response) == f"event-{moving.pk}"


def test_cancel_returns_the_unchanged_card(editor_client, timeline):
    event = EventFactory(timeline=timeline, title="Unchanged")
    response = editor_client.get(event_url("event_card", event), {"version": 1}, headers=HTMX)
    assert "Unchanged" in response.text and f'id="event-{event.pk}"' in response.text
    assert 'id="event-list"' not in response.text
    assert event_url("event_card", event) not in response.text
    plain = editor_client.get(event_url("event_card", event))
    assert plain["Location"] == f"/timelines/ceasefire/#event-{event.pk}"


def test_cancel_after_someone_else_moved_the_event_shows_the_list(editor_client, timeline):
    event = EventFactory(timeline=timeline, title="Moved meanwhile")
    EventFactory(timeline=timeline, title="Later", date=datetime.date(2025, 5, 20))
    Event.objects.filter(pk=event.pk).update(date=datetime.date(2025, 6, 1), version=2)
    response = editor_client.get(event_url("event_card", event), {"version": 1}, headers=HTMX)
    assert response["HX-Retarget"] == "#event-list"
    assert outline(response.text) == [
        "h3 2025",
        "h4 May 2025",
        "h5 Later",
        "h4 June 2025",
        "h5 Moved meanwhile",
    ]


def test_saving_on_the_events_own_page_reloads_that_page(editor_client, timeline):
    event = EventFactory(timeline=timeline)
    page = f"http://testserver{event.get_absolute_url()}"
    response = editor_client.post(
        edit_url(event), event_form_data(event), headers=HTMX | {"HX-Current-URL": page}
    )
    assert response.status_code == 200 and response["HX-Refresh"] == "true"
    assert Event.objects.get(pk=event.pk).version == 2


def test_invalid_edit_keeps_the_version_and_input(editor_client, timeline):
    event = EventFactory(timeline=timeline, version=4)
    data = event_form_data(event, title="Typed title", date="32 May 2025")
    response = editor_client.post(edit_url(event), data, headers=HTMX)
    assert response.status_code == 422
    assert "32 May 2025 does not exist." in response.text
    assert 'name="version" value="4"' in response.text
    assert 'value="Typed title"' in response.text


def test_preview_without_javascript_shows_the_rendered_summary(editor_client, timeline):
    data = event_form_data(summary="**Bold** <script>x</script>", _preview="1")
    before = snapshot()
    response = editor_client.post(new_url(timeline), data)
    assert response.status_code == 200
    assert "<strong>Bold</strong>" in response.text
    assert "<script>x" not in response.text
    assert snapshot() == before


def test_add_another_citation_without_javascript_adds_a_row(editor_client, timeline):
    data = event_form_data(_add="citations")
    response = editor_client.post(new_url(timeline), data)
    assert 'name="citations-1-quote"' in response.text
    assert 'name="citations-2-quote"' not in response.text
    assert 'name="citations-TOTAL_FORMS" value="2"' in response.text


# --- Delete, undo, move ---------------------------------------------------------------------


def test_delete_is_soft_and_undo_restores_it_exactly(editor_client, timeline):
    event = EventFactory(timeline=timeline, title="To delete", position=3)
    citation = CitationFactory(event=event)
    response = editor_client.post(event_url("event_delete", event), headers=HTMX)
    assert response.status_code == 200
    assert "Event deleted" in response.text and ">Undo</button>" in response.text
    assert (
        "To delete"
        not in editor_client.get(timeline.get_absolute_url()).text.split('id="events-heading"')[1]
    )
    response = editor_client.post(event_url("event_restore", event), headers=HTMX)
    event.refresh_from_db()
    assert response.status_code == 200 and "To delete" in response.text
    assert event.deleted_at is None and event.position == 3
    assert list(event.citations.all()) == [citation]


def test_delete_without_javascript_leads_to_an_undo_page(editor_client, timeline):
    event = EventFactory(timeline=timeline)
    response = editor_client.post(event_url("event_delete", event), follow=True)
    assert response.status_code == 200
    assert "Event deleted" in response.text and ">Undo</button>" in response.text


def test_move_up_and_down_swap_events_of_the_same_date(editor_client, timeline):
    a = EventFactory(timeline=timeline, title="A", position=0)
    EventFactory(timeline=timeline, title="B", position=1)
    c = EventFactory(timeline=timeline, title="C", position=2)
    response = editor_client.post(event_url("event_move", c), {"direction": "up"}, headers=HTMX)
    assert response["HX-Retarget"] == "#event-list"
    assert outline(response.text) == ["h3 2025", "h4 May 2025", "h5 A", "h5 C", "h5 B"]
    assert focused_after_swap(response) == f"move-up-{c.pk}"
    editor_client.post(event_url("event_move", a), {"direction": "down"})
    titles = list(Event.objects.filter(timeline=timeline).chronological().values_list("title"))
    assert titles == [("C",), ("A",), ("B",)]
    assert Event.objects.get(pk=c.pk).version == 1  # moving does not make open forms stale


def test_move_past_the_first_event_of_a_date_tells_why_nothing_moved(editor_client, timeline):
    only = EventFactory(timeline=timeline, title="Alone")
    response = editor_client.post(event_url("event_move", only), {"direction": "up"}, headers=HTMX)
    assert response.status_code == 204  # nothing to swap: the focus stays on the button
    assert "already the first event of 10 May 2025" in response["HX-Trigger"]


def test_move_with_a_bad_direction_is_refused(editor_client, timeline):
    event = EventFactory(timeline=timeline)
    response = editor_client.post(event_url("event_move", event), {"direction": "sideways"})
    assert response.status_code == 400


# --- Helpers while typing -------------------------------------------------------------------


def test_date_preview_says_how_the_date_was_understood(editor_client, timeline):
    url = reverse("timeline:date_preview")
    assert "Understood as: 10 May 2025" in editor_client.get(url, {"date": "2025-05-10"}).text
    assert "Understood as: c. May 2025" in editor_client.get(url, {"date": "c. May 2025"}).text
    error = editor_client.get(url, {"end_date": "soon"}).text
    assert "Could not understand" in error and "10 May 2025 17:00 +05:30" in error


def test_markdown_preview_is_sanitised(editor_client, timeline):
    response = editor_client.post(
        reverse("timeline:markdown_preview"),
        {"summary": "*hi* [x](javascript:alert(1)) <img src=x onerror=alert(1)>"},
        headers=HTMX,
    )
    assert "<em>hi</em>" in response.text
    assert 'href="javascript:' not in response.text and "<img" not in response.text


def test_suggestions_come_as_datalist_options(editor_client, timeline):
    ActorFactory(name="India", aliases="New Delhi")
    PlaceFactory(name="Line of Control", aliases="LoC")
    source = SourceFactory(title="Ceasefire holds", publisher="The Hindu")
    actors = editor_client.get(reverse("timeline:actor_suggestions"), {"actors-0-actor": "delhi"})
    assert '<option value="India">' in actors.text
    places = editor_client.get(reverse("timeline:place_suggestions"), {"q": "loc"})
    assert '<option value="Line of Control">' in places.text
    sources = editor_client.get(reverse("timeline:source_suggestions"), {"q": "hindu"})
    assert f'<option value="Ceasefire holds [#{source.pk}]">' in sources.text


@pytest.mark.parametrize("count", [10, 200])
def test_editor_chronology_query_count_does_not_grow(
    editor_client, timeline, count, django_assert_max_num_queries
):
    for n in range(count):
        event = EventFactory(timeline=timeline, title=f"Event {n}")
        CitationFactory(event=event)
        EventActorFactory(event=event)
    with django_assert_max_num_queries(12):
        response = editor_client.get(timeline.get_absolute_url())
    assert response.text.count(">Edit</button>") == min(count, PAGE_SIZE)


def test_htmx_edit_that_keeps_the_date_answers_with_under_5_percent_of_the_page(
    editor_client, timeline
):
    for n in range(PAGE_SIZE):
        event = EventFactory(timeline=timeline, title=f"Event {n}")
        CitationFactory(event=event)
        EventActorFactory(event=event)
    page = editor_client.get(timeline.get_absolute_url())
    event = Event.objects.filter(timeline=timeline).chronological()[PAGE_SIZE // 2]
    citation, role = event.citations.get(), event.event_actors.get()
    data = event_form_data(
        event,
        title="Edited",
        actors=[{"actor": role.actor.name, "role": role.role}],
        citations=[
            {
                "source": f"x [#{citation.source_id}]",
                "quote": citation.quote,
                "attribution": citation.attribution,
            }
        ],
    )
    response = editor_client.post(edit_url(event), data, headers=HTMX)
    assert response.status_code == 200 and "Edited" in response.text
    assert len(response.content) <= 0.05 * len(page.content)
