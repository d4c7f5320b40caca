"""Pages for readers: no account needed. Drafts only for the timeline's editors."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from timeline.models import Actor, Event, EventType, Source, Timeline


@require_GET
def index(request):
    timelines = Timeline.objects.visible_to(request.user).for_index()
    return render(request, "timeline/index.html", {"timelines": timelines})


@require_GET
def chronology(request, slug):
    timeline = get_object_or_404(Timeline.objects.visible_to(request.user), slug=slug)
    events = (
        Event.objects.filter(timeline=timeline)
        .visible_to(request.user, timeline)
        .for_chronology()
        .chronological()
    )
    context = {"timeline": timeline, "events": events}
    context["can_edit"] = timeline.can_edit(request.user)
    return render(request, "timeline/chronology.html", context)


@require_GET
def event_detail(request, slug, pk):
    timeline = get_object_or_404(Timeline.objects.visible_to(request.user), slug=slug)
    event = get_object_or_404(
        Event.objects.filter(timeline=timeline).visible_to(request.user, timeline).for_chronology(),
        pk=pk,
    )
    context = {"timeline": timeline, "event": event}
    context["can_edit"] = timeline.can_edit(request.user)
    return render(request, "timeline/event.html", context)


@require_GET
def source_detail(request, pk):
    source = get_object_or_404(Source, pk=pk)
    events = (
        Event.objects.published().filter(citations__source=source).for_chronology().chronological()
    )
    return render(request, "timeline/source.html", {"source": source, "events": events})


@require_GET
def actor_detail(request, slug):
    actor = get_object_or_404(Actor, slug=slug)
    events = Event.objects.published().filter(actors=actor).distinct().for_chronology()
    return render(
        request, "timeline/actor.html", {"actor": actor, "events": events.chronological()}
    )


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
