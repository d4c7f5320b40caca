"""From a suggestion to the parts of an event: the plain data the services take, and the event
form's initial values for "Edit then accept".
"""

from __future__ import annotations

from timeline.dates import PartialDate
from timeline.forms.fields import find_by_name, source_ref
from timeline.ingest import rules
from timeline.models import (
    QUOTE_MAX_LENGTH,
    Actor,
    ActorKind,
    ActorRole,
    Place,
    PublicationStatus,
    Source,
)
from timeline.services.events import (
    ActorPart,
    CitationItem,
    EventChanges,
)
from timeline.suggestions.compute import (
    ATTRIBUTION_MAX_LENGTH,
    CannotAccept,
)
from timeline.suggestions.review import ReviewItem

# --- From a suggestion to the parts of an event ------------------------------------------------


def new_actor_kind(name: str) -> str:
    return ActorKind.STATE if name in rules.STATES else ActorKind.OTHER


def actor_parts(item: ReviewItem) -> list[ActorPart]:
    parts: list[ActorPart] = []
    seen: set[tuple[str, str]] = set()
    for mention in item.suggestion.actors:
        role = mention.role if mention.role in ActorRole.values else ActorRole.OTHER
        actor = None
        if mention.slug:
            actor = Actor.objects.filter(slug=mention.slug).first()
        actor = actor or find_by_name(Actor, mention.name)
        key = (actor.slug if actor else mention.name.casefold(), role)
        if key in seen:
            continue
        seen.add(key)
        parts.append(
            ActorPart(
                role=role, actor=actor, new_name=mention.name, new_kind=new_actor_kind(mention.name)
            )
        )
    return parts


def _place_and_name(item: ReviewItem) -> tuple[Place | None, str]:
    s = item.suggestion
    place = Place.objects.filter(slug=s.place_slug).first() if s.place_slug else None
    if place is None and s.place_name:
        place = find_by_name(Place, s.place_name)
    if place is None and s.place_name:
        return None, s.place_name
    return place, ""


def _quote(text: str) -> str:
    return text if len(text) <= QUOTE_MAX_LENGTH else text[: QUOTE_MAX_LENGTH - 1] + "…"


def citation_item(item: ReviewItem, source: Source) -> CitationItem:
    s = item.suggestion
    return CitationItem(
        quote=_quote(s.quote),
        attribution=s.attribution[:ATTRIBUTION_MAX_LENGTH],
        stance=s.stance,
        source=source,
    )


def event_notes(item: ReviewItem, source: Source) -> str:
    s = item.suggestion
    lines = [f"Suggested from the article “{source.title}”."]
    if item.partial_date is not None and s.date_text:
        lines.append(f"Date read from “{s.date_text}”.")
    elif item.partial_date is None:
        lines.append(
            f"The article gives no date for this event: dated approximately by "
            f"{item.fallback_reason}. Check it before publishing."
        )
    return " ".join(lines)


def event_changes(item: ReviewItem, source: Source) -> EventChanges:
    if item.event_type is None:
        raise CannotAccept(
            f"The event type “{item.suggestion.type_slug}” no longer exists: "
            "use “Edit then accept” to choose one."
        )
    when = item.date_for_event
    place, new_place_name = _place_and_name(item)
    values = {
        "title": item.title,
        "summary": "",
        "notes": event_notes(item, source),
        "event_type": item.event_type,
        "place": place,
        "date": when.date,
        "precision": int(when.precision),
        "time": None,
        "utc_offset": None,
        "approximate": when.approximate,
        "end_date": None,
        "end_precision": None,
        "status": PublicationStatus.DRAFT,
    }
    return EventChanges(values=values, new_place_name=new_place_name)


def editor_prefill(item: ReviewItem, source: Source) -> dict:
    """Keyword arguments for `EventEditor`: the event form filled in from the suggestion."""
    s = item.suggestion
    when = item.date_for_event
    initial = {
        "title": item.title,
        "date": PartialDate(when.date, when.precision).display(),
        "approximate": when.approximate,
        "event_type": item.event_type.pk if item.event_type else None,
        "place": s.place_name or "",
        "status": PublicationStatus.DRAFT,
        "notes": event_notes(item, source),
    }
    actors = [
        {
            "actor": part.actor.name if part.actor else part.new_name,
            "role": part.role,
            "new_kind": part.actor.kind if part.actor else part.new_kind,
        }
        for part in actor_parts(item)
    ]
    citation = citation_item(item, source)
    citations = [
        {
            "source": source_ref(source),
            "quote": citation.quote,
            "attribution": citation.attribution,
            "stance": citation.stance,
        }
    ]
    return {"initial": initial, "initial_actors": actors, "initial_citations": citations}
