"""Full-text search over a chronology's events.

On PostgreSQL: a weighted `tsvector` over the title (A), the summary and type label (B), and the
quotes, actor names and place name (C), matched by `websearch_to_tsquery` (the syntax readers
know from search engines: words, "quoted phrases", `or`, `-excluded`) and ordered by `ts_rank`.
The vector is built in the text-search configuration of the timeline's language (stemming
"mediation" and "mediate" alike in English). It spans related rows, so it is stored on each
event (`timeline_event.search_vector`, kept current by triggers, migration 0004) and served by a
GIN index; the query matches that column, in the configuration the same SQL function gives.

A broad search is cut to `RESULT_CAP` events before it is counted or ranked (see `capped`):
ranking tens of thousands of matches takes seconds, and nobody reads them; the page says so.

On SQLite, which has no text search, the same syntax is read here and each word must occur as a
substring of one of the same fields; matches in the title rank above matches elsewhere.

The reader's fields are searched, not editors' notes or the articles' full text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchVectorField
from django.db import connection
from django.db.models import (
    Case,
    Exists,
    Expression,
    ExpressionWrapper,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)

from timeline.models import Citation, EventActor

QUERY_MAX_LENGTH = 200
# The most words (and phrases) a search may have. Each one adds conditions on six fields: many
# more overflowed SQLite's parser stack and Python's recursion limit (issue 13), and no one
# reads what a 60-word search finds.
MAX_SEARCH_TERMS = 10
# The most events a search counts and ranks (see `capped`).
RESULT_CAP = 500

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
        return _postgres_search(events, query, language)
    return _substring_search(events, query)


def capped(matches: QuerySet, order: tuple[str, ...] = (), *, cap: int = RESULT_CAP) -> QuerySet:
    """At most `cap` of `matches`, chosen in one subquery the database stops reading after
    `cap` rows, so that counting and ranking then cost the same for any term.

    With no `order`, the first `cap` matches the database finds (the cheapest: a term in 1% of
    a million events has 10,000 matches, and sorting them all by date means reading them all);
    with an `order` that an index serves (the chronology's), the first `cap` in that order.
    """
    first = matches.order_by(*order).values("pk")[:cap]
    return matches.filter(pk__in=first)


class StoredSearchVector(Expression):
    """`timeline_event.search_vector`: the column migration 0004 adds and its triggers keep.

    Not a model field on purpose (see the migration), so it is named here, on whatever alias
    the event table has in the query being compiled (a subquery's included).
    """

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        alias = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return f"{alias}.search_vector", []


def _postgres_search(events: QuerySet, query: str, language: str) -> QuerySet:
    from django.contrib.postgres.search import SearchQuery, SearchRank

    # The stored vectors were built by this function of the timeline's language: so is the query.
    config = Func(Value(language), function="timeline_search_configuration")
    search_query = SearchQuery(query, search_type="websearch", config=config)
    vector = StoredSearchVector()
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
    # One flat sum ("a + b + c"), not a nested one: each "+" of a nested sum was one more
    # level of recursion when compiled and parsed.
    scores = []
    for terms in alternatives:
        for term in terms:
            if term.excluded:
                continue
            scores.append(Case(When(title__icontains=term.text, then=Value(4)), default=Value(0)))
            scores.append(
                Case(
                    When(
                        Q(summary__icontains=term.text) | Q(event_type__label__icontains=term.text),
                        then=Value(2),
                    ),
                    default=Value(0),
                )
            )
    rank = Sum(*scores) if scores else Value(0)
    return events.filter(matched).annotate(
        search_rank=ExpressionWrapper(rank, output_field=IntegerField())
    )


class Sum(Func):
    """``(a + b + c)``: a flat sum of integer expressions."""

    arg_joiner = " + "
    template = "(%(expressions)s)"
    output_field = IntegerField()


def count_terms(query: str) -> int:
    """How many words and phrases a search has (websearch syntax; `or` is no term)."""
    return sum(len(terms) for terms in parse_websearch(query))


def _found_anywhere(text: str) -> Q:
    return (
        Q(title__icontains=text)
        | Q(summary__icontains=text)
        | Q(event_type__label__icontains=text)
        | Q(place__name__icontains=text)
        | Q(Exists(Citation.objects.filter(event=OuterRef("pk"), quote__icontains=text)))
        | Q(Exists(EventActor.objects.filter(event=OuterRef("pk"), actor__name__icontains=text)))
    )
