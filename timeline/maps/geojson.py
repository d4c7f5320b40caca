"""Events as an RFC 7946 GeoJSON FeatureCollection, for QGIS, Leaflet and the like.

One Feature per event whose place has coordinates: a Point at `[longitude, latitude]` (RFC
7946 §3.1.1: longitude first, WGS 84, no `crs` member), with the event's date, type, title,
standing, place and precision as properties. Events without coordinates are left out and
counted in the collection's foreign member `events_without_coordinates` (§6.1 allows it).
"""

from __future__ import annotations

from timeline.maps.marks import effective_precision


def feature(event, *, url: str) -> dict:
    place = event.place
    partial = event.partial_date
    return {
        "type": "Feature",
        "id": event.pk,
        "geometry": {
            "type": "Point",
            # Decimal degrees as stored (six places), longitude first.
            "coordinates": [float(place.longitude), float(place.latitude)],
        },
        "properties": {
            "title": event.title,
            "date": event.date.isoformat(),
            "date_precision": partial.precision.name.lower(),
            "date_text": partial.display(),
            "approximate": event.approximate,
            "end_date": event.end_date.isoformat() if event.end_date else None,
            "type": event.event_type.slug,
            "type_label": event.event_type.label,
            "standing": event.standing_value,
            "place": place.name,
            "place_slug": place.slug,
            "country": place.country_code or None,
            "geo_precision": effective_precision(event),
            "status": event.status,
            "url": url,
        },
    }


def feature_collection(timeline, events, *, absolute) -> dict:
    """`events` carry `standing_value` (EventQuerySet.with_standing) and their place."""
    features, without = [], 0
    for event in events:
        event.timeline = timeline  # every event's: its URL needs the slug, not another query
        place = event.place
        if place is None or place.latitude is None or place.longitude is None:
            without += 1
            continue
        features.append(feature(event, url=absolute(event.get_absolute_url())))
    return {
        "type": "FeatureCollection",
        "features": features,
        "timeline": {"title": timeline.title, "url": absolute(timeline.get_absolute_url())},
        "events_without_coordinates": without,
    }
