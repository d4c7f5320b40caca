"""Editing events in place on the chronology: add, edit, delete and undo, reorder.

Every view answers an htmx request with the fragment that replaces the affected part of the
page, and a plain request with a full page or a redirect, so everything works without
JavaScript. On the chronology (the page named by ``HX-Current-URL``, with its filters), a card
whose place cannot have changed comes back alone, in place of the form; a change that can move
it (a new date, a move up or down, a new event) re-renders the list, as the reader's filters
do, through the page that holds the card, so it sits under the right year and month heading.
The element to focus is named in an ``editor-focus`` event after the swap settles
(static/js/editor.js). On any other page (the event's own page) the page is reloaded.
"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from django.contrib import messages
from django.http import HttpResponse, HttpResponseBadRequest, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import (
    HttpResponseClientRedirect,
    HttpResponseClientRefresh,
    reswap,
    retarget,
    trigger_client_event,
)

from timeline.dates import PartialDate
from timeline.forms.events import EventEditor
from timeline.forms.fields import date_text
from timeline.models import Event, chronological_place
from timeline.reader.chronology import mark_movable, title_level
from timeline.reader.facets import Facets
from timeline.reader.filters import ChronologyFilterForm
from timeline.reader.listing import chronology_list, chronology_map
from timeline.revisions import conflict_rows
from timeline.rights import timeline_editor_required
from timeline.services.events import (
    StaleEdit,
    event_create,
    event_delete,
    event_move,
    event_publish,
    event_restore,
    event_update,
)
from timeline.services.suggestions import suggestion_accept_edited
from timeline.suggestions.compute import AlreadyDecided, StaleSuggestion
from timeline.suggestions.origin import form_links as suggestion_form_links
from timeline.suggestions.origin import form_origin
from timeline.suggestions.proposals import editor_prefill
from timeline.suggestions.responses import origin_refused, stale_response
from timeline.text.markup import render_markdown

FORM_ACTIONS = {"_preview", "_add"}


def anchor(event: Event) -> str:
    """The chronology with this event scrolled into view: where plain requests return to."""
    return f"{event.timeline.get_absolute_url()}#event-{event.pk}"


def event_url(name: str, event: Event) -> str:
    return reverse(f"timeline:{name}", kwargs={"slug": event.timeline.slug, "pk": event.pk})


def chronology_shown(request, timeline) -> QueryDict | None:
    """The query string of the chronology the request came from (the list, or the list and
    map at `/map/`); None from another page.

    A request without ``HX-Current-URL`` is taken to come from the unfiltered chronology.
    """
    current = request.htmx.current_url_abs_path
    if current is None:
        return QueryDict()
    parts = urlsplit(current)
    list_url = timeline.get_absolute_url()
    if unquote(parts.path) not in {list_url, list_url + "map/"}:
        return None
    return QueryDict(parts.query)


def on_map(request, timeline) -> bool:
    """Whether the request came from the chronology with its map (`/map/`)."""
    current = request.htmx.current_url_abs_path
    if current is None:
        return False
    return unquote(urlsplit(current).path) == timeline.get_absolute_url() + "map/"


def with_map_panel(request, timeline, response, shown: QueryDict | None):
    """On the map, a change swapped in card by card also redraws the map beside the list (out
    of band), so that the map shows it: a new place, a place gone, another type."""
    if shown is None or not on_map(request, timeline):
        return response
    context = chronology_map(request, timeline, True, shown)
    context["map_out_of_band"] = True
    panel = render_to_string("timeline/maps/_panel.html", context, request=request)
    response.content = response.content + panel.encode()
    return response


def focus_after_swap(response, element_id: str):
    return trigger_client_event(response, "editor-focus", {"id": element_id}, after="settle")


def card_in_place(request, event: Event, shown: QueryDict, *, focus: str = ""):
    """The event's card alone, for the place its form (or its "deleted" notice) holds now."""
    event = Event.objects.for_chronology().get(pk=event.pk)
    if event.is_deleted:
        response = render(request, "timeline/editor/_deleted.html", {"event": event})
        return with_map_panel(request, event.timeline, response, shown)
    mark_movable([event])
    # Only whether the view is ranked matters here (the title's heading level): no facets.
    ranked = ChronologyFilterForm(shown, facets=Facets(), base_url="").ranked
    context = {
        "event": event,
        "can_edit": True,
        "heading_level": title_level(event, ranked=ranked),
    }
    response = render(request, "timeline/_event_card.html", context)
    response = with_map_panel(request, event.timeline, response, shown)
    return focus_after_swap(response, focus or f"event-{event.pk}")


def list_in_place(
    request, timeline, event: Event, shown: QueryDict, *, focus="", added=False, done="Saved"
):
    """The chronology's list as the editor is viewing it, through the page that holds `event`.

    If the view's filters leave the event out, the list is shown as it is and the editor is
    told (“<done> “title”; ...”) why the event is not there.
    """
    context, on_list = chronology_list(
        request, timeline, True, shown, showing=event, with_map=on_map(request, timeline)
    )
    context["added"] = added
    response = render(request, "timeline/editor/_list_changed.html", context)
    response = reswap(retarget(response, "#event-list"), "outerHTML")
    if on_list:
        return focus_after_swap(response, focus or f"event-{event.pk}")
    notice = f"{done} “{event.title}”; the filters of this view leave it out."
    trigger_client_event(response, "editor-notice", {"message": notice})
    return response


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
            # "Cancel" shows the list again if someone else changed the event meanwhile.
            "cancel_hx": f"{event_url('event_card', event)}?version={event.version}",
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
        if not request.htmx:
            # The standalone page has no list to swap into: the form posts as a plain form.
            context["hx_target"] = ""
        context |= suggestion_form_links(request, timeline)
    template = "timeline/editor/event_form.html"
    if request.htmx:
        template += "#event-form"
    return render(request, template, context, status=status)


def form_action_response(request, timeline, event):
    """ "Preview" and "Add another ..." without JavaScript: the form again, nothing saved."""
    extra = request.POST.get("_add", "")
    editor = EventEditor(
        request.POST,
        event=event,
        extra_rows=extra if extra in {"actors", "citations"} else "",
        default_status="" if event else timeline.default_event_status,
    )
    preview = None
    if "_preview" in request.POST:
        preview = render_markdown(request.POST.get("summary", ""))
    return render_event_form(request, timeline, editor, preview=preview)


def accept_edited(request, origin, editor):
    """The event form opened by "Edit then accept" was saved: the event is the acceptance."""
    try:
        event = suggestion_accept_edited(
            source=origin.source,
            timeline=origin.timeline,
            item=origin.item,
            changes=editor.changes(),
            actors=editor.actor_parts(),
            citations=editor.citation_items(),
            user=request.user,
        )
    except AlreadyDecided:
        return stale_response(request, origin.source, origin.timeline, already_decided=True)
    messages.success(request, f"Added “{event.title}”.")
    if request.htmx:
        return HttpResponseClientRedirect(origin.review_url)
    return redirect(origin.review_url)


@require_http_methods(["GET", "POST"])
@timeline_editor_required
def event_new(request, timeline):
    # "Edit then accept" opens this form filled in from a suggested event.
    try:
        origin = form_origin(request, timeline)
    except (StaleSuggestion, AlreadyDecided) as refusal:
        return origin_refused(request, timeline, refusal)
    if request.method == "GET":
        if request.htmx and request.GET.get("cancel"):
            return render(
                request, "timeline/editor/_timeline_controls.html#add-event", {"timeline": timeline}
            )
        prefill = editor_prefill(origin.item, origin.source) if origin else {}
        editor = EventEditor(**prefill, default_status=timeline.default_event_status)
        return render_event_form(request, timeline, editor)
    if FORM_ACTIONS & set(request.POST):
        return form_action_response(request, timeline, None)
    editor = EventEditor(
        request.POST, default_status=timeline.default_event_status, user=request.user
    )
    if not editor.is_valid():
        return render_event_form(request, timeline, editor, status=422)
    if origin is not None:
        return accept_edited(request, origin, editor)
    event = event_create(
        timeline=timeline,
        changes=editor.changes(),
        user=request.user,
        actors=editor.actor_parts(),
        citations=editor.citation_items(),
    )
    if request.htmx:
        shown = chronology_shown(request, timeline)
        if shown is None:
            return HttpResponseClientRefresh()
        return list_in_place(request, timeline, event, shown, added=True, done="Added")
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
    editor = EventEditor(request.POST, event=event, user=request.user)
    if not editor.is_valid():
        return render_event_form(request, timeline, editor, status=422)
    place_before = chronological_place(event)
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
        shown = chronology_shown(request, timeline)
        if shown is None:
            return HttpResponseClientRefresh()
        if chronological_place(event) == place_before:
            return card_in_place(request, event, shown)
        return list_in_place(request, timeline, event, shown)
    messages.success(request, f"Saved “{event.title}”.")
    return redirect(anchor(event))


def editor_start(editor: EventEditor) -> PartialDate:
    """The start date the editor typed, with the "approximate" box."""
    typed = editor.form.cleaned_data["date"]
    approximate = editor.changes().values["approximate"]
    return PartialDate(typed.date, typed.precision, typed.time, typed.utc_offset, approximate)


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
        "rows": conflict_rows(
            current,
            changes=editor.changes(),
            start=editor_start(editor),
            end=editor.form.cleaned_data["end_date"],
            actors=editor.actor_parts(),
            citations=editor.citation_items(),
        ),
        "resubmit": resubmit,
        "action": event_url("event_edit", current),
        # Their version may sit elsewhere: "Keep theirs" compares it with the one edited.
        "card_url": f"{event_url('event_card', current)}?version={editor.expected_version or 0}",
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
    shown = chronology_shown(request, timeline)
    if shown is None:
        return HttpResponseClientRefresh()
    changed = request.GET.get("version", str(event.version)) != str(event.version)
    if changed and not event.is_deleted:
        return list_in_place(request, timeline, event, shown, done="Another editor changed")
    return card_in_place(request, event, shown)


@require_http_methods(["GET", "POST"])
@timeline_editor_required
def event_delete_view(request, timeline, pk):
    event = get_object_or_404(Event.objects.select_related("timeline"), timeline=timeline, pk=pk)
    if request.method == "GET":
        # Without JavaScript: a confirmation, or (after the delete) the "Undo" page.
        return render(request, "timeline/editor/event_delete.html", {"event": event})
    event = event_delete(event, user=request.user)
    if request.htmx:
        response = render(request, "timeline/editor/_deleted.html", {"event": event})
        return with_map_panel(request, timeline, response, chronology_shown(request, timeline))
    return redirect(event_url("event_delete", event))


@require_http_methods(["GET", "POST"])
@timeline_editor_required
def event_restore_view(request, timeline, pk):
    event = get_object_or_404(Event.objects.select_related("timeline"), timeline=timeline, pk=pk)
    if request.method == "GET":
        return redirect(event_url("event_delete", event) if event.is_deleted else anchor(event))
    event = event_restore(event, user=request.user)
    if request.htmx:
        # The "deleted" notice holds the event's place: it comes back there.
        shown = chronology_shown(request, timeline)
        if shown is None:
            return HttpResponseClientRefresh()
        return card_in_place(request, event, shown)
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
        if notice:
            # Nothing moved: nothing to swap, and the focus stays on the button.
            return trigger_client_event(
                HttpResponse(status=204), "editor-notice", {"message": notice}
            )
        shown = chronology_shown(request, timeline)
        if shown is None:
            return HttpResponseClientRefresh()
        return list_in_place(request, timeline, event, shown, focus=f"move-{direction}-{event.pk}")
    if notice:
        messages.info(request, notice)
    return redirect(anchor(event))


@require_POST
@timeline_editor_required
def event_publish_view(request, timeline, pk):
    """Publish a draft from its card: the card comes back in place, now public.

    The form carries the version the card showed; if the event changed since, nothing is
    published and the current card comes back (409) for the editor to check first.
    """
    event = get_object_or_404(Event.objects.alive(), timeline=timeline, pk=pk)
    version = request.POST.get("version", "")
    expected = int(version) if version.isascii() and version.isdigit() else 0
    try:
        event = event_publish(event, expected_version=expected, user=request.user)
    except StaleEdit as stale:
        notice = (
            f"Not published: “{stale.current.title}” changed since you loaded it. "
            "Check it, then publish again."
        )
        if request.htmx:
            shown = chronology_shown(request, timeline)
            if shown is None:
                return HttpResponseClientRefresh()
            response = card_in_place(request, stale.current, shown)
            response.status_code = 409
            return trigger_client_event(response, "editor-notice", {"message": notice})
        messages.error(request, notice)
        return redirect(anchor(event))
    if request.htmx:
        shown = chronology_shown(request, timeline)
        if shown is None:
            return HttpResponseClientRefresh()
        response = card_in_place(request, event, shown)
        return trigger_client_event(
            response, "editor-notice", {"message": f"Published “{event.title}”."}
        )
    messages.success(request, f"Published “{event.title}”: readers can see it.")
    return redirect(anchor(event))
