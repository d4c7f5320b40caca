"""Pages for readers: no account needed. Drafts only for the timeline's editors."""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET
from django_htmx.http import push_url

from timeline.chronology import PAGE_SIZE, group_events, paginate
from timeline.filters import CHRONOLOGICAL, ChronologyFilterForm, filter_events, load_facets
from timeline.models import Actor, Event, EventActor, EventType, Source, Timeline
from timeline.strip import build_strip


def _timeline_or_404(request, slug) -> tuple[Timeline, bool]:
    """The timeline if the user may see it, and whether they may edit it (one query each)."""
    timeline = get_object_or_404(Timeline.objects.visible_to(request.user).for_index(), slug=slug)
    return timeline, timeline.can_edit(request.user)


@require_GET
def index(request):
    timelines = Timeline.objects.visible_to(request.user).for_index()
    return render(request, "timeline/index.html", {"timelines": timelines})


def chronology_list(request, timeline, may_edit: bool, data, *, fragment=False, showing=None):
    """(context, shown): what the chronology's list shows for the query string `data`.

    A `fragment` for a later page is `appending`: the events to add below the others.
    `showing` is an event just added or changed (by an editor): the list then runs from the
    page asked for through the page that holds the event, so its card is there wherever its
    date put it; `shown` says whether it matches the filters at all.
    """
    visible = Event.objects.filter(timeline=timeline).visible_to(request.user, can_edit=may_edit)
    facets = load_facets(visible)
    form = ChronologyFilterForm(data, facets=facets, base_url=timeline.get_absolute_url())
    form.is_valid()
    matching = filter_events(visible, form, language=timeline.language)
    appending = fragment and form.page_number > 1
    first = through = form.page_number
    shown = False
    if showing is not None:
        # The ids alone: one small query places the event in any size of timeline.
        order = list(matching.values_list("pk", flat=True))
        shown = showing.pk in order
        if shown:
            page_of_event = order.index(showing.pk) // PAGE_SIZE + 1
            first, through = min(first, page_of_event), max(first, page_of_event)
    page, page_message = paginate(
        matching.for_chronology(), first, clamp=not appending, through=through
    )
    context = {
        "appending": appending,
        "timeline": timeline,
        "can_edit": may_edit,
        "form": form,
        "facets": facets,
        "page": page,
        "groups": group_events(
            page.events,
            previous=page.previous_event if appending else None,
            ranked=form.ranked,
        ),
        "problems": form.error_summary() + ([page_message] if page_message else []),
        "active_filters": form.active_filters(),
        "next_url": form.url(page=page.through + 1) if page.has_next else "",
        "previous_url": form.url(page=page.number - 1) if page.has_previous else "",
        "strip": build_strip(
            facets.period_rows,
            url_for=lambda start, end: form.url(**{"from": start, "to": end}),
            selected=(form.date_from, form.date_to),
        ),
    }
    return context, shown


@require_GET
def chronology(request, slug):
    """The chronology, filtered by the query string; the list alone for htmx.

    An htmx request for page 1 gets the `event-list` fragment (filters, strip and list); one for
    a later page gets `event-page`, the events to append. A history restore gets the full page.
    """
    timeline, may_edit = _timeline_or_404(request, slug)
    fragment = bool(request.htmx) and not request.htmx.history_restore_request
    context, _ = chronology_list(request, timeline, may_edit, request.GET, fragment=fragment)
    form, appending = context["form"], context["appending"]
    template = "timeline/chronology.html"
    if appending:
        template += "#event-page"
    elif fragment:
        template += "#event-list"
    response = render(request, template, context)
    if fragment and not appending:
        # The pushed URL drops empty and invalid parameters, so shared links stay clean.
        response = push_url(response, form.url(include_page=True))
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
def event_detail(request, slug, pk):
    timeline, may_edit = _timeline_or_404(request, slug)
    visible = Event.objects.filter(timeline=timeline).visible_to(request.user, can_edit=may_edit)
    event = get_object_or_404(visible.for_chronology(), pk=pk)
    # The ids alone: one small query finds both neighbours in any size of timeline.
    order = list(visible.order_by(*CHRONOLOGICAL).values_list("pk", flat=True))
    position = order.index(event.pk)
    neighbour_ids = {
        "previous": order[position - 1] if position > 0 else None,
        "next": order[position + 1] if position + 1 < len(order) else None,
    }
    wanted = [pk for pk in neighbour_ids.values() if pk is not None]
    found = visible.select_related("timeline").in_bulk(wanted)
    return render(
        request,
        "timeline/event.html",
        {
            "timeline": timeline,
            "event": event,
            "can_edit": may_edit,
            "previous_event": found.get(neighbour_ids["previous"]),
            "next_event": found.get(neighbour_ids["next"]),
            "position": position + 1,
            "event_total": len(order),
        },
    )


@require_GET
def source_detail(request, pk):
    source = get_object_or_404(Source, pk=pk)
    events = (
        Event.objects.published()
        .filter(citations__source=source)
        .for_chronology()
        .order_by("timeline__title", "timeline_id", *CHRONOLOGICAL)
    )
    return render(request, "timeline/source.html", {"source": source, "events": events})


@require_GET
def actor_detail(request, slug):
    actor = get_object_or_404(Actor, slug=slug)
    events = (
        Event.objects.published()
        .filter(Exists(EventActor.objects.filter(event=OuterRef("pk"), actor=actor)))
        .for_chronology()
        .order_by("timeline__title", "timeline_id", *CHRONOLOGICAL)
    )
    return render(request, "timeline/actor.html", {"actor": actor, "events": events})


@require_GET
def type_colours(request):
    """Event-type colours as CSS classes, so no inline style is needed under the CSP."""
    response = render(
        request,
        "timeline/type_colours.css",
        {"event_types": EventType.objects.all()},
        content_type="text/css; charset=utf-8",
    )
    response["Cache-Control"] = "public, max-age=300"
    return response
