"""What editors decide about suggested events, each decision in one transaction.

A decision is a `SuggestionDecision` row claimed first: its unique key makes a second,
concurrent decision of the same suggestion fail before anything else is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from django.db import IntegrityError, transaction

from timeline.models import (
    Citation,
    Event,
    Source,
    SuggestionDecision,
    SuggestionVerdict,
    Timeline,
)
from timeline.services.events import (
    ActorPart,
    CitationItem,
    EventChanges,
    event_create,
    event_update,
)
from timeline.suggestions.compute import (
    AlreadyDecided,
    CannotAccept,
)
from timeline.suggestions.proposals import actor_parts, citation_item, event_changes
from timeline.suggestions.review import ReviewItem


def _claim(source: Source, timeline: Timeline, item: ReviewItem, verdict: str, user):
    """Record the decision first: the unique key makes a second, concurrent decision fail here
    (PostgreSQL makes it wait for the first to commit), before anything else is written."""
    try:
        with transaction.atomic():
            return SuggestionDecision.objects.create(
                source=source, timeline=timeline, key=item.key, decision=verdict, decided_by=user
            )
    except IntegrityError:
        existing = SuggestionDecision.objects.get(source=source, timeline=timeline, key=item.key)
        raise AlreadyDecided(existing) from None


def suggestion_accept(*, source: Source, timeline: Timeline, item: ReviewItem, user) -> Event:
    """A draft event with the suggestion's citation, actors and place (new ones created).

    A suggestion that matches an event by now (the card was shown before its claim was
    accepted, say) adds this source to that event instead: never a duplicate.
    """
    if item.match is not None:
        return suggestion_corroborate(source=source, timeline=timeline, item=item, user=user)
    with transaction.atomic():
        decision = _claim(source, timeline, item, SuggestionVerdict.ACCEPTED, user)
        event = event_create(
            timeline=timeline,
            changes=event_changes(item, source),
            user=user,
            actors=actor_parts(item),
            citations=[citation_item(item, source)],
        )
        decision.event = event
        decision.save(update_fields=["event"])
    return event


def suggestion_accept_edited(
    *,
    source: Source,
    timeline: Timeline,
    item: ReviewItem,
    changes: EventChanges,
    actors: list[ActorPart],
    citations: list[CitationItem],
    user,
) -> Event:
    """The event as the editor corrected it in the event form, recorded as the acceptance."""
    with transaction.atomic():
        decision = _claim(source, timeline, item, SuggestionVerdict.ACCEPTED, user)
        event = event_create(
            timeline=timeline, changes=changes, user=user, actors=actors, citations=citations
        )
        decision.event = event
        decision.save(update_fields=["event"])
    return event


def suggestion_corroborate(*, source: Source, timeline: Timeline, item: ReviewItem, user) -> Event:
    """Cite this source on the existing event the suggestion matches; no new event."""
    if item.match is None:
        raise CannotAccept("This suggestion no longer matches an event of the timeline.")
    with transaction.atomic():
        decision = _claim(source, timeline, item, SuggestionVerdict.CORROBORATED, user)
        # Locked so the version read here is the one the update claims.
        event = (
            Event.objects.select_for_update()
            .alive()
            .filter(pk=item.match.pk, timeline=timeline)
            .first()
        )
        if event is None:
            raise CannotAccept("The matching event was deleted meanwhile.")
        citations = [
            CitationItem(quote=c.quote, attribution=c.attribution, stance=c.stance, source=c.source)
            for c in Citation.objects.filter(event=event).select_related("source")
        ]
        # The same article may be cited again for another claim (a denial, say), but the
        # same citation twice adds nothing.
        new = citation_item(item, source)
        if all(_citation_key(c) != _citation_key(new) for c in citations):
            citations.append(new)
        event_update(
            event,
            changes=EventChanges(values={}),
            expected_version=event.version,
            user=user,
            citations=citations,
            reason=f"Source added: {source.title}"[:100],
        )
        decision.event = event
        decision.save(update_fields=["event"])
    return event


def _citation_key(item: CitationItem) -> tuple:
    return (item.source.pk, " ".join(item.quote.split()), item.attribution, item.stance)


def suggestion_dismiss(*, source: Source, timeline: Timeline, item: ReviewItem, user) -> None:
    _claim(source, timeline, item, SuggestionVerdict.DISMISSED, user)


def suggestion_undismiss(*, source: Source, timeline: Timeline, item: ReviewItem) -> bool:
    """Undo a dismissal (only a dismissal: accepted events are deleted in the editor)."""
    deleted, _ = SuggestionDecision.objects.filter(
        source=source, timeline=timeline, key=item.key, decision=SuggestionVerdict.DISMISSED
    ).delete()
    return bool(deleted)


def _claimed_here(item: ReviewItem, created: dict[str, list[Event]]) -> Event | None:
    """The event accepted in this run whose claim the denial denies: same type, shared actor."""
    slugs = {a.slug for a in item.suggestion.actors if a.slug}
    for event in created.get(item.suggestion.type_slug, []):
        if slugs & {ea.actor.slug for ea in event.event_actors.select_related("actor")}:
            return event
    return None


@dataclass
class AcceptAllResult:
    added: int = 0
    corroborated: int = 0
    skipped: list[str] = field(default_factory=list)


def suggestions_accept_all(
    *, source: Source, timeline: Timeline, items: list[ReviewItem], user
) -> AcceptAllResult:
    """Each open suggestion's own action: a draft event, or this source cited on the match.

    One transaction; a suggestion that cannot be accepted, or that someone decided meanwhile,
    is left as it is and named in the result.
    """
    result = AcceptAllResult()
    created: dict[str, list[Event]] = {}  # type -> events accepted here, for their denials
    # Claims first, so that a denial of a claim accepted here is added to its event.
    ordered = sorted(items, key=lambda item: item.suggestion.stance == "denies")
    with transaction.atomic():
        for item in ordered:
            if item.match is None and item.suggestion.stance == "denies":
                item = replace(item, match=_claimed_here(item, created))
            try:
                with transaction.atomic():
                    if item.match is not None:
                        suggestion_corroborate(
                            source=source, timeline=timeline, item=item, user=user
                        )
                        result.corroborated += 1
                    else:
                        event = suggestion_accept(
                            source=source, timeline=timeline, item=item, user=user
                        )
                        created.setdefault(item.suggestion.type_slug, []).append(event)
                        result.added += 1
            except (AlreadyDecided, CannotAccept):
                result.skipped.append(item.title)
    return result
