"""The change log: one row for every change of an event that readers can see.

Readers see an event while it is published and not deleted ("visible"). Every save or delete
that makes an event visible, changes a visible one, or hides one writes an :class:`EventChange`
row in the same transaction as the change itself, so the log and the data never disagree:

- ``created``: the event became visible (new and published, published from a draft, restored,
  or moved into the timeline);
- ``updated``: a visible event changed (its fields, or what its card shows: citations, actors,
  sources, places, types: ``timeline.caching.content_changes.touch_events`` reports those);
- ``deleted``: a visible event stopped being visible (deleted, unpublished, or moved out).

Draft edits write nothing: nothing about a draft can leak through the log.

The log's id is the cursor of the change feed (``changes.json?since=``) and the SSE message id
(``Last-Event-ID``). A consumer that has seen id N must never later find a smaller id appear
for the same timeline, so ids of one timeline must commit in id order: before inserting, the
writer locks the timeline's row (``SELECT ... FOR UPDATE``; content_changes already updated it
in most paths, so the lock is usually held already) and keeps it until commit, so the next
writer of that timeline takes its id after this one committed. On PostgreSQL the same
transaction sends ``NOTIFY timeline_live, '<timeline id>'``, delivered when (and only if) it
commits; every app process LISTENs (see timeline.live.hub).

Within one transaction an ``updated`` is not logged again for an event that already has a
``created`` or ``updated`` row in it (an edit saves the event, then its citations and actors).
"""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models.signals import post_delete, post_save, pre_save

from timeline.models import ChangeKind, Event, EventChange, PublicationStatus, Timeline

CHANNEL = "timeline_live"


def _visible(status, deleted_at) -> bool:
    return status == PublicationStatus.PUBLISHED and deleted_at is None


class _Logged:
    """What one transaction (or savepoint) has logged, as {(timeline id, event id): kind}."""

    def __init__(self, owner: dict, key: tuple):
        self.kinds: dict[tuple[int, int], str] = {}
        self.owner, self.key = owner, key

    def forget(self):
        self.kinds.clear()
        if self.owner.get(self.key) is self:
            del self.owner[self.key]


def _this_transaction(connection) -> _Logged | None:
    """The memory of the innermost atomic block, or None outside one (each save commits).

    Keyed by the savepoints open (an outermost block has none), and registered as an on-commit
    callback: Django drops the callbacks of a block that rolls back, so a memory no longer among
    them belongs to a finished block and a fresh one is started.
    """
    if not connection.in_atomic_block:
        return None
    key = tuple(connection.savepoint_ids)
    memories = connection.__dict__.setdefault("_live_logged", {})
    state = memories.get(key)
    if state is None or not any(entry[1] == state.forget for entry in connection.run_on_commit):
        state = memories[key] = _Logged(memories, key)
        transaction.on_commit(state.forget)
    return state


def record(entries) -> None:
    """Log ``entries``, (timeline id, event id, kind) triples, in the current transaction."""
    entries = [e for e in entries if e[0] is not None]
    if not entries:
        return
    connection = connections[DEFAULT_DB_ALIAS]
    state = _this_transaction(connection)
    if state is not None:
        kept = []
        for timeline_id, event_id, kind in entries:
            seen = state.kinds.get((timeline_id, event_id))
            if kind == ChangeKind.UPDATED and seen in {ChangeKind.CREATED, ChangeKind.UPDATED}:
                continue
            state.kinds[(timeline_id, event_id)] = kind
            kept.append((timeline_id, event_id, kind))
        entries = kept
    if not entries:
        return
    with transaction.atomic():
        timeline_ids = sorted({e[0] for e in entries})
        # Ids of one timeline commit in order: see the module docstring.
        list(
            Timeline.objects.select_for_update()
            .filter(pk__in=timeline_ids)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        EventChange.objects.bulk_create(
            EventChange(timeline_id=t, event_id=e, kind=k) for t, e, k in entries
        )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for timeline_id in timeline_ids:
                    cursor.execute("SELECT pg_notify(%s, %s)", [CHANNEL, str(timeline_id)])


def record_touched(event_ids) -> None:
    """Events whose cards changed without a save of the event itself (citations, actors...)."""
    rows = (
        Event.objects.filter(pk__in=list(event_ids))
        .alive()
        .filter(status=PublicationStatus.PUBLISHED)
        .values_list("timeline_id", "pk")
    )
    record([(timeline_id, pk, ChangeKind.UPDATED) for timeline_id, pk in rows])


def record_created(events) -> None:
    """Events written without signals (an import's bulk_create): the visible ones are new."""
    record(
        [
            (event.timeline_id, event.pk, ChangeKind.CREATED)
            for event in events
            if event.pk is not None and _visible(event.status, event.deleted_at)
        ]
    )


def _before_save(sender, instance, raw=False, **kwargs):
    instance._live_before = None
    if raw or instance.pk is None:
        return
    row = (
        Event.objects.filter(pk=instance.pk)
        .values_list("timeline_id", "status", "deleted_at")
        .first()
    )
    if row is not None:
        instance._live_before = (row[0], _visible(row[1], row[2]))


def _after_save(sender, instance, raw=False, **kwargs):
    if raw:
        return
    before = getattr(instance, "_live_before", None)
    now = _visible(instance.status, instance.deleted_at)
    here = instance.timeline_id
    entries = []
    if before is not None and before[1]:
        if before[0] != here:
            entries.append((before[0], instance.pk, ChangeKind.DELETED))
            if now:
                entries.append((here, instance.pk, ChangeKind.CREATED))
        else:
            entries.append((here, instance.pk, ChangeKind.UPDATED if now else ChangeKind.DELETED))
    elif now:
        entries.append((here, instance.pk, ChangeKind.CREATED))
    record(entries)


def _after_delete(sender, instance, **kwargs):
    if _visible(instance.status, instance.deleted_at):
        record([(instance.timeline_id, instance.pk, ChangeKind.DELETED)])


def connect() -> None:
    """Called once from TimelineConfig.ready()."""
    uid = "timeline.live.changelog"
    pre_save.connect(_before_save, sender=Event, dispatch_uid=f"{uid}.pre")
    post_save.connect(_after_save, sender=Event, dispatch_uid=f"{uid}.save")
    post_delete.connect(_after_delete, sender=Event, dispatch_uid=f"{uid}.delete")
