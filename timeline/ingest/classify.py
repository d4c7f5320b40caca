"""Classify clauses into event types and work out who does what and who says so.

The rules themselves are data in `rules.EVENT_RULES`; this module compiles their notation and
applies them to one clause at a time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from . import rules
from .mentions import Mention
from .sentences import Span

_ADJACENT = re.compile(r"(?:['’]s)?\s*(?:the\s+)?", re.IGNORECASE)
_PARTICIPLE = re.compile(
    r"\w+(?:ed|en|wn)|held|made|struck|hit|shot|led|brought|fought|set|won|lost", re.IGNORECASE
)
_DETERMINER_BEFORE = re.compile(
    r"\b(?:the|a|an|its|their|his|her|this|that|any|such)\s+(?:[\w-]+\s+)?$", re.IGNORECASE
)
_NAME_WORDS = r"(?:[A-Z][\w.'’\-]*\s+){0,2}"  # "by US President ...": words before the name
_GAP = r"\W+(?:[\w'’]+\W+){0,12}?"
_JOIN = r"[\s\-]+"


def _alternative(word: str) -> str:
    body = "".join(
        r"\w*" if char == "*" else _JOIN if char == "_" else re.escape(char) for char in word
    )
    start = r"\b" if word[0].isalnum() else ""
    end = r"\b" if word[-1].isalnum() else ""
    return start + body + end


def compile_pattern(notation: str) -> re.Pattern[str]:
    """Compile the notation described in `rules` into a case-insensitive regular expression."""
    if notation.startswith("re:"):
        return re.compile(notation[3:])
    parts: list[str] = []
    separator = ""
    for term in notation.split():
        if term == "...":
            separator = _GAP
            continue
        alternatives = "|".join(_alternative(word) for word in term.split("|"))
        parts.append(f"{separator}(?:{alternatives})")
        separator = _JOIN
    return re.compile("".join(parts), re.IGNORECASE)


@dataclass(frozen=True)
class Rule:
    type_slug: str
    patterns: tuple[tuple[re.Pattern[str], int], ...]
    unless: tuple[re.Pattern[str], ...]
    suppresses: frozenset[str]
    stance: str
    agent_role: str
    agent_after: tuple[str, ...]
    symmetric: bool
    speaker_is_doer: bool
    titles: tuple[str, ...]


@cache
def event_rules() -> tuple[Rule, ...]:
    return tuple(
        Rule(
            type_slug=entry["type"],
            patterns=tuple((compile_pattern(p), weight) for p, weight in entry["patterns"]),
            unless=tuple(re.compile(p, re.IGNORECASE) for p in entry["unless"]),
            suppresses=frozenset(entry["suppresses"]),
            stance=entry["stance"],
            agent_role=entry["agent_role"],
            agent_after=tuple(entry["agent_after"]),
            symmetric=entry["symmetric"],
            speaker_is_doer=entry.get("speaker_is_doer", False),
            titles=tuple(entry["titles"]),
        )
        for entry in rules.EVENT_RULES
    )


@dataclass(frozen=True)
class RuleMatch:
    rule: Rule
    weight: int  # of the strongest pattern that matched
    start: int  # offsets of the first trigger words in the article text
    end: int
    spans: tuple[tuple[int, int], ...]  # every pattern's trigger words, in reading order


def classify(text: str, clause: Span) -> list[RuleMatch]:
    """Every event type the clause reports, most specific first."""
    matches: list[RuleMatch] = []
    for rule in event_rules():
        if any(pattern.search(clause.text) for pattern in rule.unless):
            continue
        found = [(pattern.search(clause.text), weight) for pattern, weight in rule.patterns]
        hits = [(m, weight) for m, weight in found if m]
        if not hits:
            continue
        spans = sorted({(clause.start + m.start(), clause.start + m.end()) for m, _ in hits})
        weight = max(weight for _, weight in hits)
        matches.append(RuleMatch(rule, weight, spans[0][0], spans[0][1], tuple(spans)))
    suppressed = {slug for match in matches for slug in match.rule.suppresses}
    return [match for match in matches if match.rule.type_slug not in suppressed]


# --- Attribution and stance ----------------------------------------------------------------------


@dataclass(frozen=True)
class Attribution:
    who: str
    start: int  # offsets of the source's words in the article text; -1 for a fixed label
    end: int


@cache
def _attribution_patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(p), label) for p, label in rules.ATTRIBUTION_PATTERNS)


@cache
def _denial_patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in rules.DENIAL_PATTERNS)


_DANGLING = frozenset({"and", "or", "but", "of", "in", "on", "at", "for", "with", "the", "a"})


def _clean_source(who: str) -> str:
    who = who.strip(" \t\"'“”‘’")
    who = re.sub(r"\s+(?:on|late\s+on|early\s+on)\s+\w+$", "", who)
    words = who.split()
    if not words or len(words) > 8:
        return ""
    if words[0].lower() in rules.NON_ATTRIBUTION_WORDS or words[-1].lower() in _DANGLING:
        return ""
    if re.search(r"\b(?:that|which|to|has|have|had|was|were)\b", who):
        return ""
    return who


def find_attribution(text: str, span: Span) -> Attribution | None:
    """Who the clause (or sentence) says is the source of what it reports."""
    for pattern, label in _attribution_patterns():
        match = pattern.search(span.text)
        if not match:
            continue
        if label:
            return Attribution(label, -1, -1)
        who = _clean_source(match.group("who"))
        if who:
            start = span.start + match.start("who") + match.group("who").find(who)
            return Attribution(who, start, start + len(who))
    return None


def is_denial(text: str) -> bool:
    return any(pattern.search(text) for pattern in _denial_patterns())


@cache
def _earlier_claim_denials() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in rules.DENIALS_OF_AN_EARLIER_CLAIM)


def denies_an_earlier_claim(text: str) -> bool:
    """ "India's army denied the claim": a denial of what an earlier sentence reported."""
    return any(pattern.search(text) for pattern in _earlier_claim_denials())


@cache
def _denial_tails() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in rules.DENIAL_TAILS)


def find_denial_tail(text: str, clause: Span) -> tuple[int, Attribution] | None:
    """A trailing "a claim X rejected": where it starts in the text, and who denies."""
    for pattern in _denial_tails():
        match = pattern.search(clause.text)
        if match:
            start = clause.start + match.start("who")
            who = match.group("who")
            return clause.start + match.start(), Attribution(who, start, start + len(who))
    return None


# --- Roles ---------------------------------------------------------------------------------------

ROLE_STRENGTH = {"initiator": 0, "mediator": 1, "target": 2, "other": 3}


@dataclass
class Roles:
    actors: list[tuple[Mention, str]]  # every actor mention with its role, in reading order
    doers: list[Mention]  # who did it (initiators or mediators)
    parties: list[Mention]  # the two sides of a symmetric event ("between A and B")
    identity: frozenset[str]  # keys that say two reports describe the same event
    # Named as a thing ("the mediation offer") with no doer of its own: when the clause reports
    # another event, this one is only its object and is not suggested.
    presupposed: bool = False


def _descriptors(text: str, actors: list[Mention]) -> dict[int, Mention]:
    """Actors that only describe the next one ("US" in "US President Donald Trump")."""
    described: dict[int, Mention] = {}
    for first, second in zip(actors, actors[1:], strict=False):
        gap = text[first.end : second.start]
        words = re.findall(r"[A-Za-z]+", re.sub(r"['’]s\b", "", gap))
        if len(words) > 4 or not all(w.lower() in rules.DESCRIPTOR_WORDS for w in words):
            continue
        if words or (second.via == "title" and not gap.strip()):
            described[id(first)] = second
    return described


def _unique(mentions: list[Mention]) -> list[Mention]:
    seen: set[str] = set()
    unique = []
    for mention in mentions:
        if mention.key not in seen:
            seen.add(mention.key)
            unique.append(mention)
    return unique


def _parties(text: str, clause: Span, actors: list[Mention]) -> list[Mention]:
    between = re.search(r"\bbetween\b", clause.text)
    if not between:
        return []
    start = clause.start + between.end()
    parties: list[Mention] = []
    for mention in actors:
        if mention.start < start or mention.start > start + 80:
            continue
        gap = text[(parties[-1].end if parties else start) : mention.start]
        pattern = r"\s*(?:the\s+)?" if not parties else r"\s*(?:,|and|,\s*and)?\s*(?:the\s+)?"
        if not re.fullmatch(pattern, gap, re.IGNORECASE):
            break
        parties.append(mention)
    parties = _unique(parties)
    return parties if len(parties) >= 2 else []


def _asides(clause: Span) -> list[tuple[int, int]]:
    """Relative clauses and passive asides (", which ...,", ", brokered by ...,")."""
    return [
        (clause.start + m.start(), clause.start + m.end())
        for m in re.finditer(
            r",\s+(?:which|who|whose|where|\w+ed\s+by)\b[^,]*,", clause.text, re.IGNORECASE
        )
    ]


def assign_roles(
    text: str,
    clause: Span,
    mentions: list[Mention],
    match: RuleMatch,
    speaker: Attribution | None,
) -> Roles:
    """Give each actor of the clause a role in the event the rule matched.

    The first trigger of the rule decides who does it: a passive "by X", else an actor right
    before the trigger ("the US offer"), else the subject before it. Later triggers of the same
    rule only add a passive or adjacent doer ("..., with President Trump offering to help").
    For two-sided events the parties ("between A and B", "A and B agreed") initiate it and any
    other doer mediates. The source of a statement is its initiator; a source is otherwise a
    party only when nobody else does it.
    """
    rule = match.rule
    actors = [m for m in mentions if m.kind == "actor" and not m.nested]
    nested = [m for m in mentions if m.kind == "actor" and m.nested]
    described = _descriptors(text, actors)
    principal = [m for m in actors if id(m) not in described]
    first_start = match.spans[0][0]
    asides = [(a, b) for a, b in _asides(clause) if not a <= first_start < b]

    def said_by(mention: Mention) -> bool:
        return bool(speaker and speaker.start <= mention.start and mention.end <= speaker.end)

    def aside(mention: Mention) -> bool:
        return any(a <= mention.start < b for a, b in asides)

    subject = _unique(
        [m for m in principal if m.end <= first_start and not said_by(m) and not aside(m)]
    )
    parties: list[Mention] = []
    if rule.symmetric:
        parties = _parties(text, clause, principal) or (subject if len(subject) >= 2 else [])
    speakers = [m for m in principal if said_by(m)]

    doers: list[Mention] = []
    presupposed = not parties
    for index, (start, end) in enumerate(match.spans):
        agent = _passive_agent(text, rule, start, end, actors) or _adjacent_agent(
            text, start, actors, said_by
        )
        if agent:
            doers.append(described.get(id(agent), agent))
            presupposed = False
        elif index == 0:
            doers.extend(subject)
            # A noun phrase ("the mediation offer") may only be the object of another event
            # in the clause ("Pakistan welcomed ..."); see Roles.presupposed.
            presupposed = presupposed and bool(
                _DETERMINER_BEFORE.search(text[max(0, start - 25) : start])
            )
    if rule.speaker_is_doer and speakers:
        doers = speakers

    role: dict[int, str] = {}
    party_keys = {m.key for m in parties}
    for mention in parties:
        role[id(mention)] = "initiator"
    for mention in doers:
        if mention.key not in party_keys:
            role.setdefault(id(mention), "mediator" if parties else rule.agent_role)
    has_doer = bool(role)
    doer_keys = {m.key for m in doers} | party_keys
    for mention in actors:
        if id(mention) in role:
            continue
        if mention.key in doer_keys:
            role[id(mention)] = "initiator" if mention.key in party_keys else rule.agent_role
        elif id(mention) in described:
            role[id(mention)] = "other"
        elif said_by(mention) and has_doer and _speaker_hit(clause, rule):
            role[id(mention)] = "target"
        elif said_by(mention):
            role[id(mention)] = "other" if has_doer else rule.agent_role
        elif mention.start >= first_start:
            role[id(mention)] = "target"
        else:
            role[id(mention)] = "other"
    for mention in nested:
        role[id(mention)] = "other"

    ordered = sorted(actors + nested, key=lambda m: (m.start, m.nested))
    pairs = [(m, role[id(m)]) for m in ordered]
    doer_list = [m for m, r in pairs if r in ("initiator", "mediator") and not m.nested]
    identity = _identity(doer_list, described, nested, pairs)
    return Roles(pairs, doer_list, parties, identity, presupposed)


def _speaker_hit(clause: Span, rule: Rule) -> bool:
    """The speaker of a hostile event is hit: "fired on its posts", said by whoever owns them."""
    if rule.type_slug not in rules.HOSTILE_TYPES:
        return False
    return bool(re.search(rules.SPEAKER_HIT, clause.text, re.IGNORECASE))


def _passive_agent(
    text: str, rule: Rule, start: int, end: int, actors: list[Mention]
) -> Mention | None:
    """The doer after a passive trigger: "violated by Pakistan", "resistance from India"."""
    for mention in actors:
        if mention.start < start or mention.start - end > 40:
            continue
        before = text[max(start, mention.start - 40) : mention.start]
        for preposition in rule.agent_after:
            found = re.search(rf"(\w+)\s+{preposition}\s+(?:the\s+)?{_NAME_WORDS}$", before)
            # "by" makes a doer only after a participle: "violated by", not "mediation by".
            if found and (preposition != "by" or _PARTICIPLE.fullmatch(found.group(1))):
                return mention
    return None


def _adjacent_agent(text: str, start: int, actors: list[Mention], said_by) -> Mention | None:
    """An actor right before the trigger: "the US offer", "India's refusal", "US-brokered"."""
    agent = None
    for mention in actors:
        touching = mention.start == start or (
            mention.end <= start and _ADJACENT.fullmatch(text[mention.end : start])
        )
        if touching and not said_by(mention):
            agent = mention
    return agent


def _identity(
    doers: list[Mention],
    described: dict[int, Mention],
    nested: list[Mention],
    pairs: list[tuple[Mention, str]],
) -> frozenset[str]:
    """The doers, with the states they belong to ("India" for "India's foreign minister")."""
    keys = {m.key for m in doers}
    for mention in nested:
        if any(d.start <= mention.start and mention.end <= d.end for d in doers):
            keys.add(mention.key)
    for descriptor_id, person in described.items():
        if any(person is d for d in doers):
            descriptor = next(m for m, _ in pairs if id(m) == descriptor_id)
            keys.add(descriptor.key)
    if not keys:
        keys = {f"{role}:{m.key}" for m, role in pairs}
    return frozenset(keys)
