"""What the chronology's list shows for a request: the context of the page and its fragments.

Shared by the reader's chronology (`timeline.views.reader`) and the editor, whose changes
re-render the list as the editor is viewing it (`timeline.views.editor`).
"""

from __future__ import annotations

from django.db.models import prefetch_related_objects
from django.utils.functional import SimpleLazyObject

from timeline.caching import cards as card_cache
from timeline.caching.responses import parts_tag, read_per_version
from timeline.maps.marks import event_map
from timeline.models import Event, card_prefetches
from timeline.reader.card_rows import attach_card_rows, has_card_rows, with_card_rows
from timeline.reader.chronology import PAGE_SIZE, group_events, mark_movable, paginate
from timeline.reader.facets import load_facets
from timeline.reader.filters import ChronologyFilterForm, filter_events
from timeline.reader.search import RESULT_CAP
from timeline.reader.strip import build_strip


def _fragment_key(request, form) -> str | None:
    """For a public request, what the strip and the filter form depend on: the content version
    and the form's own parameters as sent (bar the page; others, such as a link's tracking
    parameters, change nothing); None for anyone else (an editor sees drafts too)."""
    tag = parts_tag(request)
    if tag is None:
        return None
    names = set(form.fields) - {"page"}
    data = form.data
    query = sorted((k, v) for k in data if k in names for v in data.getlist(k))
    # The list and the map (at its own address) link to different URLs.
    return f"{tag}|{form.base_url}|{query!r}"


def _header_key(request) -> str | None:
    """For a public request, what the timeline's header (and its link-preview tags) depend
    on: the timeline's own version and the address it was asked at (its links are absolute);
    None for anyone else (an editor's header has drafts' counts and controls)."""
    tag = parts_tag(request)
    if tag is None:
        return None
    return f"{tag}|{request.build_absolute_uri('/')}"


def _place_url(form):
    """`form.url(place=slug)` for the map's hundreds of places, built once (slugs are
    URL-safe: SlugField without Unicode)."""
    pattern = form.url(place="-slug-")
    return lambda slug: pattern.replace("-slug-", slug)


def prepare_cards(pairs, *, can_edit: bool) -> None:
    """Cards from the cache where it has them; related rows only for the ones to render.

    Events read `with_card_rows` bring their actors and tags along: only the citations are
    prefetched then, and the rows become objects only for the cards to render (for a page of
    cached cards, building them was an eighth of the page's work).
    """
    events = [event for event, _ in pairs]
    prefetches = card_prefetches()
    attach = None
    if has_card_rows(events):
        attach = attach_card_rows
        prefetches = [p for p in prefetches if p not in ("tags",) and not _is_actors(p)]
    if can_edit:  # an editor's cards carry controls and are never cached
        if attach is not None:
            attach(events)
        prefetch_related_objects(events, *prefetches)
        mark_movable(events)
    else:
        card_cache.prepare_cards(pairs, prefetches, attach=attach)


def _is_actors(prefetch) -> bool:
    return getattr(prefetch, "prefetch_through", prefetch) == "event_actors"


def _filtered(request, timeline, may_edit: bool, data, *, with_map: bool):
    """(the events the user may see, their facets, the filter form bound to `data`, whether
    the facets came from the cache)."""
    visible = Event.objects.filter(timeline=timeline).visible_to(request.user, can_edit=may_edit)
    facets, warm = read_per_version(request, "facets", lambda: load_facets(visible))
    form = ChronologyFilterForm(
        data,
        facets=facets,
        base_url=timeline.get_absolute_url() + ("map/" if with_map else ""),
        editor=may_edit,
        default_order=timeline.default_order,
    )
    form.is_valid()
    return visible, facets, form, warm


def chronology_map(request, timeline, may_edit: bool, data) -> dict:
    """The context of the map panel alone, for the query string `data` of `/map/`: what an
    editor's change swaps in beside a card it changed in place (views/editor.py)."""
    visible, facets, form, _ = _filtered(request, timeline, may_edit, data, with_map=True)
    drawn = _drawn_map(timeline, visible, facets, form)
    return {"timeline": timeline, "form": form, "facets": facets, "map": drawn}


def _drawn_map(timeline, visible, facets, form):
    """The map of the events `form` selects (one query, which also counts them)."""
    events = filter_events(visible, form, language=timeline.language)
    return event_map(events, types=facets.types, url_for=_place_url(form))


def chronology_list(
    request, timeline, may_edit: bool, data, *, fragment=False, showing=None, with_map=False
):
    """(context, shown): what the chronology's list shows for the query string `data`.

    `with_map`: the list at the map's address (`/map/`), with the map of the same events.

    A `fragment` for a later page is `appending`: the events to add below the others.
    `showing` is an event just added or changed (by an editor): the list then runs from the
    page asked for through the page that holds the event, so its card is there wherever its
    date put it; `shown` says whether it matches the filters at all.
    """
    visible, facets, form, warm = _filtered(request, timeline, may_edit, data, with_map=with_map)
    base_url = form.base_url
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
    event_map_ = None
    count = None if form.is_filtered else facets.total  # unfiltered, the facets counted them
    if with_map and not appending:
        # The map's query counts the matching events too (placed or not): no count query.
        event_map_ = _drawn_map(timeline, visible, facets, form)
        count = event_map_.total
    # The cards' actors and tags come with the page's rows when its cards are likely to be
    # rendered: for editors (never cached) and on a cold content version (its facets were not
    # cached either). Once the version's parts are cached, so are its cards, most likely: the
    # page's rows come without them (two subqueries less to write and run), and the few cards
    # still to render prefetch their actors and tags (two queries, those cards alone).
    page, page_message = paginate(
        matching if warm else with_card_rows(matching),
        first,
        clamp=not appending,
        through=through,
        count=count,
    )
    for event in page.events:
        event.timeline = timeline
    groups = group_events(
        page.events, previous=page.previous_event if appending else None, ranked=form.ranked
    )
    prepare_cards(
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
        "header_key": _header_key(request),
        "list_url": base_url,
        "other_view_url": (timeline.get_absolute_url() if with_map else f"{base_url}map/")
        + form.url()[len(base_url) :],
        "map": event_map_,
    }
    return context, shown
