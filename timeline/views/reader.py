"""Pages for readers: no account needed. Drafts only for the timeline's editors."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET
from django_htmx.http import push_url

from timeline.caching import cards as card_cache
from timeline.caching.responses import (
    actor_version,
    cached_for_readers,
    cached_per_version,
    place_version,
    site_version,
    source_version,
    timeline_version,
)
from timeline.live.messages import live_url
from timeline.models import (
    CHRONOLOGICAL,
    Actor,
    Event,
    EventActor,
    EventType,
    Place,
    Source,
    Timeline,
)
from timeline.reader.listing import chronology_list, prepare_cards
from timeline.rights import may_add_sources, may_edit_timeline


def _timeline_or_404(request, slug) -> tuple[Timeline, bool]:
    """The timeline if the user may see it, and whether they may edit it (one query each).

    For a public request (the reader cache read its version) the timeline, with its counts
    over every event, is read once per content version: a large timeline's counts are costly.
    """
    if getattr(request, "reader_cache", None) is not None:
        timeline = cached_per_version(
            request,
            "timeline",
            lambda: (
                Timeline.objects.published()
                .for_index()
                .with_live_cursor()
                .filter(slug=slug)
                .first()
            ),
        )
        if timeline is None:
            raise Http404("No published timeline with this address.")
        return timeline, False
    timeline = get_object_or_404(
        Timeline.objects.visible_to(request.user).for_index().with_live_cursor(), slug=slug
    )
    return timeline, may_edit_timeline(request.user, timeline)


@require_GET
@cached_for_readers(site_version)
def index(request):
    timelines = Timeline.objects.visible_to(request.user).for_index()
    return render(request, "timeline/index.html", {"timelines": timelines})


@require_GET
@cached_for_readers(timeline_version)
def chronology(request, slug):
    """The chronology, filtered by the query string; the list alone for htmx.

    An htmx request for page 1 gets the `event-list` fragment (filters, strip and list); one for
    a later page gets `event-page`, the events to append. A history restore gets the full page.
    """
    return _chronology_response(request, slug, with_map=False)


@require_GET
@cached_for_readers(timeline_version)
def timeline_map(request, slug):
    """The chronology at `/map/`: the same filters and list, with the map of its events."""
    return _chronology_response(request, slug, with_map=True)


def _chronology_response(request, slug, *, with_map: bool):
    timeline, may_edit = _timeline_or_404(request, slug)
    fragment = bool(request.htmx) and not request.htmx.history_restore_request
    following = None if fragment else live_url(timeline)
    context, _ = chronology_list(
        request, timeline, may_edit, request.GET, fragment=fragment, with_map=with_map
    )
    context["live_url"] = following
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
    prepare_cards([(event, card_cache.card_variant(1, detail=True))], can_edit=may_edit)
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
    prepare_cards([(e, card_cache.card_variant(4)) for e in events], can_edit=False)
    return events


@require_GET
@cached_for_readers(source_version)
def source_detail(request, pk):
    # A source cited only by drafts is not found by those who may not see the drafts.
    source = get_object_or_404(
        Source.objects.visible_to(request.user).annotate(snapshot_count=Count("snapshots")), pk=pk
    )
    events = (
        Event.objects.published()
        .filter(citations__source=source)
        .for_cards()
        .order_by("timeline__title", "timeline_id", *CHRONOLOGICAL)
    )
    context = {
        "source": source,
        "events": _cards_by_timeline(events),
        "snapshot": source.snapshots.order_by("-fetched_at", "-pk").first()
        if source.snapshot_count
        else None,
        "snapshot_count": source.snapshot_count,
        "may_archive": may_add_sources(request.user),
    }
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
@cached_for_readers(place_version)
def place_detail(request, slug):
    place = get_object_or_404(Place, slug=slug)
    events = (
        Event.objects.published()
        .filter(place=place)
        .for_cards()
        .order_by("timeline__title", "timeline_id", *CHRONOLOGICAL)
    )
    context = {"place": place, "events": _cards_by_timeline(events)}
    return render(request, "timeline/place.html", context)


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
