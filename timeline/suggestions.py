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
`timeline.services`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from timeline.dates import PartialDate, Precision
from timeline.forms import find_by_name, source_ref
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
    QUOTE_MAX_LENGTH,
    Actor,
    ActorKind,
    ActorRole,
    Citation,
    Event,
    EventActor,
    EventType,
    Place,
    PublicationStatus,
    Source,
    SuggestionDecision,
    SuggestionVerdict,
    Timeline,
)
from timeline.services import (
    ActorPart,
    CitationItem,
    EventChanges,
    event_create,
    event_update,
)

KEY_RE = re.compile(r"^(\d{1,4})-([0-9a-f]{12})$")
CACHE_SECONDS = 24 * 60 * 60
TITLE_MAX_LENGTH = 300
ATTRIBUTION_MAX_LENGTH = 300
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

    def digest(self, source: Source) -> str:
        parts = [
            source.text,
            source.published_at.isoformat() if source.published_at else "",
            repr(self.actors),
            repr(self.places),
        ]
        return hashlib.sha256("\x1e".join(parts).encode()).hexdigest()


def known_inputs(source: Source, timeline: Timeline) -> Inputs:
    """Known actors and places (all of them), and the timeline's events this source does not
    cite yet (a source cannot corroborate an event twice). Four queries."""
    actors = list(Actor.objects.order_by("pk").only("name", "slug", "aliases", "kind"))
    places = Place.objects.order_by("pk").only("name", "slug", "aliases")
    events = (
        Event.objects.filter(timeline=timeline)
        .alive()
        .exclude(citations__source=source)
        .select_related("event_type")
        .prefetch_related(
            Prefetch("event_actors", queryset=EventActor.objects.select_related("actor"))
        )
        .order_by("pk")
    )
    return Inputs(
        actors=[KnownActor(a.name, a.slug, tuple(a.alias_list)) for a in actors],
        places=[KnownPlace(p.name, p.slug, tuple(p.alias_list)) for p in places],
        existing=[
            KnownEvent(
                id=e.pk,
                title=e.title,
                type_slug=e.event_type.slug,
                actor_slugs=tuple(sorted({ea.actor.slug for ea in e.event_actors.all()})),
                date=e.date,
            )
            for e in events
        ],
        actor_kinds={a.slug: a.kind for a in actors},
    )


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
            source.text,
            published_at=source.published_at,
            actors=inputs.actors,
            places=inputs.places,
        )
        cache.set(cache_key, found, CACHE_SECONDS)
    return [
        replace(suggestion, matches_event_id=match_existing(suggestion, inputs.existing))
        for suggestion in found
    ]


# --- What the review page shows ----------------------------------------------------------------


@dataclass
class ActorLine:
    name: str
    role: str
    is_new: bool

    @property
    def role_label(self) -> str:
        return ActorRole(self.role).label if self.role in ActorRole.values else self.role


@dataclass
class ReviewItem:
    """One suggestion as a card: what it proposes and what was decided about it."""

    number: int
    key: str
    suggestion: Suggestion
    event_type: EventType | None
    match: Event | None
    decision: SuggestionDecision | None
    fallback_date: PartialDate
    fallback_reason: str
    actors: list[ActorLine] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"suggestion-{self.number}"

    @property
    def partial_date(self) -> PartialDate | None:
        s = self.suggestion
        if s.date is None or s.date_precision not in PRECISIONS:
            return None
        return PartialDate(s.date, PRECISIONS[s.date_precision])

    @property
    def date_for_event(self) -> PartialDate:
        return self.partial_date or self.fallback_date

    @property
    def place_is_new(self) -> bool:
        return bool(self.suggestion.place_name and not self.suggestion.place_slug)

    @property
    def type_label(self) -> str:
        if self.event_type is not None:
            return self.event_type.label
        return self.suggestion.type_slug.replace("-", " ").capitalize()

    @property
    def is_open(self) -> bool:
        return self.decision is None

    @property
    def is_dismissed(self) -> bool:
        return self.decision is not None and self.decision.decision == SuggestionVerdict.DISMISSED

    @property
    def title(self) -> str:
        return self.suggestion.title[:TITLE_MAX_LENGTH]


@dataclass
class Review:
    source: Source
    timeline: Timeline
    items: list[ReviewItem]

    @property
    def open_items(self) -> list[ReviewItem]:
        return [item for item in self.items if item.is_open]

    def item(self, key: str) -> ReviewItem:
        match = KEY_RE.match(key or "")
        if not match:
            raise StaleSuggestion(key)
        number = int(match.group(1))
        if number >= len(self.items) or self.items[number].key != key:
            raise StaleSuggestion(key)
        return self.items[number]


def fallback_date(source: Source) -> tuple[PartialDate, str]:
    """The approximate date an undated suggestion gets: the article's, else the day it was added."""
    if source.published_at:
        day = timezone.localtime(source.published_at).date()
        return PartialDate(day, Precision.DAY, approximate=True), "the article's publication date"
    day = timezone.localtime(source.created_at or timezone.now()).date()
    return (
        PartialDate(day, Precision.DAY, approximate=True),
        "the day the article was added, as it has no publication date",
    )


def review(source: Source, timeline: Timeline) -> Review:
    """The review page's cards, in a constant number of queries."""
    inputs = known_inputs(source, timeline)
    suggestions = compute_suggestions(source, inputs)
    decisions = {
        d.key: d
        for d in SuggestionDecision.objects.filter(source=source, timeline=timeline)
        .select_related("event__timeline", "decided_by")
        .order_by("pk")
    }
    types = {t.slug: t for t in EventType.objects.all()}
    match_ids = {s.matches_event_id for s in suggestions if s.matches_event_id}
    matches = {e.pk: e for e in Event.objects.filter(pk__in=match_ids).select_related("timeline")}
    when, reason = fallback_date(source)
    items = []
    for number, suggestion in enumerate(suggestions):
        key = suggestion_key(number, suggestion)
        items.append(
            ReviewItem(
                number=number,
                key=key,
                suggestion=suggestion,
                event_type=types.get(suggestion.type_slug),
                match=matches.get(suggestion.matches_event_id),
                decision=decisions.get(key),
                fallback_date=when,
                fallback_reason=reason,
                actors=[
                    ActorLine(a.name, a.role, a.slug is None or a.slug not in inputs.actor_kinds)
                    for a in suggestion.actors
                ],
            )
        )
    return Review(source, timeline, items)


def review_url(source: Source, timeline: Timeline, item: ReviewItem | None = None) -> str:
    url = reverse("timeline:suggestions", kwargs={"slug": timeline.slug, "pk": source.pk})
    return f"{url}#{item.anchor}" if item is not None else url


# --- From a suggestion to the parts of an event ------------------------------------------------


def new_actor_kind(name: str) -> str:
    return ActorKind.STATE if name in rules.STATES else ActorKind.OTHER


def _actor_parts(item: ReviewItem) -> list[ActorPart]:
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


def _citation(item: ReviewItem, source: Source) -> CitationItem:
    s = item.suggestion
    return CitationItem(
        quote=_quote(s.quote),
        attribution=s.attribution[:ATTRIBUTION_MAX_LENGTH],
        stance=s.stance,
        source=source,
    )


def _notes(item: ReviewItem, source: Source) -> str:
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


def _changes(item: ReviewItem, source: Source) -> EventChanges:
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
        "notes": _notes(item, source),
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
        "notes": _notes(item, source),
    }
    actors = [
        {
            "actor": part.actor.name if part.actor else part.new_name,
            "role": part.role,
            "new_kind": part.actor.kind if part.actor else part.new_kind,
        }
        for part in _actor_parts(item)
    ]
    citation = _citation(item, source)
    citations = [
        {
            "source": source_ref(source),
            "quote": citation.quote,
            "attribution": citation.attribution,
            "stance": citation.stance,
        }
    ]
    return {"initial": initial, "initial_actors": actors, "initial_citations": citations}


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
    source = Source.objects.filter(pk=int(source_id)).first() if source_id.isdigit() else None
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


# --- Services: each decision in one transaction ------------------------------------------------


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
    """A draft event with the suggestion's citation, actors and place (new ones created)."""
    with transaction.atomic():
        decision = _claim(source, timeline, item, SuggestionVerdict.ACCEPTED, user)
        event = event_create(
            timeline=timeline,
            changes=_changes(item, source),
            user=user,
            actors=_actor_parts(item),
            citations=[_citation(item, source)],
        )
        decision.event = event
        decision.save(update_fields=["event"])
    return event


def suggestion_accept_edited(*, origin: FormOrigin, editor, user) -> Event:
    """The event as the editor corrected it in the event form, recorded as the acceptance."""
    with transaction.atomic():
        decision = _claim(
            origin.source, origin.timeline, origin.item, SuggestionVerdict.ACCEPTED, user
        )
        event = event_create(
            timeline=origin.timeline,
            changes=editor.changes(),
            user=user,
            actors=editor.actor_parts(),
            citations=editor.citation_items(),
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
        if all(c.source.pk != source.pk for c in citations):
            citations.append(_citation(item, source))
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


def suggestion_dismiss(*, source: Source, timeline: Timeline, item: ReviewItem, user) -> None:
    _claim(source, timeline, item, SuggestionVerdict.DISMISSED, user)


def suggestion_undismiss(*, source: Source, timeline: Timeline, item: ReviewItem) -> bool:
    """Undo a dismissal (only a dismissal: accepted events are deleted in the editor)."""
    deleted, _ = SuggestionDecision.objects.filter(
        source=source, timeline=timeline, key=item.key, decision=SuggestionVerdict.DISMISSED
    ).delete()
    return bool(deleted)


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
    with transaction.atomic():
        for item in items:
            try:
                with transaction.atomic():
                    if item.match is not None:
                        suggestion_corroborate(
                            source=source, timeline=timeline, item=item, user=user
                        )
                        result.corroborated += 1
                    else:
                        suggestion_accept(source=source, timeline=timeline, item=item, user=user)
                        result.added += 1
            except (AlreadyDecided, CannotAccept):
                result.skipped.append(item.title)
    return result
