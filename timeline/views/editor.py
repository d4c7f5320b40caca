"""Editing events in place on the chronology: add, edit, delete and undo, reorder.

Every view answers an htmx request with the fragment that replaces the affected part of the
page, and a plain request with a full page or a redirect, so everything works without
JavaScript. A card that may have moved comes back inside ``_placed_card.html``, which carries
the chronological order of the timeline's events; static/js/editor.js puts it in its place and
focuses it.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import trigger_client_event

from timeline.dates import PartialDate, format_range
from timeline.forms import EventEditor, date_text
from timeline.markup import render_markdown
from timeline.models import ActorRole, Event, PublicationStatus
from timeline.rights import timeline_editor_required
from timeline.services import (
    StaleEdit,
    event_create,
    event_delete,
    event_move,
    event_restore,
    event_update,
)

FORM_ACTIONS = {"_preview", "_add"}


def anchor(event: Event) -> str:
    """The chronology with this event scrolled into view: where plain requests return to."""
    return f"{event.timeline.get_absolute_url()}#event-{event.pk}"


def event_url(name: str, event: Event) -> str:
    return reverse(f"timeline:{name}", kwargs={"slug": event.timeline.slug, "pk": event.pk})


def chronological_ids(timeline) -> str:
    ids = Event.objects.filter(timeline=timeline).alive().chronological().values_list("pk")
    return " ".join(str(pk) for (pk,) in ids)


def placed_card(request, event: Event, *, focus: str = "", status: int = 200):
    """The event's card, with what editor.js needs to move it to its chronological place."""
    event = Event.objects.for_chronology().get(pk=event.pk)
    if event.is_deleted:
        return render(request, "timeline/editor/_deleted.html", {"event": event})
    context = {
        "event": event,
        "timeline": event.timeline,
        "can_edit": True,
        "order": chronological_ids(event.timeline),
        "focus": focus or f"event-{event.pk}",
    }
    return render(request, "timeline/editor/_placed_card.html", context, status=status)


def render_event_form(request, timeline, editor: EventEditor, *, status=200, preview=None):
    event = editor.event
    context = {
        "timeline": timeline,
        "event": event,
        "editor": editor,
        "form": editor.form,
        "preview": preview,
    }
    if event is not None and event.pk:
        context |= {
            "form_id": f"event-{event.pk}",
            "action": event_url("event_edit", event),
            "cancel_url": anchor(event),
            "cancel_hx": event_url("event_card", event),
            "hx_target": "this",
            "hx_swap": "outerHTML",
            "cancel_target": f"#event-{event.pk}",
        }
    else:
        new_url = reverse("timeline:event_new", kwargs={"slug": timeline.slug})
        context |= {
            "form_id": "event-new",
            "action": new_url,
            "cancel_url": timeline.get_absolute_url(),
            "cancel_hx": f"{new_url}?cancel=1",
            "hx_target": "#add-event",
            "hx_swap": "innerHTML",
            "cancel_target": "#add-event",
        }
    template = "timeline/editor/event_form.html"
    if request.htmx:
        template += "#event-form"
    return render(request, template, context, status=status)


def form_action_response(request, timeline, event):
    """ "Preview" and "Add another ..." without JavaScript: the form again, nothing saved."""
    extra = request.POST.get("_add", "")
    editor = EventEditor(
        request.POST, event=event, extra_rows=extra if extra in {"actors", "citations"} else ""
    )
    preview = None
    if "_preview" in request.POST:
        preview = render_markdown(request.POST.get("summary", ""))
    return render_event_form(request, timeline, editor, preview=preview)


@require_http_methods(["GET", "POST"])
@timeline_editor_required
def event_new(request, timeline):
    if request.method == "GET":
        if request.htmx and request.GET.get("cancel"):
            return render(request, "timeline/editor/_add_event.html", {"timeline": timeline})
        return render_event_form(request, timeline, EventEditor())
    if FORM_ACTIONS & set(request.POST):
        return form_action_response(request, timeline, None)
    editor = EventEditor(request.POST)
    if not editor.is_valid():
        return render_event_form(request, timeline, editor, status=422)
    event = event_create(
        timeline=timeline,
        changes=editor.changes(),
        user=request.user,
        actors=editor.actor_parts(),
        citations=editor.citation_items(),
    )
    if request.htmx:
        event = Event.objects.for_chronology().get(pk=event.pk)
        context = {
            "timeline": timeline,
            "event": event,
            "can_edit": True,
            "order": chronological_ids(timeline),
            "focus": f"event-{event.pk}",
        }
        return render(request, "timeline/editor/_event_added.html", context)
    messages.success(request, f"Added “{event.title}”.")
    return redirect(anchor(event))


@require_http_methods(["GET", "POST"])
@timeline_editor_required
def event_edit(request, timeline, pk):
    if request.method == "GET":
        event = get_object_or_404(Event.objects.alive().for_chronology(), timeline=timeline, pk=pk)
        return render_event_form(request, timeline, EventEditor(event=event))
    # A POST may find the event deleted meanwhile: that is a conflict, not a 404.
    event = get_object_or_404(Event.objects.for_chronology(), timeline=timeline, pk=pk)
    if FORM_ACTIONS & set(request.POST):
        return form_action_response(request, timeline, event)
    editor = EventEditor(request.POST, event=event)
    if not editor.is_valid():
        return render_event_form(request, timeline, editor, status=422)
    try:
        event_update(
            event,
            changes=editor.changes(),
            expected_version=editor.expected_version or 0,
            user=request.user,
            actors=editor.actor_parts(),
            citations=editor.citation_items(),
        )
    except StaleEdit as stale:
        return conflict_response(request, timeline, stale.current, editor)
    if request.htmx:
        return placed_card(request, event)
    messages.success(request, f"Saved “{event.title}”.")
    return redirect(anchor(event))


def _actors_text(parts) -> str:
    return "; ".join(f"{name} ({role})" for name, role in parts) or "none"


def _citations_text(items) -> str:
    return (
        "; ".join(
            f"{title}: “{quote}”" + (f" ({who})" if who else "") + (" denies" if denies else "")
            for title, quote, who, denies in items
        )
        or "none"
    )


def conflict_rows(current: Event, editor: EventEditor) -> list[dict]:
    """The fields where the saved version and the editor's differ, side by side."""
    mine = editor.changes()
    values = mine.values
    place_name = values["place"].name if values["place"] else mine.new_place_name
    my_date = editor.form.cleaned_data["date"]
    my_end = editor.form.cleaned_data["end_date"]
    current_actors = [(ea.actor.name, ea.get_role_display()) for ea in current.event_actors.all()]
    my_actors = [
        (part.actor.name if part.actor else part.new_name, ActorRole(part.role).label)
        for part in editor.actor_parts()
    ]
    current_citations = [
        (c.source.title, c.quote, c.attribution, c.stance == "denies")
        for c in current.citations.all()
    ]
    my_citations = [
        (
            item.source.title if item.source else item.new_source.title,
            item.quote,
            item.attribution,
            item.stance == "denies",
        )
        for item in editor.citation_items()
    ]
    my_start = PartialDate(
        my_date.date,
        my_date.precision,
        my_date.time,
        my_date.utc_offset,
        values["approximate"],
    )
    rows = [
        ("Title", current.title, values["title"]),
        ("Summary", current.summary, values["summary"]),
        (
            "Date",
            format_range(current.partial_date, current.partial_end_date),
            format_range(my_start, my_end),
        ),
        ("Type", current.event_type.label, values["event_type"].label),
        ("Place", current.place.name if current.place else "", place_name),
        ("Status", current.get_status_display(), PublicationStatus(values["status"]).label),
        ("Editors' notes", current.notes, values["notes"]),
        ("Actors", _actors_text(current_actors), _actors_text(my_actors)),
        ("Citations", _citations_text(current_citations), _citations_text(my_citations)),
    ]
    return [
        {"label": label, "theirs": theirs, "mine": mine_value}
        for label, theirs, mine_value in rows
        if theirs != mine_value
    ]


def conflict_response(request, timeline, current: Event, editor: EventEditor):
    current = Event.objects.for_chronology().select_related("updated_by").get(pk=current.pk)
    resubmit = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in {"csrfmiddlewaretoken", "version"}
        for value in values
    ]
    context = {
        "timeline": timeline,
        "event": current,
        "rows": conflict_rows(current, editor),
        "resubmit": resubmit,
        "action": event_url("event_edit", current),
        "card_url": event_url("event_card", current),
        "keep_url": anchor(current),
    }
    template = "timeline/editor/conflict.html"
    if request.htmx:
        template += "#conflict"
    return render(request, template, context, status=409)


@require_http_methods(["GET"])
@timeline_editor_required
def event_card(request, timeline, pk):
    """The card as saved now: what "Cancel" and "Keep theirs" bring back."""
    event = get_object_or_404(Event, timeline=timeline, pk=pk)
    if not request.htmx:
        return redirect(anchor(event))
    return placed_card(request, event)


@require_http_methods(["GET", "POST"])
@timeline_editor_required
def event_delete_view(request, timeline, pk):
    event = get_object_or_404(Event.objects.select_related("timeline"), timeline=timeline, pk=pk)
    if request.method == "GET":
        # Without JavaScript: a confirmation, or (after the delete) the "Undo" page.
        return render(request, "timeline/editor/event_delete.html", {"event": event})
    event = event_delete(event, user=request.user)
    if request.htmx:
        return render(request, "timeline/editor/_deleted.html", {"event": event})
    return redirect(event_url("event_delete", event))


@require_http_methods(["GET", "POST"])
@timeline_editor_required
def event_restore_view(request, timeline, pk):
    event = get_object_or_404(Event.objects.select_related("timeline"), timeline=timeline, pk=pk)
    if request.method == "GET":
        return redirect(event_url("event_delete", event) if event.is_deleted else anchor(event))
    event = event_restore(event, user=request.user)
    if request.htmx:
        return placed_card(request, event)
    messages.success(request, f"Restored “{event.title}”.")
    return redirect(anchor(event))


@require_POST
@timeline_editor_required
def event_move_view(request, timeline, pk):
    event = get_object_or_404(Event.objects.alive(), timeline=timeline, pk=pk)
    direction = request.POST.get("direction")
    if direction not in {"up", "down"}:
        return HttpResponseBadRequest("Move “up” or “down”.")
    moved = event_move(event, direction=direction, user=request.user)
    notice = ""
    if not moved:
        where = "first" if direction == "up" else "last"
        notice = f"“{event.title}” is already the {where} event of {date_text(event.partial_date)}."
    if request.htmx:
        response = placed_card(request, event, focus=f"move-{direction}-{event.pk}")
        if notice:
            trigger_client_event(response, "editor-notice", {"message": notice})
        return response
    if notice:
        messages.info(request, notice)
    return redirect(anchor(event))
