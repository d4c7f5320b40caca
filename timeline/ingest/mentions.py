"""Find actors and places named in article text.

Known actors and places (from the timeline) are matched by name and alias, plus the built-in
short forms, capitals and demonyms of `rules` when they point at a known actor. Parties the
timeline does not know yet are found from a list of well-known groups, from titles before a
person's name and from capitalised names ending in an organisation word; they carry no slug.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Protocol

from . import rules


class Named(Protocol):
    name: str
    slug: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    surface: str
    name: str
    slug: str | None
    kind: str  # "actor" or "place"
    via: str  # name, alias, metonym, demonym, party, title, organisation, nested
    nested: bool = False  # named inside another actor's name ("India" in "India's envoy")

    @property
    def key(self) -> str:
        return self.slug or self.name.casefold()

    @property
    def display(self) -> str:
        """How a title names this actor: the article's short form, or the actor's name."""
        if self.via in ("name", "alias"):
            return re.sub(r"^(?:the|The)\s+", "", self.surface)
        return self.name


def slugify(value: str) -> str:
    ascii_value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    ascii_value = re.sub(r"['’]", "", ascii_value.lower())
    return re.sub(r"[^a-z0-9]+", "-", ascii_value).strip("-")


def _surface_body(surface: str) -> str:
    escaped = "".join("['’]" if char in "'’" else re.escape(char) for char in surface)
    return re.sub(r"(\\ )+", r"\\s+", escaped)


def _surface_regex(surface: str) -> str:
    return rf"(?<![\w.]){_surface_body(surface)}(?!\w)"


@dataclass(frozen=True)
class _Target:
    name: str
    slug: str | None
    kind: str


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    target: _Target
    via: str
    rank: int  # lower wins among equally long candidates


_RANK_KNOWN, _RANK_PARTY, _RANK_TITLE, _RANK_ORGANISATION = 0, 1, 2, 3
_HELD = "held"  # words that name a place no timeline place matches


class Gazetteer:
    """Matches the actors and places of one timeline in text."""

    def __init__(self, actors: Sequence[Named], places: Sequence[Named]) -> None:
        self._actors = list(actors)
        self._lookup: dict[str, _Target] = {}
        for actor in self._actors:
            target = _Target(actor.name, actor.slug, "actor")
            for key in (actor.name, actor.slug, *actor.aliases):
                self._lookup.setdefault(key.casefold(), target)
                self._lookup.setdefault(slugify(key), target)
        self._surfaces: list[tuple[re.Pattern[str], _Target, str]] = []
        seen: set[tuple[str, str]] = set()

        def add(surface: str, target: _Target, via: str) -> None:
            if not surface.strip() or (surface, target.kind) in seen:
                return
            seen.add((surface, target.kind))
            self._surfaces.append((re.compile(_surface_regex(surface)), target, via))

        for actor in self._actors:
            target = _Target(actor.name, actor.slug, "actor")
            add(actor.name, target, "name")
            for alias in actor.aliases:
                add(alias, target, "alias")
        for place in places:
            target = _Target(place.name, place.slug, "place")
            add(place.name, target, "name")
            for alias in place.aliases:
                add(alias, target, "alias")
        for table, via in ((rules.ACTOR_ALIASES, "alias"), (rules.ACTOR_METONYMS, "metonym")):
            for target_name, surfaces in table.items():
                known = self.known_actor(target_name)
                if known:
                    for surface in surfaces:
                        add(surface, known, via)
        # "Azerbaijani troops", "Cambodian Prime Minister ...": the state, known or new.
        self._demonyms: list[tuple[re.Pattern[str], _Target, int]] = []
        for demonym, target_name in rules.DEMONYMS.items():
            known = self.known_actor(target_name)
            target = known or _Target(target_name, None, "actor")
            pattern = re.compile(rf"(?<![\w.]){re.escape(demonym)}s?(?=\s+(?:[a-z]|{_titles()}))")
            self._demonyms.append((pattern, target, _RANK_KNOWN if known else _RANK_PARTY))

    def known_actor(self, name: str) -> _Target | None:
        return self._lookup.get(name.casefold()) or self._lookup.get(slugify(name))

    def find(self, text: str) -> list[Mention]:
        """All mentions in `text`, in order; overlapping candidates keep the longest."""
        candidates = list(self._known_candidates(text))
        candidates += self._party_candidates(text)
        candidates += self._title_candidates(text)
        candidates += self._organisation_candidates(text)
        chosen = _choose(text, candidates)
        mentions = _link_surnames([_mention(text, c) for c in chosen if c.target.kind != _HELD])
        mentions += _nested(text, chosen, candidates)
        return sorted(mentions, key=lambda m: (m.start, m.nested, m.end))

    def _known_candidates(self, text: str) -> Iterable[_Candidate]:
        for pattern, target, via in self._surfaces:
            for match in pattern.finditer(text):
                if via == "metonym" and _is_locative(text, match.start()):
                    # "talks in Islamabad" names a place, not Pakistan: hold the words so that
                    # no shorter name inside them ("Delhi" in "New Delhi") is read as an actor.
                    target = _Target(target.name, None, _HELD)
                yield _Candidate(match.start(), match.end(), target, via, _RANK_KNOWN)
        for pattern, target, rank in self._demonyms:
            for match in pattern.finditer(text):
                yield _Candidate(match.start(), match.end(), target, "demonym", rank)

    def _resolve_new(self, name: str, via: str) -> tuple[_Target, str]:
        return self.known_actor(name) or _Target(name, None, "actor"), via

    def _party_candidates(self, text: str) -> list[_Candidate]:
        found = []
        names = _party_names()
        for match in _party_pattern().finditer(text):
            surface = " ".join(match.group(0).replace("’", "'").split())
            target, via = self._resolve_new(names[surface], "party")
            found.append(_Candidate(match.start(), match.end(), target, via, _RANK_PARTY))
        return found

    def _title_candidates(self, text: str) -> list[_Candidate]:
        found = []
        for match in _title_pattern().finditer(text):
            words = match.group("name").split()
            while words and words[-1] in rules.NON_ACTOR_WORDS:
                words.pop()
            if not words or words[0] in rules.NON_ACTOR_WORDS:
                continue
            name = " ".join(words)
            end = match.start("name") + len(name)
            target, via = self._resolve_new(name, "title")
            found.append(_Candidate(match.start(), end, target, via, _RANK_TITLE))
        return found

    def _organisation_candidates(self, text: str) -> list[_Candidate]:
        found = []
        for match in _capitalised_run().finditer(text):
            tokens = list(re.finditer(r"\S+", match.group(0)))
            while tokens and tokens[0].group(0) in rules.NON_ACTOR_WORDS:
                tokens.pop(0)
            heads = [
                i
                for i, token in enumerate(tokens)
                if token.group(0) in rules.ORGANISATION_HEADS and i >= 1
            ]
            if not heads:
                continue
            tokens = tokens[: heads[-1] + 1]
            start = match.start() + tokens[0].start()
            end = match.start() + tokens[-1].end()
            name = text[start:end]
            target, via = self._resolve_new(name, "organisation")
            found.append(_Candidate(start, end, target, via, _RANK_ORGANISATION))
        return found


@cache
def _party_names() -> dict[str, str]:
    """Surface form -> name for the states and well-known parties of `rules`."""
    return {**{state: state for state in rules.STATES}, **rules.KNOWN_PARTIES}


@cache
def _party_pattern() -> re.Pattern[str]:
    surfaces = sorted(_party_names(), key=len, reverse=True)
    alternatives = "|".join(_surface_body(surface) for surface in surfaces)
    return re.compile(rf"(?<![\w.])(?:{alternatives})(?!\w)")


@cache
def _titles() -> str:
    titles = sorted(rules.PERSON_TITLES, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in titles) + ")"


@cache
def _title_pattern() -> re.Pattern[str]:
    name_word = r"[A-Z][\w'’\-]+"
    particle = r"(?:al-|bin\s+|ibn\s+|de\s+|van\s+|von\s+|el-)"
    return re.compile(
        rf"(?<![\w.])(?i:{_titles()})\s+(?P<name>{name_word}(?:\s+{particle}?{name_word}){{0,3}})"
    )


@cache
def _capitalised_run() -> re.Pattern[str]:
    word = r"[A-Z][\w'’\-]*"
    connector = r"(?:of\s+the\s+|of\s+|for\s+|and\s+|on\s+)"
    return re.compile(rf"(?<![\w'’\-]){word}(?:\s+{connector}?{word})+")


def _link_surnames(mentions: list[Mention]) -> list[Mention]:
    """Read a new person's surname alone ("President Trump") as the full name met before."""
    full_names: dict[str, str] = {}
    linked = []
    for mention in mentions:
        if mention.slug is None and mention.via == "title":
            words = mention.name.split()
            if len(words) > 1:
                full_names.setdefault(words[-1], mention.name)
            elif mention.name in full_names:
                mention = replace(mention, name=full_names[mention.name])
        linked.append(mention)
    return linked


def _is_locative(text: str, start: int) -> bool:
    before = re.search(r"(\w+)\s+(?:the\s+)?$", text[max(0, start - 30) : start])
    return bool(before and before.group(1).lower() in rules.LOCATIVE_PREPOSITIONS)


def _choose(text: str, candidates: list[_Candidate]) -> list[_Candidate]:
    def order(candidate: _Candidate) -> tuple:
        same_span_place_first = 0
        if candidate.target.kind == "place" and _is_locative(text, candidate.start):
            same_span_place_first = -1
        if candidate.target.kind == "actor" and _is_locative(text, candidate.start):
            same_span_place_first = 1
        return (
            -(candidate.end - candidate.start),
            candidate.rank,
            same_span_place_first,
            candidate.start,
            candidate.target.kind,
            candidate.target.name,
        )

    chosen: list[_Candidate] = []
    taken = bytearray(len(text))  # 1 where a chosen candidate already covers the character
    for candidate in sorted(candidates, key=order):
        if taken.find(1, candidate.start, candidate.end) != -1:
            continue
        chosen.append(candidate)
        taken[candidate.start : candidate.end] = b"\x01" * (candidate.end - candidate.start)
    return sorted(chosen, key=lambda c: c.start)


def _mention(text: str, candidate: _Candidate, nested: bool = False) -> Mention:
    return Mention(
        start=candidate.start,
        end=candidate.end,
        surface=text[candidate.start : candidate.end],
        name=candidate.target.name,
        slug=candidate.target.slug,
        kind=candidate.target.kind,
        via="nested" if nested else candidate.via,
        nested=nested,
    )


def _nested(text: str, chosen: list[_Candidate], candidates: list[_Candidate]) -> list[Mention]:
    """Known actors named inside a chosen actor's name, such as the state in "India's envoy"."""
    nested: list[Mention] = []
    ordered = sorted(candidates, key=lambda c: (c.start, -(c.end - c.start)))
    starts = [c.start for c in ordered]
    for outer in chosen:
        if outer.target.kind != "actor":
            continue
        seen = {outer.target.slug or outer.target.name}
        first = bisect_left(starts, outer.start)
        last = bisect_left(starts, outer.end)
        for inner in ordered[first:last]:
            inside = inner.end <= outer.end
            key = inner.target.slug or inner.target.name
            if (
                inside
                and inner is not outer
                and inner.target.kind == "actor"
                and inner.rank == _RANK_KNOWN
                and key not in seen
            ):
                seen.add(key)
                nested.append(_mention(text, inner, nested=True))
    return nested
