"""Instances read from the database without `Model.__init__` (timeline.models.common.QuickLoading)
are the instances Django would have built; anything out of the ordinary goes through Django."""

from __future__ import annotations

import pytest
from django.db.models.signals import post_init

from tests.factories import EventFactory
from timeline.models import Event

pytestmark = pytest.mark.django_db


def test_an_event_read_quickly_holds_what_djangos_own_loading_gives():
    event = EventFactory()
    quick = Event.objects.select_related("event_type", "place", "timeline").get(pk=event.pk)
    columns = [field.attname for field in Event._meta.concrete_fields]
    built = Event(*[getattr(quick, name) for name in columns])
    assert {n: quick.__dict__[n] for n in columns} == {n: built.__dict__[n] for n in columns}
    assert (quick._state.adding, quick._state.db) == (False, "default")
    assert quick.event_type.slug == event.event_type.slug
    assert quick.timeline.slug == event.timeline.slug
    quick.title = "Renamed"
    quick.save(update_fields=["title"])  # saved as an existing row, not inserted again
    assert Event.objects.get(pk=event.pk).title == "Renamed"


def test_an_event_read_with_deferred_columns_loads_them_when_asked():
    event = EventFactory(summary="Shelling reported along the Line of Control.")
    partial = Event.objects.only("title").get(pk=event.pk)
    assert "summary" not in partial.__dict__
    assert partial.summary == "Shelling reported along the Line of Control."


def test_a_post_init_listener_still_sees_every_event_read():
    event = EventFactory()
    seen = []

    def listener(sender, instance, **kwargs):
        seen.append(instance.pk)

    post_init.connect(listener, sender=Event)
    try:
        Event.objects.get(pk=event.pk)
    finally:
        post_init.disconnect(listener, sender=Event)
    assert seen == [event.pk]
