"""Who changed what: an event's revisions, restoring one, the timeline's activity.

The revisions and their diffs are read by `timeline.revisions`.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from timeline.models import Event
from timeline.revisions import event_revisions, timeline_activity_entries
from timeline.rights import timeline_editor_required
from timeline.services.events import StaleEdit, event_revert_to


@require_GET
@timeline_editor_required
def event_history(request, timeline, pk):
    event = get_object_or_404(Event.objects.select_related("timeline"), timeline=timeline, pk=pk)
    revisions = event_revisions(event)
    current = next((r.record for r in revisions if r.record is not None), None)
    return render(
        request,
        "timeline/editor/history.html",
        {"timeline": timeline, "event": event, "revisions": revisions, "current": current},
    )


@require_POST
@timeline_editor_required
def event_history_restore(request, timeline, pk, history_id):
    event = get_object_or_404(Event, timeline=timeline, pk=pk)
    record = get_object_or_404(event.history, history_id=history_id)
    history_url = reverse("timeline:event_history", kwargs={"slug": timeline.slug, "pk": pk})
    try:
        expected = int(request.POST.get("version", ""))
    except ValueError:
        expected = 0
    try:
        event_revert_to(record, expected_version=expected, user=request.user)
    except StaleEdit as stale:
        context = {
            "timeline": timeline,
            "event": stale.current,
            "revisions": event_revisions(stale.current),
            "current": None,
            "stale": True,
        }
        return render(request, "timeline/editor/history.html", context, status=409)
    messages.success(request, "Restored that version as a new revision.")
    return redirect(history_url)


@require_GET
@timeline_editor_required
def timeline_activity(request, timeline):
    """The latest changes to the timeline's events, by everyone, newest first."""
    entries = timeline_activity_entries(timeline)
    return render(
        request, "timeline/editor/activity.html", {"timeline": timeline, "entries": entries}
    )
