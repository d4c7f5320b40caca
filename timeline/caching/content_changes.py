"""What a reader sees changed: move the `updated_at` of the events and timelines that show it.

Cached reader pages are keyed by these timestamps (see timeline.caching.responses and
timeline.caching.cards), so every write that changes what a page shows must move them:

- a timeline's `updated_at` moves whenever anything in it changes (its events, their
  citations and actor roles, and the sources, actors, places and types they show);
- an event's `updated_at` moves whenever its card changes: its own fields (Django's auto_now),
  its citations, actor roles, and the sources, actors and places it shows.

Timestamps only move forward: each touch sets max(previous + 1 µs, now), so two edits in the
same microsecond, or on two servers whose clocks disagree a little, still give new keys.

With CONTENT_VERSION_SOURCE = "cache" (a shared cache such as Redis), every such change also
replaces the cache's content token once its transaction commits (see timeline.caching.responses),
so that a cached page can be checked without a query.

touch_events also reports the events to timeline.live.changelog, which logs an "updated" change
for the published ones (the change feed and the live stream).

Model saves and deletes (forms, services, the admin, history restores) are covered by the
signal receivers below. Writes that bypass signals (QuerySet.update, bulk_create, raw SQL)
must call `touch_events`/`touch_timelines` themselves; seed_bench, which bulk-loads into an
empty benchmark database, is the one exception.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.utils import timezone

from timeline.caching.responses import bump_content_token, uses_cache_token
from timeline.live import changelog
from timeline.models import Actor, Citation, Event, EventActor, EventType, Place, Source, Timeline

ONE_MICROSECOND = datetime.timedelta(microseconds=1)


def _later_stamp():
    return Greatest(F("updated_at") + Value(ONE_MICROSECOND), Value(timezone.now()))


def content_changed() -> None:
    """Cache mode: replace the stamp after the commit (before it, a reader could render the old
    rows under the new token and keep them cached)."""
    if uses_cache_token():
        transaction.on_commit(bump_content_token)


def touch_timelines(timeline_ids) -> None:
    content_changed()
    ids = {pk for pk in timeline_ids if pk is not None}
    if ids:
        Timeline.objects.filter(pk__in=ids).update(updated_at=_later_stamp())


def touch_events(events) -> None:
    """Move the given events (a queryset or ids) and their timelines forward."""
    if not hasattr(events, "values_list"):
        events = Event.objects.filter(pk__in={pk for pk in events if pk is not None})
    ids = list(events.values_list("pk", flat=True))
    if not ids:
        return
    Event.objects.filter(pk__in=ids).update(updated_at=_later_stamp())
    changelog.record_touched(ids)
    touch_timelines(
        Event.objects.filter(pk__in=ids).values_list("timeline_id", flat=True).distinct()
    )


# Rows that belong to one event (or one timeline) -------------------------------------------


def _remember_parent(sender, instance, **kwargs):
    """Before a save, note the row's current parent: a move must refresh both."""
    field = "timeline_id" if sender is Event else "event_id"
    if instance.pk is None:
        instance._parent_before_save = None
        return
    instance._parent_before_save = (
        sender.objects.filter(pk=instance.pk).values_list(field, flat=True).first()
    )


def _event_changed(sender, instance, **kwargs):
    content_changed()
    touch_timelines({instance.timeline_id, getattr(instance, "_parent_before_save", None)})


def _event_part_changed(sender, instance, **kwargs):
    content_changed()
    touch_events({instance.event_id, getattr(instance, "_parent_before_save", None)})


def _actors_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    """Event.actors.add()/remove()/clear() write EventActor rows without their own signals."""
    # A clear is seen before it happens: afterwards nothing links the two any more.
    if action not in {"post_add", "post_remove", "pre_clear"}:
        return
    content_changed()
    if not reverse:
        touch_events([instance.pk])
    elif action == "pre_clear":  # actor.events.clear()
        touch_events(Event.objects.filter(actors=instance))
    else:  # actor.events.add(...): the instance is the actor, pk_set the events
        touch_events(pk_set)


# Shared rows shown on many events ------------------------------------------------------------


def _source_changed(sender, instance, **kwargs):
    content_changed()
    touch_events(Event.objects.filter(citations__source=instance))


def _actor_changed(sender, instance, **kwargs):
    content_changed()
    touch_events(Event.objects.filter(event_actors__actor=instance))


def _place_changed(sender, instance, **kwargs):
    content_changed()
    touch_events(Event.objects.filter(place=instance))


def _event_type_changed(sender, instance, **kwargs):
    content_changed()
    touch_events(Event.objects.filter(event_type=instance))


def _timeline_changed(sender, instance, **kwargs):
    """Its own updated_at moves by itself (auto_now); the token must be replaced."""
    content_changed()


def connect() -> None:
    """Called once from TimelineConfig.ready()."""
    uid = "timeline.caching.content_changes"
    for model, handler in [(Event, _event_changed), (Citation, _event_part_changed)]:
        pre_save.connect(_remember_parent, sender=model, dispatch_uid=f"{uid}.pre.{model.__name__}")
        post_save.connect(handler, sender=model, dispatch_uid=f"{uid}.save.{model.__name__}")
        post_delete.connect(handler, sender=model, dispatch_uid=f"{uid}.delete.{model.__name__}")
    pre_save.connect(_remember_parent, sender=EventActor, dispatch_uid=f"{uid}.pre.EventActor")
    post_save.connect(_event_part_changed, sender=EventActor, dispatch_uid=f"{uid}.save.ea")
    post_delete.connect(_event_part_changed, sender=EventActor, dispatch_uid=f"{uid}.delete.ea")
    m2m_changed.connect(_actors_changed, sender=Event.actors.through, dispatch_uid=f"{uid}.m2m")
    post_save.connect(_timeline_changed, sender=Timeline, dispatch_uid=f"{uid}.save.Timeline")
    post_delete.connect(_timeline_changed, sender=Timeline, dispatch_uid=f"{uid}.delete.Timeline")
    for model, handler in [
        (Source, _source_changed),
        (Actor, _actor_changed),
        (Place, _place_changed),
        (EventType, _event_type_changed),
    ]:
        post_save.connect(handler, sender=model, dispatch_uid=f"{uid}.save.{model.__name__}")
        # Before the delete: afterwards the links (e.g. events' place, set to NULL) are gone.
        pre_delete.connect(handler, sender=model, dispatch_uid=f"{uid}.delete.{model.__name__}")
