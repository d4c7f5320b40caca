"""What the review page shows: each suggestion as a card, with what was decided about it.

The suggestions come from `timeline.suggestions.compute`; the decisions from
`SuggestionDecision` rows, made by `timeline.services.suggestions`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone

from timeline.dates import PartialDate, Precision
from timeline.ingest.suggest import (
    Suggestion,
)
from timeline.models import (
    ActorRole,
    Event,
    EventType,
    Source,
    SuggestionDecision,
    SuggestionVerdict,
    Timeline,
)
from timeline.suggestions.compute import (
    KEY_RE,
    PRECISIONS,
    TITLE_MAX_LENGTH,
    StaleSuggestion,
    compute_suggestions,
    known_inputs,
    suggestion_key,
)
from timeline.suggestions.dating import outside_span

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
    span: tuple | None = None  # the timeline's first and last day, for the date warnings
    cited: list = field(default_factory=list)  # (quote, stance) of the match's citations here

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
    def already_cited(self) -> bool:
        """The matching event cites this very sentence of the article, with the same stance."""
        if self.match is None:
            return False
        quote = " ".join(self.suggestion.quote.split())
        return any(
            " ".join(text.split()) == quote and stance == self.suggestion.stance
            for text, stance in self.cited
        )

    @property
    def date_warnings(self) -> list[str]:
        """Doubts about the date to show on the card: a wrong weekday, a date off the span."""
        warnings = [self.suggestion.date_note] if self.suggestion.date_note else []
        off = outside_span(self.partial_date, self.span)
        return warnings + ([off] if off else [])

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

    @property
    def accepted_drafts(self) -> list:
        """Events accepted from these suggestions that are still drafts (and not deleted)."""
        events = []
        for item in self.items:
            decision = item.decision
            event = decision.event if decision is not None else None
            if (
                event is not None
                and decision.decision == SuggestionVerdict.ACCEPTED
                and event.deleted_at is None
                and not event.is_published
            ):
                events.append(event)
        return events

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
    span = inputs.span
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
                span=span,
                cited=inputs.cited.get(suggestion.matches_event_id, []),
            )
        )
    return Review(source, timeline, items)


def review_url(source: Source, timeline: Timeline, item: ReviewItem | None = None) -> str:
    url = reverse("timeline:suggestions", kwargs={"slug": timeline.slug, "pk": source.pk})
    return f"{url}#{item.anchor}" if item is not None else url
