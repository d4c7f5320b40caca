"""Answers shared by the suggestion review and the event form's "Edit then accept".

A write that names a suggestion the current list no longer has (or one already decided) is
refused with 409 and the page or card that says so; nothing changes.
"""

from __future__ import annotations

from django.shortcuts import render

from timeline.suggestions.compute import AlreadyDecided
from timeline.suggestions.review import review_url

TEMPLATE = "timeline/suggestions/review.html"


def stale_response(request, source, timeline, *, key: str = "", already_decided=False):
    """The page that sent this was made from another list of suggestions: change nothing."""
    context = {
        "source": source,
        "timeline": timeline,
        "review_url": review_url(source, timeline) if source else timeline.get_absolute_url(),
        "already_decided": already_decided,
    }
    number = key.split("-", 1)[0]
    context["number"] = number if number.isdigit() else ""
    if request.htmx and context["number"]:
        return render(request, TEMPLATE + "#stale-card", context, status=409)
    return render(request, "timeline/suggestions/stale.html", context, status=409)


def origin_refused(request, timeline, refusal):
    """ "Edit then accept" from a suggestion that is gone or already decided."""
    if isinstance(refusal, AlreadyDecided):
        return stale_response(request, refusal.decision.source, timeline, already_decided=True)
    return stale_response(request, refusal.source, timeline)
