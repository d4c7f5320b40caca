"""Places created by editors (inline from the event form, or by imports)."""

from __future__ import annotations

from django.utils import timezone

from timeline.models import Place
from timeline.services.stamping import stamp, unique_slug


def place_create(*, name: str, user, when=None) -> Place:
    place = Place(name=name.strip(), slug=unique_slug(Place, name, "place"))
    stamp(place, user, when or timezone.now()).save()
    return place
