"""Places created by editors (inline from the event form, or by imports)."""

from __future__ import annotations

from django.utils import timezone

from timeline.models import Place
from timeline.services.stamping import stamp, unique_slug


def place_create(
    *,
    name: str,
    user,
    when=None,
    latitude=None,
    longitude=None,
    country_code: str = "",
    geo_precision: int | None = None,
) -> Place:
    """A new place; coordinates only as a pair (the form checks it; this keeps it so)."""
    if (latitude is None) != (longitude is None):
        latitude = longitude = None
    place = Place(
        name=name.strip(),
        slug=unique_slug(Place, name, "place"),
        latitude=latitude,
        longitude=longitude,
        country_code=country_code,
        geo_precision=geo_precision,
    )
    stamp(place, user, when or timezone.now()).save()
    return place
