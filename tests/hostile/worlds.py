"""Hostile worlds: one payload in every field an editor can write, and a checker of outputs."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.test import Client

from tests.hostile import inertness
from tests.hostile.payloads import Payload, fit, storable
from timeline.models import (
    Actor,
    Citation,
    Event,
    EventActor,
    Place,
    PublicationStatus,
    Source,
    Timeline,
)

BENIGN = Payload(
    "benign",
    "**Ceasefire** holds along the *Line of Control*. See [the report]"
    '(https://example.org/report "Report") and <https://example.org/>.\n\n'
    "> India rejects mediation.\n\n- one\n- two\n\n1. first\n\n`code`\n\n### Heading\n\n"
    "#### Subheading\n\n```\nblock\n```\n\nMail <mailto:desk@example.org>.",
)


@dataclass
class World:
    payload: Payload
    timeline: Timeline
    event: Event
    actor: Actor
    place: Place
    source: Source
    citation: Citation


def build_world(number: int, payload: Payload, editor, timeline: Timeline | None = None) -> World:
    """One payload in every field; in its own timeline unless ``timeline`` is given."""
    text = storable(payload.text)

    def cut(field_owner, name):
        return fit(text, field_owner._meta.get_field(name).max_length)

    if timeline is None:
        timeline = Timeline.objects.create(
            slug=f"hostile-{number}",
            title=cut(Timeline, "title"),
            summary=text,
            status=PublicationStatus.PUBLISHED,
        )
        timeline.editors.add(editor)
    actor = Actor.objects.create(
        name=cut(Actor, "name"), slug=f"actor-{number}", kind="state", aliases=text
    )
    place = Place.objects.create(name=cut(Place, "name"), slug=f"place-{number}", aliases=text)
    source = Source.objects.create(
        url=f"https://news.example.org/hostile/{number}",
        title=cut(Source, "title"),
        publisher=cut(Source, "publisher"),
        author=cut(Source, "author"),
        published_at=datetime.datetime(2025, 5, 11, 9, 0, tzinfo=datetime.UTC),
        language="en",
        text=text,
    )
    event = Event.objects.create(
        timeline=timeline,
        title=cut(Event, "title"),
        summary=text,
        notes=text,
        event_type_id=_statement_type_id(),
        place=place,
        date=datetime.date(2025, 5, 10),
        status=PublicationStatus.PUBLISHED,
        created_by=editor,
        updated_by=editor,
    )
    EventActor.objects.create(event=event, actor=actor)
    citation = Citation.objects.create(
        event=event,
        source=source,
        quote=cut(Citation, "quote"),
        attribution=cut(Citation, "attribution"),
    )
    return World(payload, timeline, event, actor, place, source, citation)


def _statement_type_id() -> int:
    from timeline.models import EventType

    # Transactional tests flush the seeded types, so create the one needed when it is missing.
    event_type, _ = EventType.objects.get_or_create(
        slug="statement", defaults={"label": "Statement", "cameo_code": "010"}
    )
    return event_type.pk


class Checker:
    """Fetches outputs and collects every problem, naming the payload and the output."""

    def __init__(self, client: Client):
        self.client = client
        self.baselines: dict[str, inertness.Document] = {}
        self.problems: list[str] = []
        self.checked = 0

    def fetch(self, path: str, headers: dict) -> str:
        response = self.client.get(path, **headers)
        assert response.status_code == 200, f"{path}: {response.status_code}"
        return response.content.decode("utf-8")

    def remember_baseline(self, kind: str, path: str, headers: dict) -> None:
        html = self.fetch(path, headers)
        assert not inertness.problems(html), inertness.problems(html)
        self.baselines[kind] = inertness.inspect(html)

    def check(self, label: str, kind: str, path: str, headers: dict) -> None:
        html = self.fetch(path, headers)
        self.checked += 1
        for problem in inertness.problems(html, self.baselines.get(kind)):
            self.problems.append(f"{label} in {kind} ({path}): {problem}")

    def report(self) -> str:
        shown = "\n".join(self.problems[:40])
        more = len(self.problems) - 40
        return shown + (f"\n... and {more} more" if more > 0 else "")
