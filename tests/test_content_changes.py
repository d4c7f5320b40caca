"""Every write that changes what a reader sees moves the updated_at the caches are keyed by."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tests.factories import (
    ActorFactory,
    CitationFactory,
    EventActorFactory,
    EventFactory,
    PlaceFactory,
    SourceFactory,
    TimelineFactory,
)
from timeline.caching.content_changes import touch_timelines
from timeline.models import Event, Timeline

pytestmark = pytest.mark.django_db


class Stamps:
    """updated_at of some events and timelines, before and after a change."""

    def __init__(self, *objects):
        self.objects = objects
        self.before = [self._read(o) for o in objects]

    @staticmethod
    def _read(instance):
        return type(instance).objects.values_list("updated_at", flat=True).get(pk=instance.pk)

    def all_moved(self) -> bool:
        return all(self._read(o) > old for o, old in zip(self.objects, self.before, strict=True))

    def none_moved(self) -> bool:
        return all(self._read(o) == old for o, old in zip(self.objects, self.before, strict=True))


def test_editing_a_quote_moves_its_event_and_timeline():
    citation = CitationFactory()
    other = EventFactory()
    stamps, untouched = Stamps(citation.event, citation.event.timeline), Stamps(other)
    citation.quote = "New words"
    citation.save()
    assert stamps.all_moved()
    assert untouched.none_moved()


def test_deleting_a_citation_moves_its_event():
    citation = CitationFactory()
    stamps = Stamps(citation.event, citation.event.timeline)
    citation.delete()
    assert stamps.all_moved()


def test_moving_a_citation_to_another_event_moves_both():
    citation = CitationFactory()
    target = EventFactory()
    stamps = Stamps(citation.event, target, citation.event.timeline, target.timeline)
    citation.event = target
    citation.save()
    assert stamps.all_moved()


def test_editing_a_source_moves_every_event_citing_it_in_every_timeline():
    source = SourceFactory()
    first, second = CitationFactory(source=source), CitationFactory(source=source)
    stamps = Stamps(first.event, second.event, first.event.timeline, second.event.timeline)
    source.publisher = "Another publisher"
    source.save()
    assert stamps.all_moved()


def test_renaming_an_actor_moves_its_events():
    role = EventActorFactory()
    stamps = Stamps(role.event, role.event.timeline)
    role.actor.name = "New name"
    role.actor.save()
    assert stamps.all_moved()


def test_adding_an_actor_through_the_relation_moves_the_event():
    event = EventFactory()
    stamps = Stamps(event, event.timeline)
    event.actors.add(ActorFactory(), through_defaults={"role": "mediator"})
    assert stamps.all_moved()


def test_deleting_a_place_moves_the_events_that_showed_it():
    place = PlaceFactory()
    event = EventFactory(place=place)
    stamps = Stamps(event, event.timeline)
    place.delete()
    assert stamps.all_moved()
    assert Event.objects.get(pk=event.pk).place is None


def test_event_type_label_change_moves_its_events():
    event = EventFactory()
    stamps = Stamps(event, event.timeline)
    event.event_type.label = "Renamed"
    event.event_type.save()
    assert stamps.all_moved()


def test_saving_an_event_moves_its_timeline():
    event = EventFactory()
    stamps = Stamps(event.timeline)
    event.title = "Retitled"
    event.save()
    assert stamps.all_moved()


def test_moving_an_event_to_another_timeline_moves_both_timelines():
    event = EventFactory()
    target = TimelineFactory()
    stamps = Stamps(event.timeline, target)
    event.timeline = target
    event.save()
    assert stamps.all_moved()


def test_a_stamp_ahead_of_the_clock_still_moves_forward():
    """Servers whose clocks disagree, or two edits in one microsecond, still change the key."""
    timeline = TimelineFactory()
    ahead = timezone.now() + datetime.timedelta(hours=1)
    Timeline.objects.filter(pk=timeline.pk).update(updated_at=ahead)
    touch_timelines([timeline.pk])
    touch_timelines([timeline.pk])
    moved = Timeline.objects.get(pk=timeline.pk).updated_at
    assert moved == ahead + datetime.timedelta(microseconds=2)
