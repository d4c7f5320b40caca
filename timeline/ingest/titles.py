"""Titles of suggested events: from the rule's templates, and saying whose claim it is.

A contested event's title is attributed ("Pakistan's army says India violates ceasefire ...")
and a denial never states the claim as fact ("India's army denies: ..."). ``report`` is a
`timeline.ingest.suggest` report (its rule match, doers, parties, roles, attribution, stance).
"""

from __future__ import annotations

import re
from functools import cache

from . import rules
from .mentions import Mention


def _place_phrase(place: Mention | None) -> str:
    if place is None:
        return ""
    name = place.name
    words = name.lower().split()
    if words[0] in rules.PLACE_ARTICLE_HEADS or words[-1] in rules.PLACE_ARTICLE_HEADS:
        name = "the " + name
    return name


def event_title(report, place: Mention | None) -> str:
    parties = {m.key for m in report.parties}
    who = next((m.display for m in report.doers if m.key not in parties), "")
    targets = [m for m, role in report.roles_actors if role == "target"]
    fields = {
        "who": who,
        "target": targets[0].display if targets else "",
        "parties": " and ".join(m.display for m in report.parties),
        "pair": "–".join(m.display for m in report.parties),
    }
    place_name = _place_phrase(place)
    linear = bool(place and {w.lower() for w in place.name.split()} & rules.LINEAR_PLACE_WORDS)
    for key, (along, other) in rules.PLACE_TITLE_PREPOSITIONS.items():
        template = along if linear else other
        fields[key] = template.format(place=place_name) if place_name else ""
    for template in report.match.rule.titles:
        needed = [
            name for name in ("who", "target", "parties", "pair") if f"{{{name}}}" in template
        ]
        if all(fields[name] for name in needed):
            title = template.format(**fields)
            return title[0].upper() + title[1:]
    return report.type_slug.replace("-", " ").capitalize()


@cache
def _generic_title_words() -> frozenset[str]:
    """First words of the titles that name no actor ("Ceasefire violated", "Talks held")."""
    return frozenset(
        template.split()[0].casefold()
        for rule in rules.EVENT_RULES
        for template in rule["titles"]
        if not template.startswith("{")
    )


def claimed_title(report, title: str) -> str:
    """Say whose claim a contested title is, and never state a denied claim as fact.

    "Pakistan's army says India violates ceasefire ..."; "India's army denies: India violates
    ceasefire ...". A statement, or a claim made by its own doer, stays as it is.
    """
    who = report.attribution
    rule = report.match.rule
    denied = report.stance == "denies" and rule.stance != "denies" and not rule.speaker_is_doer
    if not who and not denied:
        return title
    if not denied and (report.match.rule.speaker_is_doer or _names_a_doer(report, who)):
        return title
    first, _, rest = title.partition(" ")
    if first.casefold() in _generic_title_words():
        title = f"{first.lower()} {rest}".strip()
    if not who:
        return f"Denied: {title}"
    claimant = who[0].upper() + who[1:]
    plural = _plural(who)
    if denied:
        return f"{claimant} {'deny' if plural else 'denies'}: {title}"
    return f"{claimant} {'say' if plural else 'says'} {title}"


def _plural(who: str) -> bool:
    """ "Pakistani officials", "mediators from Qatar", "reports": the head noun is plural."""
    head = re.split(r"\s+(?:from|of|in|at|for|with|on)\s+", who.strip(), maxsplit=1)[0]
    last = head.split()[-1] if head.split() else ""
    return last.islower() and last.endswith("s") and not last.endswith(("ss", "us", "'s", "’s"))


def _names_a_doer(report, who: str) -> bool:
    words = who.casefold()
    return any(
        name and name.casefold() in words
        for mention in report.doers
        for name in (mention.name, mention.surface, mention.display)
    )
