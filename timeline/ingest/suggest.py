"""Propose the events an article reports, for an editor to accept, edit or discard.

Plain data in, dataclasses out: no Django here. The text is split into sentences and clauses;
each clause is classified by the keyword rules in `rules.EVENT_RULES`; reports of the same event
(same type, stance and doers) are merged, keeping the most specific sentence as the quote.
"""

from __future__ import annotations

import datetime
import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache

from . import rules
from .classify import (
    ROLE_STRENGTH,
    Attribution,
    RuleMatch,
    assign_roles,
    classify,
    denies_an_earlier_claim,
    find_attribution,
    find_denial_tail,
    is_denial,
)
from .datelines import named_weekday, weekday_conflict
from .mentions import Gazetteer, Mention
from .prose_dates import DatePhrase, find_date_phrases, resolve
from .sentences import Span, split_clauses, split_sentences
from .titles import claimed_title, event_title

_PAIR_GAP = re.compile(r"(?:['’]s)?\s*,?\s*and\s+(?:the\s+)?(?:[a-z\-]+\s+)?")


@cache
def _date_elsewhere() -> re.Pattern[str]:
    return re.compile(rules.DATE_ELSEWHERE_BEFORE, re.IGNORECASE)


@cache
def _pair_reference() -> re.Pattern[str]:
    return re.compile(rules.PAIR_REFERENCES, re.IGNORECASE)


@dataclass(frozen=True)
class KnownActor:
    name: str
    slug: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class KnownPlace:
    name: str
    slug: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class KnownEvent:
    id: int
    title: str
    type_slug: str
    actor_slugs: tuple[str, ...]
    date: datetime.date | None
    # The quotes of the article being reviewed that the event already cites: an event citing
    # the same sentence is the event the sentence reports, whatever its type or actors.
    source_quotes: tuple[str, ...] = ()


@dataclass
class ActorMention:
    name: str
    slug: str | None  # None: a party the timeline does not know yet, to offer as a new actor
    role: str  # "initiator", "target", "mediator" or "other"


@dataclass
class Suggestion:
    type_slug: str
    title: str
    quote: str  # a sentence of the article, verbatim
    attribution: str  # who says it; "" when the article asserts it itself
    stance: str  # "asserts" or "denies"
    actors: list[ActorMention]
    place_slug: str | None
    place_name: str | None
    date: datetime.date | None
    date_precision: str  # "day", "month", "year" or "" when undated
    date_text: str  # the words that gave the date, or ""
    matches_event_id: int | None
    confidence: float
    date_note: str = ""  # a doubt about the date, e.g. a weekday the date is not


@dataclass
class _Report:
    """One clause reporting one event."""

    order: int
    match: RuleMatch
    sentence: Span
    roles_actors: list[tuple[Mention, str]]
    doers: list[Mention]
    parties: list[Mention]
    identity: frozenset[str]
    stance: str
    attribution: str
    place: Mention | None
    date_phrase: DatePhrase | None

    @property
    def type_slug(self) -> str:
        return self.match.rule.type_slug

    @property
    def specificity(self) -> float:
        known = len({m.slug for m, _ in self.roles_actors if m.slug})
        return (
            2 * self.match.weight
            + (1 if self.place else 0)
            + (1 if self.date_phrase else 0)
            + (1 if self.attribution else 0)
            + 0.25 * min(known, 2)
        )


@dataclass
class _Group:
    reports: list[_Report] = field(default_factory=list)
    identity: set[str] = field(default_factory=set)

    @property
    def best(self) -> _Report:
        return max(self.reports, key=lambda r: (r.specificity, -r.order))


def suggest_events(
    text: str,
    *,
    published_at: datetime.datetime | None,
    actors: Sequence[KnownActor] = (),
    places: Sequence[KnownPlace] = (),
    existing: Sequence[KnownEvent] = (),
) -> list[Suggestion]:
    """The events `text` reports, in order of first mention."""
    mentions = Gazetteer(actors, places).find(text)
    reports = _reports(text, mentions)
    groups = _merge(reports)
    return [_suggestion(group, published_at, existing) for group in groups]


def _reports(text: str, mentions: list[Mention]) -> list[_Report]:
    reports: list[_Report] = []
    # "The two sides" stands for the parties of the latest two-sided event, or else for the
    # first two actors the article names together.
    first_pair: list[Mention] = []
    event_pair: list[Mention] = []
    last_pair: list[Mention] = []
    starts = [m.start for m in mentions]
    for sentence in split_sentences(text):
        in_sentence = mentions[
            bisect_left(starts, sentence.start) : bisect_left(starts, sentence.end)
        ]
        sentence_source = find_attribution(text, sentence)
        dates = find_date_phrases(text, sentence.start, sentence.end)
        opening_date = next(
            (
                d
                for d in dates
                if not d.modifier and len(text[sentence.start : d.start].split()) <= 1
            ),
            None,
        )
        previous_doers: list[Mention] = []
        for clause in split_clauses(text, sentence):
            in_clause = [m for m in in_sentence if clause.start <= m.start < clause.end]
            in_clause = sorted(
                in_clause + _pair_references(text, clause, last_pair), key=lambda m: m.start
            )
            if not any(m.kind == "actor" for m in in_clause):
                in_clause = previous_doers + in_clause
            source = find_attribution(text, clause) or sentence_source
            tail = find_denial_tail(text, clause)
            reported = text[clause.start : tail[0]] if tail else clause.text
            clause_dates = [d for d in dates if clause.start <= d.start < clause.end]
            places = [m for m in in_clause if m.kind == "place"]
            clause_doers: list[Mention] = []
            matched = [
                (match, assign_roles(text, clause, in_clause, match, source))
                for match in classify(text, clause)
            ]
            if not matched and denies_an_earlier_claim(reported):
                denial = _denial_of_earlier(reports, sentence, source)
                if denial is not None:
                    reports.append(denial)
            done = [(match, roles) for match, roles in matched if not roles.presupposed]
            # An event only named as the object of another ("welcomed the mediation offer")
            # is not reported on its own.
            for match, roles in done if done else matched:
                clause_doers = clause_doers or roles.doers
                if len({m.key for m in roles.parties}) >= 2:
                    event_pair = roles.parties[:2]
                versions = [("denies" if is_denial(reported) else match.rule.stance, source)]
                if tail:
                    versions.append(("denies", tail[1]))
                for stance, said_by in versions:
                    reports.append(
                        _Report(
                            order=len(reports),
                            match=match,
                            sentence=sentence,
                            roles_actors=roles.actors,
                            doers=roles.doers,
                            parties=roles.parties,
                            identity=roles.identity,
                            stance=stance,
                            attribution=said_by.who if said_by else "",
                            place=places[0] if places else None,
                            date_phrase=_date_for(text, match, clause_dates, opening_date),
                        )
                    )
            previous_doers = (
                clause_doers or [m for m in in_clause if m.kind == "actor" and not m.nested][:1]
            )
            first_pair = first_pair or _named_pair(text, in_clause)
            last_pair = event_pair or first_pair
    return reports


def _denial_of_earlier(
    reports: list[_Report], sentence: Span, said_by: Attribution | None
) -> _Report | None:
    """ "India's army denied the claim": the latest claim of an earlier sentence, denied."""
    claim = next(
        (
            r
            for r in reversed(reports)
            if r.sentence.start < sentence.start
            and r.stance == "asserts"
            and not r.match.rule.speaker_is_doer
        ),
        None,
    )
    if claim is None:
        return None
    return replace(
        claim,
        order=len(reports),
        sentence=sentence,
        stance="denies",
        attribution=said_by.who if said_by else "",
    )


def _named_pair(text: str, mentions: list[Mention]) -> list[Mention]:
    """The first two known actors named together ("India and Pakistan") in the mentions."""
    actors = [m for m in mentions if m.kind == "actor" and m.slug and not m.nested]
    for first, second in zip(actors, actors[1:], strict=False):
        gap = text[first.end : second.start]
        if first.key != second.key and _PAIR_GAP.fullmatch(gap):
            return [first, second]
    return []


def _pair_references(text: str, clause: Span, pair: list[Mention]) -> list[Mention]:
    """Mentions of the last named pair where the clause says "the two sides" or "both sides"."""
    if not pair:
        return []
    found = []
    for match in _pair_reference().finditer(clause.text):
        start, end = clause.start + match.start(), clause.start + match.end()
        for actor in pair:
            found.append(replace(actor, start=start, end=end, surface=text[start:end], via="pair"))
    return found


def _date_for(
    text: str, match: RuleMatch, clause_dates: list[DatePhrase], opening: DatePhrase | None
) -> DatePhrase | None:
    plain = [
        d
        for d in clause_dates
        if not d.modifier and not _date_elsewhere().search(text[max(0, d.start - 60) : d.start])
    ]
    if plain:
        return min(plain, key=lambda d: (abs(d.start - match.start), d.start))
    inside = [d for d in clause_dates if match.start <= d.start and d.end <= match.end]
    if inside:
        return inside[0]
    return opening


def _merge(reports: list[_Report]) -> list[_Group]:
    groups: list[_Group] = []
    for report in reports:
        for group in groups:
            first = group.reports[0]
            if (
                first.type_slug == report.type_slug
                and first.stance == report.stance
                and group.identity & report.identity
            ):
                group.reports.append(report)
                group.identity |= report.identity
                break
        else:
            groups.append(_Group([report], set(report.identity)))
    return groups


def _actor_mentions(group: _Group) -> list[ActorMention]:
    best = group.best
    ordered = [best, *(r for r in group.reports if r is not best)]
    merged: dict[str, ActorMention] = {}
    for report in ordered:
        for mention, role in report.roles_actors:
            current = merged.get(mention.key)
            if current is None:
                merged[mention.key] = ActorMention(mention.name, mention.slug, role)
            elif ROLE_STRENGTH[role] < ROLE_STRENGTH[current.role]:
                current.role = role
    return list(merged.values())


def _suggestion(
    group: _Group, published_at: datetime.datetime | None, existing: Sequence[KnownEvent]
) -> Suggestion:
    best = group.best
    others = [r for r in group.reports if r is not best]
    place = best.place or next((r.place for r in others if r.place), None)
    dated = best if best.date_phrase else next((r for r in others if r.date_phrase), None)
    date = precision = None
    date_text = ""
    date_note = ""
    if dated and dated.date_phrase:
        date = resolve(dated.date_phrase, published_at)
        if date:
            precision = dated.date_phrase.precision
            date_text = dated.date_phrase.text
            if precision == "day" and re.search(r"\d", date_text):
                date_note = weekday_conflict(date, named_weekday(date_text, bare=True))
    actors = _actor_mentions(group)
    suggestion = Suggestion(
        type_slug=best.type_slug,
        title=claimed_title(best, event_title(best, place)),
        quote=best.sentence.text,
        attribution=best.attribution,
        stance=best.stance,
        actors=actors,
        place_slug=place.slug if place else None,
        place_name=place.name if place else None,
        date=date,
        date_precision=precision or "",
        date_text=date_text,
        matches_event_id=None,
        confidence=_confidence(group, actors, place),
        date_note=date_note,
    )
    suggestion.matches_event_id = match_existing(suggestion, existing)
    return suggestion


def _confidence(group: _Group, actors: list[ActorMention], place: Mention | None) -> float:
    weights = rules.CONFIDENCE
    best = group.best
    score = weights["base"] + weights["per_weight"] * best.match.weight
    if any(a.slug for a in actors):
        score += weights["known_actor"]
    if any(m.slug for m in best.doers):
        score += weights["known_doer"]
    if place:
        score += weights["place"]
    extra = min(len(group.reports) - 1, int(weights["max_extra_sentences"]))
    score += weights["per_extra_sentence"] * extra
    return round(min(score, weights["cap"]), 2)


def match_existing(suggestion: Suggestion, existing: Sequence[KnownEvent]) -> int | None:
    """The known event this suggestion reports too: one citing the same sentence of the article,
    else one of the same type, with a shared actor, on a close date."""
    quote = " ".join(suggestion.quote.split())
    for event in existing:
        if any(" ".join(q.split()) == quote for q in event.source_quotes):
            return event.id
    slugs = {a.slug for a in suggestion.actors if a.slug}
    best: tuple[tuple, int] | None = None
    for event in existing:
        if event.type_slug != suggestion.type_slug:
            continue
        shared = slugs & set(event.actor_slugs)
        if not shared:
            continue
        distance = 0
        if suggestion.date and event.date:
            tolerance = rules.DATE_MATCH_TOLERANCE_DAYS.get(suggestion.date_precision, 1)
            distance = _date_distance(suggestion.date, suggestion.date_precision, event.date)
            if distance > tolerance:
                continue
        # An event already citing this article comes first: it is most likely the same one.
        rank = (not event.source_quotes, -len(shared), distance, event.id)
        if best is None or rank < best[0]:
            best = (rank, event.id)
    return best[1] if best else None


def _date_distance(date: datetime.date, precision: str, other: datetime.date) -> int:
    if precision == "year":
        return 0 if date.year == other.year else 366 + abs(date.year - other.year)
    if precision == "month":
        same = (date.year, date.month) == (other.year, other.month)
        return 0 if same else 31 + abs((date - other).days)
    return abs((date - other).days)


__all__ = [
    "ActorMention",
    "KnownActor",
    "KnownEvent",
    "KnownPlace",
    "Suggestion",
    "match_existing",
    "suggest_events",
]
