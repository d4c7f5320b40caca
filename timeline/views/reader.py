"""Pages for readers: no account needed. Drafts only for the timeline's editors."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_vary_headers
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_GET
from django_htmx.http import push_url

from timeline.caching import cards as card_cache
from timeline.caching.responses import (
    actor_version,
    cached_for_readers,
    cached_per_version,
    site_version,
    source_version,
    timeline_version,
)
from timeline.models import Actor, Event, EventActor, EventType, Source, Timeline, card_prefetches
from timeline.reader.chronology import PAGE_SIZE, group_events, paginate
from timeline.reader.filters import CHRONOLOGICAL, ChronologyFilterForm, filter_events, load_facets
from timeline.reader.search import RESULT_CAP
from timeline.reader.strip import build_strip


def _timeline_or_404(request, slug) -> tuple[Timeline, bool]:
    """The timeline if the user may see it, and whether they may edit it (one query each).

    For a public request (the reader cache read its version) the timeline, with its counts
    over every event, is read once per content version: a large timeline's counts are costly.
    """
    if getattr(request, "reader_cache", None) is not None:
        timeline = cached_per_version(
            request,
            "timeline",
            lambda: Timeline.objects.published().for_index().filter(slug=slug).first(),
        )
        if timeline is None:
            raise Http404("No published timeline with this address.")
        return timeline, False
    timeline = get_object_or_404(Timeline.objects.visible_to(request.user).for_index(), slug=slug)
    return timeline, timeline.can_edit(request.user)


def _fragment_key(request, form) -> str | None:
    """For a public request, what the strip and the filter form depend on: the content version
    and the form's own parameters as sent (bar the page; others, such as a link's tracking
    parameters, change nothing); None for anyone else (an editor sees drafts too)."""
    lookup = getattr(request, "reader_cache", None)
    tag = lookup.parts_tag() if lookup is not None else None
    if tag is None:
        return None
    names = set(form.fields) - {"page"}
    data = form.data
    query = sorted((k, v) for k in data if k in names for v in data.getlist(k))
    return f"{tag}|{query!r}"


def _prepare_cards(pairs, *, can_edit: bool) -> None:
    """Cards from the cache where it has them; related rows only for the ones to render."""
    if can_edit:  # an editor's cards carry controls and are never cached
        prefetch_related_objects([event for event, _ in pairs], *card_prefetches())
    else:
        card_cache.prepare_cards(pairs, card_prefetches())


@require_GET
@cached_for_readers(site_version)
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
    facets = cached_per_version(request, "facets", lambda: load_facets(visible))
    form = ChronologyFilterForm(data, facets=facets, base_url=timeline.get_absolute_url())
    form.is_valid()
    # Every card's timeline is this one: attached below rather than joined to each row.
    matching = filter_events(visible, form, language=timeline.language).select_related(
        "event_type", "place"
    )
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
        matching,
        first,
        clamp=not appending,
        through=through,
        # Unfiltered, the facets have counted the events already.
        count=None if form.is_filtered else facets.total,
    )
    for event in page.events:
        event.timeline = timeline
    groups = group_events(
        page.events, previous=page.previous_event if appending else None, ranked=form.ranked
    )
    _prepare_cards(
        [(e, card_cache.card_variant(g.title_level)) for g in groups for e in g.events],
        can_edit=may_edit,
    )
    context = {
        "appending": appending,
        "timeline": timeline,
        "can_edit": may_edit,
        "search_capped": bool(form.query) and page.count >= RESULT_CAP,
        "search_cap": RESULT_CAP,
        "form": form,
        "facets": facets,
        "page": page,
        "groups": groups,
        "problems": form.error_summary() + ([page_message] if page_message else []),
        "active_filters": form.active_filters(),
        "next_url": form.url(page=page.through + 1) if page.has_next else "",
        "previous_url": form.url(page=page.number - 1) if page.has_previous else "",
        # Built only if the strip is rendered, not when it comes from the fragment cache.
        "strip": SimpleLazyObject(
            lambda: build_strip(
                facets.periods,
                url_for=lambda start, end: form.url(**{"from": start, "to": end}),
                selected=(form.date_from, form.date_to),
            )
        ),
        "fragment_key": _fragment_key(request, form),
    }
    return context, shown


@require_GET
@cached_for_readers(timeline_version)
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
@cached_for_readers(timeline_version)
def event_detail(request, slug, pk):
    if getattr(request, "reader_cache", None) is not None:
        # A public request: the event brings its published timeline along.
        visible, may_edit = Event.objects.published().filter(timeline__slug=slug), False
    else:
        timeline, may_edit = _timeline_or_404(request, slug)
        visible = Event.objects.filter(timeline=timeline).visible_to(
            request.user, can_edit=may_edit
        )
    # Its neighbours and position come with it: one query in a timeline of any size.
    event = get_object_or_404(visible.for_cards().with_neighbours(visible), pk=pk)
    _prepare_cards([(event, card_cache.card_variant(1, detail=True))], can_edit=may_edit)
    wanted = [pk for pk in (event.previous_id, event.next_id) if pk is not None]
    found = visible.select_related("timeline").in_bulk(wanted)
    return render(
        request,
        "timeline/event.html",
        {
            "timeline": event.timeline,
            "event": event,
            "can_edit": may_edit,
            "previous_event": found.get(event.previous_id),
            "next_event": found.get(event.next_id),
            "position": event.rank,
            "event_total": event.total,
        },
    )


def _cards_by_timeline(events) -> list:
    """Source and actor pages: every event's card, from the cache where it is."""
    events = list(events)
    _prepare_cards([(e, card_cache.card_variant(4)) for e in events], can_edit=False)
    return events


@require_GET
@cached_for_readers(source_version)
def source_detail(request, pk):
    # A source cited only by drafts is not found by those who may not see the drafts.
    source = get_object_or_404(Source.objects.visible_to(request.user), pk=pk)
    events = (
        Event.objects.published()
        .filter(citations__source=source)
        .for_cards()
        .order_by("timeline__title", "timeline_id", *CHRONOLOGICAL)
    )
    context = {"source": source, "events": _cards_by_timeline(events)}
    return render(request, "timeline/source.html", context)


@require_GET
@cached_for_readers(actor_version)
def actor_detail(request, slug):
    actor = get_object_or_404(Actor.objects.visible_to(request.user), slug=slug)
    events = (
        Event.objects.published()
        .filter(Exists(EventActor.objects.filter(event=OuterRef("pk"), actor=actor)))
        .for_cards()
        .order_by("timeline__title", "timeline_id", *CHRONOLOGICAL)
    )
    context = {"actor": actor, "events": _cards_by_timeline(events)}
    return render(request, "timeline/actor.html", context)


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
