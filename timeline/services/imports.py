"""Applying an import plan (`timeline.formats.import_plan`): every row in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from timeline.caching.content_changes import touch_timelines
from timeline.formats.import_plan import ImportPlan, is_model
from timeline.formats.import_rows import new_event, new_named, new_source, new_type
from timeline.formats.plan_living import fingerprint, record_parts
from timeline.formats.records import (
    Problem,
)
from timeline.live import changelog
from timeline.models import (
    Actor,
    Citation,
    Event,
    EventActor,
    EventType,
    Period,
    Place,
    Snapshot,
    Source,
    Timeline,
)
from timeline.services.events import StaleEdit
from timeline.services.import_updates import apply_updates
from timeline.services.tags import record_tags_in_history, tag_events
from timeline.text.bidi import close_bidi_controls_in


class ImportApplyError(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(str(problem))


@dataclass
class ImportResult:
    timeline: Timeline
    events: int
    updated: int = 0
    unchanged: int = 0
    conflicts: int = 0
    refused: int = 0


def import_apply(plan: ImportPlan, *, user=None) -> ImportResult:
    """Save a plan without errors in one transaction: everything, or nothing at all.

    Rows are inserted in batches, each with its history record (who imported it), so that a
    10 MB file does not take one round trip per row.
    """
    if not plan.ok:
        raise ValueError("A plan with errors cannot be applied.")
    user = user if user is not None and user.is_authenticated else None
    stage = "the timeline"
    try:
        with transaction.atomic():
            timeline = plan.timeline
            if timeline is None:
                record = plan.new_timeline
                timeline = Timeline.objects.create(
                    slug=record.slug,
                    title=record.title,
                    summary=record.summary,
                    language=record.language,
                    status=record.status,
                )
                if user is not None:
                    timeline.editors.add(user)

            saved: dict[str, dict[str, object]] = {}
            for kind, model, build in (
                ("types", EventType, new_type),
                ("actors", Actor, lambda r: new_named(Actor, r)),
                ("places", Place, lambda r: new_named(Place, r)),
                ("sources", Source, new_source),
            ):
                stage = kind
                resolved = getattr(plan, kind)
                new = {key: build(r) for key, r in resolved.items() if not is_model(r)}
                _bulk_create(model, list(new.values()), user)
                saved[kind] = {key: new.get(key, r) for key, r in resolved.items()}
                if kind == "sources":
                    # The snapshots' metadata comes along (their WARC files are in evidence.zip).
                    Snapshot.objects.bulk_create(
                        Snapshot(
                            source=source,
                            fetched_at=s.fetched_at,
                            url=s.url,
                            final_url=s.final_url,
                            http_status=s.http_status,
                            media_type=s.media_type,
                            sha256=s.sha256,
                            size=s.size,
                            warc_sha256=s.warc_sha256,
                        )
                        for key, source in new.items()
                        for s in resolved[key].snapshots
                    )

            stage = "events"
            resolved = SimpleNamespace(**saved)
            # One moment for the events' historical rows: their tags are written on them below.
            when = timezone.now()
            events = []
            for record, position in plan.events:
                event = new_event(record, position)
                event.timeline = timeline
                event.event_type = saved["types"][record.event_type]
                event.place = saved["places"][record.place] if record.place else None
                event.created_by = event.updated_by = user
                event.import_fingerprint = fingerprint(record_parts(record, resolved))
                event._history_date = when
                events.append(event)
            # Search vectors: one rebuild per new event below, not one per actor and citation.
            defer_search_vectors(True)
            _bulk_create(Event, events, user)
            stage = "updated events"
            for match in plan.refreshes:
                update_from_record(match, resolved, user, when)
            stage = "actors' roles and citations"
            pairs = list(zip(plan.events, events, strict=True))
            roles = [
                EventActor(event=event, actor=saved["actors"][key], role=role)
                for (record, _), event in pairs
                for key, role in record.actors
            ]
            _bulk_create(EventActor, roles, user)
            citations = [
                Citation(
                    event=event,
                    source=saved["sources"][c.source],
                    quote=c.quote,
                    attribution=c.attribution,
                    stance=c.stance,
                )
                for (record, _), event in pairs
                for c in record.citations
            ]
            _bulk_create(Citation, citations, user)
            defer_search_vectors(False)
            rebuild_search_vectors(
                [event.pk for event in events] + [m.event.pk for m in plan.refreshes]
            )
            stage = "periods"
            add_periods(timeline, plan.bundle.periods)
            stage = "tags"
            tagged = tag_events(
                timeline,
                [(event, record.tags) for (record, _), event in pairs]
                + [(m.event, m.record.tags) for m in plan.refreshes],
            )
            record_tags_in_history(tagged, when)
            stage = "updates of existing events"
            updated = apply_updates(plan, saved, user=user)
            # bulk_create sends no signals: move the timeline so cached reader pages show it,
            # and log the new published events for the change feed and live readers.
            touch_timelines([timeline.pk])
            changelog.record_created(events)
    except StaleEdit as stale:
        raise ImportApplyError(
            Problem(
                "File",
                "",
                f"could not be saved: “{stale.current.title}” was changed by someone else since "
                "the preview; nothing was imported, please preview again",
            )
        ) from stale
    except DatabaseError as error:
        why = (
            "because the database changed since the preview"
            if isinstance(error, IntegrityError)
            else f"({error})"
        )
        raise ImportApplyError(
            Problem(
                "File",
                "",
                f"could not be saved: adding the {stage} failed {why}; nothing was imported, "
                "please preview again",
            )
        ) from error
    return ImportResult(
        timeline=timeline,
        events=len(plan.events),
        updated=updated + len(plan.refreshes),
        unchanged=len(plan.unchanged),
        conflicts=len(plan.conflicts),
        refused=len({p.where for p in plan.refused}),
    )


def add_periods(timeline, records) -> None:
    """A file's periods (eras), those not already in the timeline with the same title and span."""
    if not records:
        return
    have = set(timeline.periods.values_list("title", "start_date", "end_date"))
    new = []
    for record in records:
        key = (record.title, record.start.date, record.end.date)
        if key not in have:
            have.add(key)
            new.append(
                Period(
                    timeline=timeline,
                    title=record.title[:300],
                    start_date=record.start.date,
                    start_precision=record.start.precision,
                    end_date=record.end.date,
                    end_precision=record.end.precision,
                )
            )
    Period.objects.bulk_create(new)


def update_from_record(match, resolved, user, when) -> None:
    """Rewrite an imported event from a newer file, with a history row under ``user``."""
    event, record = match.event, match.record
    fresh = new_event(record, event.position)
    for name in (
        "title",
        "summary",
        "date",
        "precision",
        "time",
        "utc_offset",
        "approximate",
        "end_date",
        "end_precision",
        "geo_precision",
        "fatalities",
        "dataset_fields",
    ):
        setattr(event, name, getattr(fresh, name))
    event.event_type = resolved.types[record.event_type]
    event.place = resolved.places[record.place] if record.place else None
    event.deleted_at = None
    event.version += 1
    event.updated_by = user
    event.import_fingerprint = fingerprint(record_parts(record, resolved))
    event._history_user = user
    event._history_date = when
    event._tag_names = ""  # the file's tags replace these; written by record_tags_in_history
    event._change_reason = "Updated from a newer file: " + ", ".join(match.changed)
    close_bidi_controls_in(event)
    event.save()
    event.event_actors.all().delete()
    _bulk_create(
        EventActor,
        [
            EventActor(event=event, actor=resolved.actors[key], role=role)
            for key, role in record.actors
        ],
        user,
    )
    event.citations.all().delete()
    _bulk_create(
        Citation,
        [
            Citation(
                event=event,
                source=resolved.sources[c.source],
                quote=c.quote,
                attribution=c.attribution,
                stance=c.stance,
            )
            for c in record.citations
        ],
        user,
    )
    event.tags.clear()


BATCH_SIZE = 500


def defer_search_vectors(deferred: bool) -> None:
    """Have PostgreSQL's search-vector triggers (migrations 0004, 0014) wait, in this
    transaction only; `rebuild_search_vectors` then builds each event's vector once."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('timeline.defer_search_vectors', %s, true)",
                ["on" if deferred else "off"],
            )


def rebuild_search_vectors(event_ids: list[int]) -> None:
    if connection.vendor != "postgresql" or not event_ids:
        return
    with connection.cursor() as cursor:
        for start in range(0, len(event_ids), 10_000):
            cursor.execute(
                "UPDATE timeline_event SET search_vector = timeline_event_search_vector("
                "timeline_event) WHERE id = ANY(%s)",
                [event_ids[start : start + 10_000]],
            )


def _bulk_create(model, objects: list, user) -> None:
    if not objects:
        return
    for instance in objects:  # bulk_create sends no pre_save: do what the signal does
        close_bidi_controls_in(instance)
    if hasattr(model, "history"):
        bulk_create_with_history(
            objects,
            model,
            batch_size=BATCH_SIZE,
            default_user=user,
            default_change_reason="Imported from a file",
        )
    else:
        model.objects.bulk_create(objects, batch_size=BATCH_SIZE)
