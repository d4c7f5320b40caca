"""Writes that change several rows together, each inside one transaction.

Every function is keyword-only after its subject, validates nothing a form already validated,
and stamps the rows it saves with one user and one moment, so that django-simple-history's
records of an event, its citations and its actors made by one save share a ``history_date``
and the history page can show them as one revision.

Optimistic locking: an edit carries the version it was loaded at. ``event_update`` claims the
row with ``UPDATE ... SET version = version + 1 WHERE id = %s AND version = expected``; when no
row matches, someone saved (or deleted) the event in between and :class:`StaleEdit` is raised
instead of overwriting their work. The claiming UPDATE also holds the row lock until commit, so
two saves cannot interleave.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from timeline.models import (
    CHRONOLOGICAL_DATE,
    EVENT_DATE_FIELDS,
    Actor,
    ActorKind,
    Citation,
    Event,
    EventActor,
    EventType,
    Place,
    PublicationStatus,
    Source,
    Stance,
    Timeline,
)
from timeline.services.actors import actor_create
from timeline.services.places import place_create
from timeline.services.sources import NewSource, source_create
from timeline.services.stamping import stamp
from timeline.services.tags import event_set_tags, saved_tag_names, tags_text
from timeline.text.urlnorm import normalize_url

# The event fields an editor changes through the event form, and that a restore brings back.
EVENT_CONTENT_FIELDS = (
    "title",
    "summary",
    "notes",
    "event_type",
    "place",
    *EVENT_DATE_FIELDS,
    "status",
    "geo_precision",
)


class StaleEdit(Exception):
    """The event changed (or was deleted) after the editor loaded it; nothing was saved."""

    def __init__(self, current: Event):
        super().__init__(f"Event {current.pk} is now at version {current.version}.")
        self.current = current


@dataclass(frozen=True)
class ActorPart:
    """One actor's role in an event, as the editor wants it. ``actor`` None: create one."""

    role: str
    actor: Actor | None = None
    new_name: str = ""
    new_kind: str = ActorKind.OTHER


@dataclass(frozen=True)
class CitationItem:
    """One citation as the editor wants it. ``source`` None: create ``new_source``."""

    quote: str
    attribution: str = ""
    stance: str = Stance.ASSERTS
    source: Source | None = None
    new_source: NewSource | None = field(default=None)


@dataclass(frozen=True)
class EventChanges:
    """A validated event form: the field values plus a place to create, if any."""

    values: dict
    new_place_name: str = ""
    new_place_details: dict = field(default_factory=dict)  # coordinates, country, precision
    tags: tuple[str, ...] | None = None  # the complete wanted set; None: leave the tags alone


def _apply(event: Event, changes: EventChanges, user, when) -> None:
    values = dict(changes.values)
    if changes.new_place_name:
        values["place"] = place_create(
            name=changes.new_place_name, user=user, when=when, **changes.new_place_details
        )
    for name in EVENT_CONTENT_FIELDS:
        if name in values:
            setattr(event, name, values[name])


def _tags_in_history(event: Event, changes: EventChanges) -> None:
    """The tags the save's historical row records: the wanted ones, when the save sets them."""
    if changes.tags is not None:
        event._tag_names = tags_text(saved_tag_names(event, list(changes.tags)))


def same_date_as(event: Event) -> dict:
    """Lookups for the events sharing `event`'s date in the chronological order."""
    return {name: getattr(event, name) for name in CHRONOLOGICAL_DATE}


def _last_position(event: Event) -> int:
    """One past the last position among the timeline's events of the same date."""
    same_date = Event.objects.filter(timeline_id=event.timeline_id, **same_date_as(event)).exclude(
        pk=event.pk
    )
    highest = same_date.aggregate(highest=Max("position"))["highest"]
    return 0 if highest is None else highest + 1


def _sync_actors(event: Event, parts, user, when) -> None:
    current = {(ea.actor_id, ea.role): ea for ea in event.event_actors.all()}
    wanted = set()
    for part in parts:
        actor = part.actor or actor_create(
            name=part.new_name, kind=part.new_kind, user=user, when=when
        )
        key = (actor.pk, part.role)
        wanted.add(key)
        if key not in current:
            stamp(EventActor(event=event, actor=actor, role=part.role), user, when).save()
    for key, event_actor in current.items():
        if key not in wanted:
            stamp(event_actor, user, when).delete()


def _sync_citations(event: Event, items, user, when) -> None:
    """Make the event's citations the wanted ones, touching as few rows as possible.

    A source may be cited several times (a claim and its denial from one article). A wanted
    citation equal to a saved one keeps that row; the others take over the remaining rows of the
    same source in order (an edited quote stays the same citation in history); what is left
    over is added or removed.
    """
    unmatched = list(event.citations.all())
    new_sources: dict[str, Source] = {}  # two rows may describe the same new source
    pending = []
    for item in items:
        source = item.source
        if source is None:
            url_key = normalize_url(item.new_source.url) if item.new_source.url else ""
            source = new_sources.get(url_key) if url_key else None
            if source is None:
                source = source_create(new=item.new_source, user=user, when=when)
                if url_key:
                    new_sources[url_key] = source
        wanted = (source.pk, item.quote, item.attribution, item.stance)
        same = next((c for c in unmatched if _citation_key(c) == wanted), None)
        if same is not None:
            unmatched.remove(same)
        else:
            pending.append((source, item))
    for source, item in pending:
        citation = next((c for c in unmatched if c.source_id == source.pk), None)
        if citation is None:
            citation = Citation(event=event, source=source)
        else:
            unmatched.remove(citation)
        citation.quote, citation.attribution, citation.stance = (
            item.quote,
            item.attribution,
            item.stance,
        )
        stamp(citation, user, when).save()
    for citation in unmatched:
        stamp(citation, user, when).delete()


def _citation_key(citation: Citation) -> tuple:
    return (citation.source_id, citation.quote, citation.attribution, citation.stance)


def event_create(
    *, timeline: Timeline, changes: EventChanges, user, actors=(), citations=()
) -> Event:
    """A new event at the end of its date's events, with its actors and citations."""
    when = timezone.now()
    with transaction.atomic():
        event = Event(timeline=timeline, created_by=user, updated_by=user)
        _apply(event, changes, user, when)
        event.position = _last_position(event)
        _tags_in_history(event, changes)
        stamp(event, user, when).save()
        if changes.tags is not None:
            event_set_tags(event, list(changes.tags))
        _sync_actors(event, actors, user, when)
        _sync_citations(event, citations, user, when)
    return event


def event_update(
    event: Event,
    *,
    changes: EventChanges,
    expected_version: int,
    user,
    actors=None,
    citations=None,
    reason: str = "",
) -> Event:
    """Save an edit made on ``expected_version``; raise :class:`StaleEdit` if that is stale.

    ``actors`` and ``citations`` (None: leave them alone) are the complete wanted sets:
    rows not in them are removed, so a formset's removed rows disappear.
    """
    with transaction.atomic():
        claimed = (
            Event.objects.alive()
            .filter(pk=event.pk, version=expected_version)
            .update(version=F("version") + 1)
        )
        if not claimed:
            raise StaleEdit(Event.objects.select_related("updated_by").get(pk=event.pk))
        # Stamped once the row is ours, so history dates follow the order changes committed in.
        when = timezone.now()
        # The row is locked by our UPDATE: start from what is saved now (a move may have changed
        # the position since the request began), then apply the editor's fields.
        event.refresh_from_db()
        old_date = same_date_as(event)
        _apply(event, changes, user, when)
        if same_date_as(event) != old_date:
            event.position = _last_position(event)
        event.updated_by = user
        event._change_reason = reason
        _tags_in_history(event, changes)
        stamp(event, user, when).save()
        if changes.tags is not None:
            event_set_tags(event, list(changes.tags))
        if actors is not None:
            _sync_actors(event, actors, user, when)
        if citations is not None:
            _sync_citations(event, citations, user, when)
    return event


def event_publish(event: Event, *, expected_version: int, user) -> Event:
    """Publish a draft as the editor saw it; raise :class:`StaleEdit` if it changed since.

    Publishing is a revision like any other (version, history with the reason "Published").
    """
    with transaction.atomic():
        claimed = (
            Event.objects.alive()
            .filter(pk=event.pk, version=expected_version)
            .update(version=F("version") + 1)
        )
        if not claimed:
            raise StaleEdit(Event.objects.select_related("updated_by").get(pk=event.pk))
        event.refresh_from_db()
        if event.status != PublicationStatus.PUBLISHED:
            event.status = PublicationStatus.PUBLISHED
            event.updated_by = user
            event._change_reason = "Published"
            stamp(event, user, timezone.now()).save()
    return event


def events_publish(events, *, user) -> int:
    """Publish the alive drafts among ``events`` (one revision each); how many were published."""
    published = 0
    with transaction.atomic():
        when = timezone.now()
        drafts = (
            Event.objects.select_for_update()
            .alive()
            .filter(pk__in=[e.pk for e in events], status=PublicationStatus.DRAFT)
            .order_by("pk")
        )
        for event in drafts:
            event.status = PublicationStatus.PUBLISHED
            event.version += 1
            event.updated_by = user
            event._change_reason = "Published"
            stamp(event, user, when).save()
            published += 1
    return published


def _locked(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def event_delete(event: Event, *, user) -> Event:
    """Soft delete: the event disappears for readers and can be restored exactly."""
    with transaction.atomic():
        event = _locked(event)
        if event.deleted_at is None:
            event.deleted_at = timezone.now()
            event.version += 1
            event.updated_by = user
            event._change_reason = "Deleted"
            stamp(event, user, timezone.now()).save()
    return event


def event_restore(event: Event, *, user) -> Event:
    """Undo a soft delete; the event comes back at the position it had."""
    with transaction.atomic():
        event = _locked(event)
        if event.deleted_at is not None:
            event.deleted_at = None
            event.version += 1
            event.updated_by = user
            event._change_reason = "Restored after deletion"
            stamp(event, user, timezone.now()).save()
    return event


def event_move(event: Event, *, direction: str, user) -> bool:
    """Swap the event with its neighbour among the timeline's events of the same date.

    Returns False when there is no neighbour that way. The order is not part of what an editor
    edits in the form, so a move does not change the version (it would make open forms stale).
    """
    if direction not in {"up", "down"}:
        raise ValueError(f"direction must be 'up' or 'down', not {direction!r}")
    with transaction.atomic():
        # Lock in primary-key order, which no move changes: locking in chronological order
        # (which moves change) let two simultaneous moves lock the same rows in opposite
        # orders and deadlock. Then sort as the chronology does.
        group = list(
            Event.objects.select_for_update()
            .alive()
            .filter(timeline_id=event.timeline_id, **same_date_as(event))
            .order_by("pk")
        )
        group.sort(key=lambda member: (member.position, member.pk))
        # Stamped once the rows are ours, so history dates follow the order moves committed in.
        when = timezone.now()
        index = next(i for i, e in enumerate(group) if e.pk == event.pk)
        other = index - 1 if direction == "up" else index + 1
        if not 0 <= other < len(group):
            return False
        group[index], group[other] = group[other], group[index]
        for position, member in enumerate(group):
            if member.position != position:
                member.position = position
                member.updated_by = user
                member._change_reason = "Moved up" if direction == "up" else "Moved down"
                stamp(member, user, when).save(
                    update_fields=["position", "updated_by", "updated_at"]
                )
    return True


def _rows_until(history_manager, event_pk: int, until) -> list:
    """The rows of a related model that belonged to the event just before ``until``."""
    latest = {}
    records = history_manager.filter(event_id=event_pk)
    if until is not None:
        records = records.filter(history_date__lt=until)
    records = records.order_by("history_date", "history_id")
    for record in records:
        latest[record.id] = record
    return [record for record in latest.values() if record.history_type != "-"]


def event_revert_to(record, *, expected_version: int, user) -> Event:
    """Make a new revision equal to an old one: fields, actors and citations as they were.

    Citations and actors are taken as they stood until the event's next revision, so changes
    made to them alone (in the admin, say) after that version belong to it.
    """
    event = record.instance_type.objects.get(pk=record.id)
    following = (
        event.history.filter(history_date__gt=record.history_date)
        .order_by("history_date")
        .values_list("history_date", flat=True)
        .first()
    )
    plain = [name for name in EVENT_CONTENT_FIELDS if name not in {"place", "event_type"}]
    values = {name: getattr(record, name) for name in plain}
    values["event_type"] = EventType.objects.get(pk=record.event_type_id)
    values["place"] = Place.objects.filter(pk=record.place_id).first() if record.place_id else None
    actors = [
        ActorPart(role=row.role, actor=actor)
        for row in _rows_until(EventActor.history, event.pk, following)
        if (actor := Actor.objects.filter(pk=row.actor_id).first()) is not None
    ]
    citations = [
        CitationItem(quote=row.quote, attribution=row.attribution, stance=row.stance, source=source)
        for row in _rows_until(Citation.history, event.pk, following)
        if (source := Source.objects.filter(pk=row.source_id).first()) is not None
    ]
    label = timezone.localtime(record.history_date).strftime("%-d %B %Y, %H:%M")
    return event_update(
        event,
        changes=EventChanges(values=values),
        expected_version=expected_version,
        user=user,
        actors=actors,
        citations=citations,
        reason=f"Restored the version of {label}",
    )
