"""Model instances built from import records (not saved): checked by the planner, saved by
`timeline.services.imports`."""

from __future__ import annotations

from timeline.formats.records import EventRecord, SourceRecord, TypeRecord
from timeline.models import Actor, Event, EventType, Place, Source
from timeline.text.urlnorm import normalize_url


def new_type(record: TypeRecord) -> EventType:
    return EventType(
        slug=record.slug,
        label=record.label,
        colour=record.colour,
        description=record.description,
        cameo_code=record.cameo_code,
        acled_event_type=record.acled_event_type,
        acled_sub_event_type=record.acled_sub_event_type,
    )


def new_named(model, record):
    if model is Actor:
        return Actor(
            slug=record.slug,
            name=record.name,
            kind=record.kind,
            country_code=record.country_code,
            aliases="\n".join(record.aliases),
        )
    return Place(
        slug=record.slug,
        name=record.name,
        country_code=record.country_code,
        latitude=record.latitude,
        longitude=record.longitude,
        aliases="\n".join(record.aliases),
        geo_precision=record.geo_precision,
    )


def new_source(record: SourceRecord) -> Source:
    url = record.url.strip()
    return Source(
        url=url,
        normalized_url=normalize_url(url),  # Source.save() sets it, but bulk_create skips save()
        title=record.title,
        publisher=record.publisher,
        author=record.author,
        published_at=record.published_at,
        language=record.language,
        accessed_at=record.accessed_at,
        archive_url=record.archive_url,
        text=record.text,
        url_status=record.url_status,
    )


def new_event(record: EventRecord, position: int) -> Event:
    start, end = record.date, record.end
    return Event(
        title=record.title,
        summary=record.summary,
        notes=record.notes,
        language=record.language,
        date=start.date,
        precision=start.precision,
        time=start.time,
        utc_offset=start.utc_offset,
        approximate=start.approximate,
        end_date=end.date if end else None,
        end_precision=end.precision if end else None,
        position=position,
        status=record.status,
        geo_precision=record.geo_precision,
        fatalities=record.fatalities,
        external_id=record.external_id,
        dataset_fields=record.dataset_fields,
    )
