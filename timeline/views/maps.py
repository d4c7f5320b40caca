"""Where events happened, for programs and for editors: the GeoJSON export and the
gazetteer's suggestions in the event form. (The map itself is the chronology at `/map/`,
in views/reader.py; place pages are there too.)"""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from timeline.caching.responses import cached_for_readers, timeline_version
from timeline.maps import gazetteer
from timeline.maps.geojson import feature_collection
from timeline.models import Event, Timeline
from timeline.reader.facets import load_facets
from timeline.reader.filters import ChronologyFilterForm, filter_events
from timeline.rights import editor_required


@require_GET
@cached_for_readers(timeline_version)
def events_geojson(request, slug):
    """The timeline's events with coordinates, filtered by the chronology's query string.

    Published events for everyone; the timeline's editors get drafts too with `?drafts=1`.
    """
    timeline = get_object_or_404(Timeline.objects.visible_to(request.user), slug=slug)
    events = Event.objects.filter(timeline=timeline)
    include_drafts = request.GET.get("drafts") == "1" and timeline.can_edit(request.user)
    events = events.visible_to(request.user, can_edit=include_drafts)
    if not include_drafts:
        events = events.filter(status="published")
    facets = load_facets(events)
    form = ChronologyFilterForm(request.GET, facets=facets, base_url=timeline.get_absolute_url())
    form.is_valid()
    matching = (
        filter_events(events, form, language=timeline.language)
        .select_related("event_type", "place")
        .with_standing()
    )
    document = feature_collection(timeline, matching, absolute=request.build_absolute_uri)
    if form.errors:
        document["problems"] = form.error_summary()
    response = JsonResponse(
        document,
        content_type="application/geo+json",
        json_dumps_params={"ensure_ascii": False},
    )
    response["Content-Disposition"] = f'inline; filename="{timeline.slug}-events.geojson"'
    if include_drafts:
        response["Cache-Control"] = "private, no-store"
    else:
        response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
@editor_required
def place_gazetteer(request):
    """Gazetteer matches for the place typed in the event form (a new place only)."""
    key = request.GET.get("key", "new")[:20]
    # Cut before anything else: the gazetteer refuses long queries, but folding costs too.
    text = (request.GET.get("place") or request.GET.get("q") or "")[: gazetteer.MAX_QUERY + 1]
    text = text.strip()
    context = {"key": key, "text": text, "matches": gazetteer.suggest(text)}
    return render(request, "timeline/maps/_gazetteer.html", context)
