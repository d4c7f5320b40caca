"""``/timelines/<slug>/live/events/<id>/``: one event's card, as the chronology shows it.

The live page (static/js/live.js) fetches it when a message says the event changed, and swaps
it in place of the old card. Readers get published events of public timelines only (drafts are
a 404, as everywhere); an editor gets the card with their controls, as on their chronology.

With the chronology's filters in the query string (``?type=...&place=...&q=...``, as the page's
``data-live-view`` gives them) it answers for that view: ``204 No Content`` when the event is
visible but not among the events the view lists, so a reader filtering for one type is not told
of "1 new event" that Show would then not show. Whether the event is visible at all is decided
first: a draft is a 404 with or without filters, so filters tell nothing about drafts.
"""

from __future__ import annotations

from django.db.models import prefetch_related_objects
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from timeline.caching import cards as card_cache
from timeline.models import Event, card_prefetches
from timeline.reader.facets import Facet, Facets
from timeline.reader.filters import ChronologyFilterForm, filter_events
from timeline.rights import visible_timeline_or_404

HEADING_LEVELS = range(2, 5)


def view_form(timeline, data, *, can_edit: bool) -> ChronologyFilterForm:
    """The chronology's filter form for the query ``data``, without reading the facets.

    The page validated its filters against the facets when it was rendered and put only the
    valid ones in ``data-live-view``; here every value given is taken as a choice, and one that
    names nothing (a type no event has) simply matches nothing. One query fewer per card.
    """

    def offered(name):
        return [Facet(value, value, 0) for value in data.getlist(name) if value]

    facets = Facets(
        types=offered("type"), tags=offered("tag"), actors=offered("actor"), places=offered("place")
    )
    form = ChronologyFilterForm(
        data,
        facets=facets,
        base_url=timeline.get_absolute_url(),
        editor=can_edit,
        default_order=timeline.default_order,
    )
    form.is_valid()
    return form


def in_view(visible, timeline, pk: int, data, *, can_edit: bool) -> bool:
    """Whether the (visible) event ``pk`` is among those the chronology lists for ``data``."""
    form = view_form(timeline, data, can_edit=can_edit)
    if not form.is_filtered:
        return True
    matching = filter_events(visible, form, language=timeline.language)
    return matching.filter(pk=pk).exists()


@require_GET
def live_card(request, slug, pk):
    timeline, can_edit = visible_timeline_or_404(request.user, slug)
    visible = Event.objects.filter(timeline=timeline).visible_to(request.user, can_edit=can_edit)
    event = get_object_or_404(visible.for_cards(), pk=pk)
    if not in_view(visible, timeline, event.pk, request.GET, can_edit=can_edit):
        response = HttpResponse(status=204)
        response["Cache-Control"] = "private, no-cache"
        return response
    level = request.GET.get("level", "3")
    level = int(level) if level.isdigit() and int(level) in HEADING_LEVELS else 3
    if can_edit:  # an editor's card carries controls and is never cached
        prefetch_related_objects([event], *card_prefetches())
    else:
        card_cache.prepare_cards([(event, card_cache.card_variant(level))], card_prefetches())
    response = render(
        request,
        "timeline/_event_card.html",
        {"event": event, "heading_level": level, "can_edit": can_edit, "timeline": timeline},
    )
    response["Cache-Control"] = "private, no-cache"
    return response
