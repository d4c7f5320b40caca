"""Events suggested from a stored source, for one timeline, and what editors decide about them.

The suggestions are not stored: they are computed from the source's stored text, its
publication date and the known actors, places and the timeline's events by the deterministic
`timeline.ingest.suggest`, and cached under a digest of exactly those inputs. The same inputs
always give the same list, so a suggestion is named by its position and a digest of its type,
stance and quote (its *key*, e.g. ``3-5f0c2a9e41b7``); a request naming a key that no longer
matches the list (the text, the actors or the rules changed meanwhile) is refused as stale
instead of acting on a different suggestion.

Decisions (accepted as a draft event, source added to an existing event, dismissed) are rows
of `SuggestionDecision`; the services at the bottom make them, each in one transaction, through
`timeline.services.events`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace

from django.core.cache import cache
from django.db.models import Prefetch

from timeline.dates import Precision
from timeline.ingest import rules
from timeline.ingest.suggest import (
    KnownActor,
    KnownEvent,
    KnownPlace,
    Suggestion,
    match_existing,
    suggest_events,
)
from timeline.models import (
    Actor,
    Citation,
    Event,
    EventActor,
    Place,
    Source,
    SuggestionDecision,
    Timeline,
)

KEY_RE = re.compile(r"^(\d{1,4})-([0-9a-f]{12})$")
CACHE_SECONDS = 24 * 60 * 60
TITLE_MAX_LENGTH = 300
ATTRIBUTION_MAX_LENGTH = 300
# Events are suggested from the start of a long text only, so that one request's work has a
# bound (about half a second for 50,000 characters, issue 13); articles are far shorter.
SUGGEST_MAX_CHARS = 50_000
PRECISIONS = {"year": Precision.YEAR, "month": Precision.MONTH, "day": Precision.DAY}


class StaleSuggestion(Exception):
    """The key names no current suggestion: the page that sent it is out of date."""

    def __init__(self, key: str, source: Source | None = None):
        super().__init__(f"No current suggestion has the key {key!r}.")
        self.key = key
        self.source = source


class AlreadyDecided(Exception):
    """Someone decided this suggestion already (another tab, another editor)."""

    def __init__(self, decision: SuggestionDecision):
        super().__init__(f"Suggestion {decision.key} is already {decision.decision}.")
        self.decision = decision


class CannotAccept(Exception):
    """The suggestion cannot become an event as it stands; the message says why."""


def suggestion_key(number: int, suggestion: Suggestion) -> str:
    digest = hashlib.sha256(
        f"{suggestion.type_slug}\n{suggestion.stance}\n{suggestion.quote}".encode()
    ).hexdigest()
    return f"{number}-{digest[:12]}"


# --- Computing the suggestions -----------------------------------------------------------------


@dataclass
class Inputs:
    """Everything the suggestions of one source for one timeline depend on."""

    actors: list[KnownActor]
    places: list[KnownPlace]
    existing: list[KnownEvent]
    actor_kinds: dict[str, str]
    # The timeline's first and last day (None: no events), for the date warnings.
    span: tuple | None = None
    # Per event, the (quote, stance) of each of its citations of this source.
    cited: dict[int, list[tuple[str, str]]] = field(default_factory=dict)

    def digest(self, source: Source) -> str:
        parts = [
            # Cached suggestions made by older rules are not reused once the rules change.
            str(rules.RULES_VERSION),
            source.text,
            source.published_at.isoformat() if source.published_at else "",
            repr(self.actors),
            repr(self.places),
        ]
        return hashlib.sha256("\x1e".join(parts).encode()).hexdigest()


def known_inputs(source: Source, timeline: Timeline) -> Inputs:
    """Known actors and places (all of them), and the timeline's live events with the quotes
    of this source they cite already: a suggestion matching an event the editor added by hand
    from the same article offers to add to it, not a duplicate. Five queries."""
    actors = list(Actor.objects.order_by("pk").only("name", "slug", "aliases", "kind"))
    places = Place.objects.order_by("pk").only("name", "slug", "aliases")
    events = (
        Event.objects.filter(timeline=timeline)
        .alive()
        .select_related("event_type")
        .prefetch_related(
            Prefetch("event_actors", queryset=EventActor.objects.select_related("actor")),
            Prefetch(
                "citations",
                queryset=Citation.objects.filter(source=source).only("event_id", "quote", "stance"),
                to_attr="this_source",
            ),
        )
        .order_by("pk")
    )
    events = list(events)
    return Inputs(
        span=events_span(events),
        cited={e.pk: [(c.quote, c.stance) for c in e.this_source] for e in events},
        actors=[KnownActor(a.name, a.slug, tuple(a.alias_list)) for a in actors],
        places=[KnownPlace(p.name, p.slug, tuple(p.alias_list)) for p in places],
        existing=[
            KnownEvent(
                id=e.pk,
                title=e.title,
                type_slug=e.event_type.slug,
                actor_slugs=tuple(sorted({ea.actor.slug for ea in e.event_actors.all()})),
                date=e.date,
                source_quotes=tuple(c.quote for c in e.this_source),
            )
            for e in events
        ],
        actor_kinds={a.slug: a.kind for a in actors},
    )


def suggestion_text(text: str) -> str:
    """The part of a source's text events are suggested from: at most `SUGGEST_MAX_CHARS`,
    cut at the last paragraph break (else the last space) before that."""
    if len(text) <= SUGGEST_MAX_CHARS:
        return text
    head = text[:SUGGEST_MAX_CHARS]
    for separator in ("\n\n", " "):
        cut = head.rfind(separator)
        if cut > SUGGEST_MAX_CHARS // 2:
            return head[:cut]
    return head


def events_span(events) -> tuple | None:
    """The first day and the last day the events cover."""
    if not events:
        return None
    ends = [(e.partial_end_date or e.partial_date).end_of_period() for e in events]
    return min(e.date for e in events), max(ends)


def compute_suggestions(source: Source, inputs: Inputs) -> list[Suggestion]:
    """The suggestions for these inputs.

    The slow part (seconds for a long article) depends on the text, its date and the known
    actors and places only, and is cached under their digest; matching against the timeline's
    events is quick and done each time, so accepting a suggestion leaves the cache valid.
    """
    if not source.text.strip():
        return []
    cache_key = f"timeline:suggestions:{inputs.digest(source)}"
    found = cache.get(cache_key)
    if found is None:
        found = suggest_events(
            suggestion_text(source.text),
            published_at=source.published_at,
            actors=inputs.actors,
            places=inputs.places,
        )
        cache.set(cache_key, found, CACHE_SECONDS)
    return [
        replace(suggestion, matches_event_id=match_existing(suggestion, inputs.existing))
        for suggestion in found
    ]
