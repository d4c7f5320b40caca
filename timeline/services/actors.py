"""Actors created by editors (inline from the event form, or from an accepted suggestion)."""

from __future__ import annotations

from django.utils import timezone

from timeline.models import Actor
from timeline.services.stamping import stamp, unique_slug


def actor_create(*, name: str, kind: str, user, when=None) -> Actor:
    actor = Actor(name=name.strip(), kind=kind, slug=unique_slug(Actor, name, "actor"))
    stamp(actor, user, when or timezone.now()).save()
    return actor
