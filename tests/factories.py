"""factory_boy factories for the data model."""

from __future__ import annotations

import datetime

import factory
from django.contrib.auth import get_user_model

from timeline.dates import Precision
from timeline.models import (
    Actor,
    ActorRole,
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


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class TimelineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Timeline
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"story-{n}")
    title = factory.Sequence(lambda n: f"Story {n}")
    summary = "A story told as a chronology."
    status = PublicationStatus.PUBLISHED

    @factory.post_generation
    def editors(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.editors.add(*extracted)


def event_type(slug: str = "statement") -> EventType:
    """The seeded event type with this slug (the data migration creates them)."""
    return EventType.objects.get(slug=slug)


class EventTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventType
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"type-{n}")
    label = factory.Sequence(lambda n: f"Type {n}")
    colour = "#336699"


class ActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Actor
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Actor {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-").replace("'", ""))
    kind = "state"


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Place {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    url = factory.Sequence(lambda n: f"https://news.example.org/story/{n}")
    title = factory.Sequence(lambda n: f"Article {n}")
    publisher = factory.Sequence(lambda n: f"Publisher {n}")
    published_at = factory.LazyFunction(
        lambda: datetime.datetime(2025, 5, 11, 9, 0, tzinfo=datetime.UTC)
    )
    language = "en"


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    timeline = factory.SubFactory(TimelineFactory)
    title = factory.Sequence(lambda n: f"Event {n}")
    summary = "Something happened."
    event_type = factory.LazyFunction(event_type)
    date = datetime.date(2025, 5, 10)
    precision = Precision.DAY
    status = PublicationStatus.PUBLISHED


class EventActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventActor

    event = factory.SubFactory(EventFactory)
    actor = factory.SubFactory(ActorFactory)
    role = ActorRole.INITIATOR


class CitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Citation

    event = factory.SubFactory(EventFactory)
    source = factory.SubFactory(SourceFactory)
    quote = "The words that support the event."
    attribution = ""
    stance = Stance.ASSERTS
