"""Applying an import plan (`timeline.formats.import_plan`): every row in one transaction."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import DatabaseError, IntegrityError, transaction
from simple_history.utils import bulk_create_with_history

from timeline.caching.content_changes import touch_timelines
from timeline.formats.import_plan import (
    ImportPlan,
    is_model,
    new_event,
    new_named,
    new_source,
    new_type,
)
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
    Place,
    Source,
    Timeline,
)
from timeline.services.events import StaleEdit
from timeline.services.import_updates import apply_updates
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

            stage = "events"
            events = []
            for record, position in plan.events:
                event = new_event(record, position)
                event.timeline = timeline
                event.event_type = saved["types"][record.event_type]
                event.place = saved["places"][record.place] if record.place else None
                event.created_by = event.updated_by = user
                events.append(event)
            _bulk_create(Event, events, user)
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
    return ImportResult(timeline=timeline, events=len(plan.events), updated=updated)


BATCH_SIZE = 500


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
