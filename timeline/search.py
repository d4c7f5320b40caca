"""Full-text search over a chronology's events.

On PostgreSQL: a weighted `tsvector` over the title (A), the summary and type label (B), and the
quotes, actor names and place name (C), matched by `websearch_to_tsquery` (the syntax readers
know from search engines: words, "quoted phrases", `or`, `-excluded`) and ordered by `ts_rank`.
Quotes and actor names come from correlated subqueries, so a search stays one query however
many citations an event has, and the vector is built in the text-search configuration of the
timeline's language (stemming "mediation" and "mediate" alike in English).

On SQLite, which has no text search, the same syntax is read here and each word must occur as a
substring of one of the same fields; matches in the title rank above matches elsewhere.

The reader's fields are searched, not editors' notes or the articles' full text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import (
    Case,
    Exists,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from timeline.models import Citation, EventActor

QUERY_MAX_LENGTH = 200

# PostgreSQL's built-in text-search configurations, by ISO 639-1 code; others get "simple".
SEARCH_CONFIGURATIONS = {
    "ar": "arabic",
    "ca": "catalan",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "es": "spanish",
    "fi": "finnish",
    "eu": "basque",
    "fr": "french",
    "ga": "irish",
    "hi": "hindi",
    "hu": "hungarian",
    "hy": "armenian",
    "id": "indonesian",
    "it": "italian",
    "lt": "lithuanian",
    "ne": "nepali",
    "nl": "dutch",
    "no": "norwegian",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sr": "serbian",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
    "yi": "yiddish",
}


def search_configuration(language: str) -> str:
    """The text-search configuration for a language code; "simple" (no stemming) when unknown."""
    return SEARCH_CONFIGURATIONS.get((language or "").split("-")[0].lower(), "simple")


def search_events(events: QuerySet, query: str, *, language: str = "en") -> QuerySet:
    """The events matching `query`, annotated with `search_rank` (higher is better)."""
    if connection.vendor == "postgresql":
        return _postgres_search(events, query, search_configuration(language))
    return _substring_search(events, query)


def _postgres_search(events: QuerySet, query: str, config: str) -> QuerySet:
    from django.contrib.postgres.aggregates import StringAgg
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    quotes = (
        Citation.objects.filter(event=OuterRef("pk"))
        .order_by()
        .values("event")
        .annotate(text=StringAgg("quote", delimiter=" "))
        .values("text")
    )
    actor_names = (
        EventActor.objects.filter(event=OuterRef("pk"))
        .order_by()
        .values("event")
        .annotate(text=StringAgg("actor__name", delimiter=" "))
        .values("text")
    )
    vector = (
        SearchVector("title", weight="A", config=config)
        + SearchVector("summary", "event_type__label", weight="B", config=config)
        + SearchVector(
            Coalesce(Subquery(quotes), Value(""), output_field=TextField()),
            Coalesce(Subquery(actor_names), Value(""), output_field=TextField()),
            "place__name",
            weight="C",
            config=config,
        )
    )
    search_query = SearchQuery(query, search_type="websearch", config=config)
    # Filter on the match operator, not on rank > 0: ts_rank is never exactly 0.
    return (
        events.alias(search_document=vector)
        .filter(search_document=search_query)
        .annotate(search_rank=SearchRank(vector, search_query))
    )


@dataclass(frozen=True)
class Term:
    text: str
    excluded: bool = False


_TOKEN_RE = re.compile(r'(-?)"([^"]*)"?|(-?)(\S+)')


def parse_websearch(query: str) -> list[list[Term]]:
    """Read websearch syntax as PostgreSQL does: alternatives (`or`) of all-of word lists.

    >>> parse_websearch('ceasefire -violation or "bilateral talks"')
    [[Term('ceasefire'), Term('violation', excluded=True)], [Term('bilateral talks')]]
    """
    alternatives: list[list[Term]] = [[]]
    for match in _TOKEN_RE.finditer(query):
        if match.group(2) is not None:
            minus, text = match.group(1), " ".join(match.group(2).split())
        else:
            minus, text = match.group(3), match.group(4)
            if text.lower() == "or":
                if alternatives[-1]:
                    alternatives.append([])
                continue
            text = text.strip("\"'.,;:!?()[]{}")
        if text:
            alternatives[-1].append(Term(text, excluded=bool(minus)))
    return [terms for terms in alternatives if terms]


def _substring_search(events: QuerySet, query: str) -> QuerySet:
    alternatives = parse_websearch(query)
    if not alternatives:
        # Nothing to look for ("[", "..."): no match, as on PostgreSQL.
        return events.none().annotate(search_rank=Value(0, output_field=IntegerField()))
    matched = Q()
    for terms in alternatives:
        all_of = Q()
        for term in terms:
            found = _found_anywhere(term.text)
            all_of &= ~found if term.excluded else found
        matched |= all_of
    rank = Value(0)
    for terms in alternatives:
        for term in terms:
            if term.excluded:
                continue
            rank = (
                rank
                + Case(When(title__icontains=term.text, then=Value(4)), default=Value(0))
                + Case(
                    When(
                        Q(summary__icontains=term.text) | Q(event_type__label__icontains=term.text),
                        then=Value(2),
                    ),
                    default=Value(0),
                )
            )
    return events.filter(matched).annotate(
        search_rank=ExpressionWrapper(rank, output_field=IntegerField())
    )


def _found_anywhere(text: str) -> Q:
    return (
        Q(title__icontains=text)
        | Q(summary__icontains=text)
        | Q(event_type__label__icontains=text)
        | Q(place__name__icontains=text)
        | Q(Exists(Citation.objects.filter(event=OuterRef("pk"), quote__icontains=text)))
        | Q(Exists(EventActor.objects.filter(event=OuterRef("pk"), actor__name__icontains=text)))
    )
