""" "Edit then accept": the suggestion an event form was opened from, read from its query
(``?from_source=<id>&suggestion=<key>``), and where that form posts and cancels to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse

from timeline.models import (
    Source,
    Timeline,
)
from timeline.suggestions.compute import (
    KEY_RE,
    AlreadyDecided,
    StaleSuggestion,
)
from timeline.suggestions.review import ReviewItem, review, review_url

# --- "Edit then accept": the event form opened from a suggestion -------------------------------


@dataclass
class FormOrigin:
    """The suggestion an event form was opened from (``?from_source=<id>&suggestion=<key>``)."""

    source: Source
    timeline: Timeline
    item: ReviewItem

    @property
    def review_url(self) -> str:
        return review_url(self.source, self.timeline, self.item)


def origin_query(source_id, key: str) -> str:
    return urlencode({"from_source": source_id, "suggestion": key})


def form_origin(request, timeline: Timeline) -> FormOrigin | None:
    """The suggestion named by the request's query, or None; StaleSuggestion if it is gone."""
    source_id = request.GET.get("from_source", "")
    key = request.GET.get("suggestion", "")
    if not source_id and not key:
        return None
    source = None
    if re.fullmatch(r"[0-9]{1,18}", source_id):
        source = Source.objects.visible_to(request.user).filter(pk=int(source_id)).first()
    if source is None:
        raise StaleSuggestion(key)
    try:
        item = review(source, timeline).item(key)
    except StaleSuggestion:
        raise StaleSuggestion(key, source) from None
    if item.decision is not None:
        raise AlreadyDecided(item.decision)
    return FormOrigin(source, timeline, item)


def form_links(request, timeline: Timeline) -> dict:
    """Where the event form opened from a suggestion posts and cancels to (no htmx target:
    it is a page of its own, and saving it goes back to the review page)."""
    source_id = request.GET.get("from_source", "")
    key = request.GET.get("suggestion", "")
    if not (source_id.isdigit() and KEY_RE.match(key)):
        return {}
    new_url = reverse("timeline:event_new", kwargs={"slug": timeline.slug})
    back = reverse("timeline:suggestions", kwargs={"slug": timeline.slug, "pk": int(source_id)})
    return {
        "action": f"{new_url}?{origin_query(source_id, key)}",
        "cancel_url": f"{back}#suggestion-{KEY_RE.match(key).group(1)}",
        "cancel_hx": "",
        "hx_target": "this",
        "hx_swap": "outerHTML",
    }
