"""A page of cards' actors and tags read with the page itself, not by two more queries.

`with_card_rows` adds to each event's row its actors and its tags as JSON arrays (one small
correlated subquery each, run only for the page's rows); `attach_card_rows` turns them into
the related objects a card shows, as `prefetch_related` would have, so the card template's
`event.event_actors.all` and `event.tags.all` run no query. The citations, with their
sources, are still prefetched (see `reader.listing.prepare_cards`).
"""

from __future__ import annotations

import functools

from django.db.models import Aggregate, JSONField, OuterRef, QuerySet, Subquery
from django.db.models.functions import JSONArray

from timeline.models import Actor, Event, EventActor, Tag

ACTOR_COLUMNS = (
    "id",
    "role",
    "actor_id",
    "actor__name",
    "actor__slug",
    "actor__kind",
    "actor__country_code",
    "actor__aliases",
)
TAG_COLUMNS = ("tag_id", "tag__name", "tag__slug", "tag__timeline_id")


class JSONRows(Aggregate):
    """The aggregated values as one JSON array (PostgreSQL's jsonb_agg, SQLite's
    json_group_array)."""

    function = "JSONB_AGG"
    output_field = JSONField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="JSON_GROUP_ARRAY", **extra_context)


def _rows(model, columns, event_field: str) -> Subquery:
    rows = (
        model.objects.filter(**{event_field: OuterRef("pk")})
        .order_by()
        .values(event_field)
        .annotate(rows=JSONRows(JSONArray(*columns)))
        .values("rows")
    )
    return Subquery(rows, output_field=JSONField())


@functools.cache
def _card_row_subqueries() -> dict[str, Subquery]:
    """Built once: `annotate` resolves a copy of each, never the expression itself (building
    the two querysets took about a third of a millisecond a page)."""
    return {
        "card_actor_rows": _rows(EventActor, ACTOR_COLUMNS, "event_id"),
        "card_tag_rows": _rows(Event.tags.through, TAG_COLUMNS, "event_id"),
    }


def with_card_rows(events):
    """`events` with `card_actor_rows` and `card_tag_rows` (None when there are none)."""
    return events.annotate(**_card_row_subqueries())


def has_card_rows(events) -> bool:
    return all("card_actor_rows" in event.__dict__ for event in events)


def _set_prefetched(event, name: str, model, objects: list) -> None:
    """What prefetch_related leaves on `event` for the relation `name`: a queryset already
    evaluated, which the relation's manager hands out instead of querying. (Built directly:
    a related manager per event costs more than the rest of this module together.)"""
    queryset = QuerySet(model=model)
    queryset._result_cache = objects
    queryset._prefetch_done = True
    event.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset


def attach_card_rows(events) -> None:
    """The actors and tags read by `with_card_rows`, as each event's prefetched relations,
    in the order `models.card_prefetches` gives them (role then name; name)."""
    for event in events:
        roles = []
        for row in event.card_actor_rows or ():
            pk, role, actor_id, name, slug, kind, country, aliases = row
            actor = Actor(
                id=actor_id, name=name, slug=slug, kind=kind, country_code=country, aliases=aliases
            )
            link = EventActor(id=pk, event_id=event.pk, actor_id=actor_id, role=role)
            link.actor = actor
            link.event = event
            roles.append(link)
        roles.sort(key=lambda link: (link.role, link.actor.name))
        _set_prefetched(event, "event_actors", EventActor, roles)
        tags = [
            Tag(id=pk, name=name, slug=slug, timeline_id=timeline_id)
            for pk, name, slug, timeline_id in event.card_tag_rows or ()
        ]
        tags.sort(key=lambda tag: tag.name)
        _set_prefetched(event, "tags", Tag, tags)
