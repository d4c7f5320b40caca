"""``/timelines/<slug>/live/events/<id>/``: one event's card, as the chronology shows it.

The live page (static/js/live.js) fetches it when a message says the event changed, and swaps
it in place of the old card. Readers get published events of public timelines only (drafts are
a 404, as everywhere); an editor gets the card with their controls, as on their chronology.
"""

from __future__ import annotations

from django.db.models import prefetch_related_objects
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from timeline.caching import cards as card_cache
from timeline.models import Event, card_prefetches
from timeline.rights import visible_timeline_or_404

HEADING_LEVELS = range(2, 5)


@require_GET
def live_card(request, slug, pk):
    timeline, can_edit = visible_timeline_or_404(request.user, slug)
    visible = Event.objects.filter(timeline=timeline).visible_to(request.user, can_edit=can_edit)
    event = get_object_or_404(visible.for_cards(), pk=pk)
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
