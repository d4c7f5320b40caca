"""Reviewing the events a source suggests for a timeline: accept, corroborate, dismiss, undo.

URLs live under the timeline (``/timelines/<slug>/sources/<id>/suggestions/``) so that the
permission is the timeline's: only its editors (and admins) review, and every write is a POST.
Each write names its suggestion by key (position and digest, see
`timeline.suggestions.compute`); a key the current list does not have is refused with 409 and
nothing changes. htmx requests get the changed card back; plain requests are redirected to the
card on the review page.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from timeline.models import Source, SuggestionDecision
from timeline.rights import timeline_editor_required
from timeline.services.events import events_publish
from timeline.services.suggestions import (
    suggestion_accept,
    suggestion_corroborate,
    suggestion_dismiss,
    suggestion_undismiss,
    suggestions_accept_all,
)
from timeline.suggestions.compute import AlreadyDecided, CannotAccept, StaleSuggestion
from timeline.suggestions.origin import origin_query
from timeline.suggestions.responses import TEMPLATE, stale_response
from timeline.suggestions.review import Review, ReviewItem, review, review_url


def edit_then_accept_url(data: Review, item: ReviewItem) -> str:
    url = reverse("timeline:event_new", kwargs={"slug": data.timeline.slug})
    return f"{url}?{origin_query(data.source.pk, item.key)}"


def item_context(data: Review, item: ReviewItem) -> dict:
    return {
        "item": item,
        "source": data.source,
        "timeline": data.timeline,
        "edit_url": edit_then_accept_url(data, item),
    }


@require_GET
@timeline_editor_required
def suggestion_review(request, timeline, pk):
    source = get_object_or_404(Source.objects.visible_to(request.user), pk=pk)
    data = review(source, timeline)
    context = {
        "source": source,
        "timeline": timeline,
        "review": data,
        "cards": [item_context(data, item) for item in data.items],
    }
    template = TEMPLATE + "#suggestion-list" if request.htmx else TEMPLATE
    return render(request, template, context)


def card_response(
    request,
    data: Review,
    item: ReviewItem,
    *,
    notice="",
    error="",
    status=200,
    surprise=False,
    refreshed=(),
):
    """The changed card (and, out of band, the count and "Accept all"); or back to the page.

    The card's own state says what was done, so an htmx card repeats only a ``surprise``
    (someone else decided it first); a plain request gets the notice as a message.
    """
    if request.htmx:
        context = item_context(data, item) | {
            "review": data,
            "focus": True,
            "notice": notice if surprise else "",
            "error": error,
            "refreshed": refreshed,
        }
        return render(request, TEMPLATE + "#card-update", context, status=status)
    if error:
        messages.error(request, error)
    elif notice:
        messages.success(request, notice)
    return redirect(review_url(data.source, data.timeline, item))


def decide(request, timeline, pk, key, action):
    """Find the suggestion, run ``action(source, item)``, answer with its card."""
    source = get_object_or_404(Source.objects.visible_to(request.user), pk=pk)
    data = review(source, timeline)
    try:
        item = data.item(key)
    except StaleSuggestion:
        return stale_response(request, source, timeline, key=key)
    try:
        notice = action(source, item)
    except AlreadyDecided as already:
        item.decision = already.decision
        who = already.decision.decided_by
        by = f" by {who.get_username()}" if who else ""
        notice = f"This was already decided{by}."
        return card_response(request, data, item, notice=notice, surprise=True)
    except CannotAccept as refusal:
        return card_response(request, data, item, error=str(refusal), status=409)
    item.decision = (
        SuggestionDecision.objects.filter(source=source, timeline=timeline, key=item.key)
        .select_related("event__timeline", "decided_by")
        .first()
    )
    refreshed = rematched(data) if request.htmx else ()
    return card_response(request, data, item, notice=notice, refreshed=refreshed)


def rematched(before: Review) -> list[dict]:
    """Open cards whose match changed with this decision (a denial whose claim was just
    accepted now offers to add to that event): sent along, swapped out of band."""
    after = review(before.source, before.timeline)
    old = {item.key: item.match.pk if item.match else None for item in before.items}
    return [
        item_context(after, item)
        for item in after.items
        if item.is_open and item.key in old and old[item.key] != (item.match and item.match.pk)
    ]


@require_POST
@timeline_editor_required
def suggestion_accept_view(request, timeline, pk, key):
    def accept(source, item):
        event = suggestion_accept(source=source, timeline=timeline, item=item, user=request.user)
        return f"Added “{event.title}” as a draft."

    return decide(request, timeline, pk, key, accept)


@require_POST
@timeline_editor_required
def suggestion_corroborate_view(request, timeline, pk, key):
    def corroborate(source, item):
        event = suggestion_corroborate(
            source=source, timeline=timeline, item=item, user=request.user
        )
        return f"Added this source to “{event.title}”."

    return decide(request, timeline, pk, key, corroborate)


@require_POST
@timeline_editor_required
def suggestion_dismiss_view(request, timeline, pk, key):
    def dismiss(source, item):
        suggestion_dismiss(source=source, timeline=timeline, item=item, user=request.user)
        return f"Dismissed “{item.title}”."

    return decide(request, timeline, pk, key, dismiss)


@require_POST
@timeline_editor_required
def suggestion_undo_view(request, timeline, pk, key):
    def undo(source, item):
        if suggestion_undismiss(source=source, timeline=timeline, item=item):
            return f"“{item.title}” is back for review."
        return ""

    return decide(request, timeline, pk, key, undo)


@require_POST
@timeline_editor_required
def suggestions_accept_all_view(request, timeline, pk):
    """Every open suggestion the editor saw: a draft event, or the source on the match."""
    source = get_object_or_404(Source.objects.visible_to(request.user), pk=pk)
    data = review(source, timeline)
    try:
        seen = [data.item(key) for key in request.POST.getlist("key")]
    except StaleSuggestion:
        return stale_response(request, source, timeline)
    result = suggestions_accept_all(
        source=source,
        timeline=timeline,
        items=[item for item in seen if item.is_open],
        user=request.user,
    )
    parts = []
    if result.added:
        parts.append(f"Added {result.added} draft event{'s' if result.added != 1 else ''}.")
    if result.corroborated:
        n = result.corroborated
        parts.append(f"Added this source to {n} existing event{'s' if n != 1 else ''}.")
    if result.skipped:
        parts.append(
            "Not added (decided meanwhile, or needing “Edit then accept”): "
            + "; ".join(f"“{title}”" for title in result.skipped)
            + "."
        )
    notice = " ".join(parts) or "Nothing left to accept."
    if request.htmx:
        data = review(source, timeline)
        context = {
            "source": source,
            "timeline": timeline,
            "review": data,
            "cards": [item_context(data, item) for item in data.items],
            "notice": notice,
        }
        return render(request, TEMPLATE + "#suggestion-list", context)
    messages.success(request, notice)
    return redirect(review_url(source, timeline))


@require_POST
@timeline_editor_required
def suggestions_publish_accepted_view(request, timeline, pk):
    """Publish every event accepted from this source's suggestions that is still a draft."""
    source = get_object_or_404(Source, pk=pk)
    drafts = review(source, timeline).accepted_drafts
    published = events_publish(drafts, user=request.user)
    if published:
        notice = f"Published {published} event{'s' if published != 1 else ''}: readers see them."
    else:
        notice = "Nothing to publish: every accepted event is published already."
    if request.htmx:
        data = review(source, timeline)
        context = {
            "source": source,
            "timeline": timeline,
            "review": data,
            "cards": [item_context(data, item) for item in data.items],
            "notice": notice,
        }
        return render(request, TEMPLATE + "#suggestion-list", context)
    messages.success(request, notice)
    return redirect(review_url(source, timeline))
