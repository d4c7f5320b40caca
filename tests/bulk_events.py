"""A long timeline built with bulk inserts: for query-count tests, paging and the bench.

Events get a mix of every precision, spans, approximate dates, several actors, a place, and
two or three citations each (some denying), so every part of a card is exercised.
"""

from __future__ import annotations

import datetime

from django.db import transaction

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
from timeline.text.urlnorm import normalize_url

START = datetime.date(2023, 1, 2)


@transaction.atomic
def build_long_timeline(count: int, *, slug: str = "long-story", title: str = "") -> Timeline:
    timeline = Timeline.objects.create(
        slug=slug,
        title=title or f"A story of {count} events",
        summary="A long story, told as a chronology.",
        status=PublicationStatus.PUBLISHED,
    )
    types = list(EventType.objects.order_by("slug"))
    actors = [
        Actor.objects.get_or_create(slug=f"{slug}-actor-{i}", defaults={"name": f"Actor {i}"})[0]
        for i in range(6)
    ]
    places = [
        Place.objects.get_or_create(slug=f"{slug}-place-{i}", defaults={"name": f"Place {i}"})[0]
        for i in range(3)
    ]
    sources = []
    for i in range(max(3, count // 4)):
        url = f"https://news{i % 9}.example.org/{slug}/{i}"
        sources.append(
            Source(
                url=url,
                normalized_url=normalize_url(url),
                title=f"Report {i} on {slug}",
                publisher=f"Publisher {i % 9}",
                published_at=datetime.datetime.combine(
                    START + datetime.timedelta(days=i * 2 + 1), datetime.time(9), datetime.UTC
                ),
                language="en",
            )
        )
    sources = Source.objects.bulk_create(sources)

    events = [_event(timeline, i, types) for i in range(count)]
    events = Event.objects.bulk_create(events)
    for event, i in zip(events, range(count), strict=True):
        event.place_id = places[i % len(places)].pk
    Event.objects.bulk_update(events, ["place"])

    EventActor.objects.bulk_create(
        [
            EventActor(event=event, actor=actors[(i + k) % len(actors)], role=role)
            for i, event in enumerate(events)
            for k, role in enumerate([ActorRole.INITIATOR, ActorRole.TARGET])
        ]
    )
    citations = []
    for i, event in enumerate(events):
        for k in range(2 + i % 2):
            citations.append(
                Citation(
                    event=event,
                    source=sources[(i + k) % len(sources)],
                    quote=f"Quote {k} about event {i}: officials said it happened.",
                    attribution=["", "Officials", "A spokesperson"][k % 3],
                    stance=Stance.DENIES if (i % 11 == 0 and k == 1) else Stance.ASSERTS,
                )
            )
    Citation.objects.bulk_create(citations)
    return timeline


def _event(timeline: Timeline, i: int, types: list) -> Event:
    day = START + datetime.timedelta(days=i)
    fields = {"date": day, "precision": Precision.DAY}
    if i % 41 == 40:
        fields = {"date": day.replace(month=1, day=1), "precision": Precision.YEAR}
    elif i % 17 == 16:
        fields = {"date": day.replace(day=1), "precision": Precision.MONTH}
    elif i % 13 == 12:
        fields = {
            "date": day,
            "precision": Precision.MINUTE,
            "time": datetime.time(17, 30),
            "utc_offset": 330,
        }
    if i % 19 == 18 and fields["precision"] == Precision.DAY:
        fields["end_date"] = day + datetime.timedelta(days=2)
        fields["end_precision"] = Precision.DAY
    return Event(
        timeline=timeline,
        title=f"Event {i}: talks resume",
        summary=f"**Event {i}** in the long story.",
        event_type=types[i % len(types)],
        approximate=i % 23 == 22,
        position=i,
        status=PublicationStatus.PUBLISHED,
        **fields,
    )
