"""Imports that update: a row naming an event of the target timeline changes it in place.

Our CSV carries each event's ``id`` and ``external_id``. Imported into the timeline those events
belong to (an edited export coming back), a row whose external id or id names one of its live
events updates that event instead of adding a second one; imported anywhere else, ids name
nothing there and the rows are new events. The preview lists the events to update beside those
to create, and says which events will have no source (readers see them as "Unsourced").

Planning only: `timeline.services.import_updates` applies the updates.
"""

from __future__ import annotations

from django.db.models import Prefetch, Q

from timeline.formats.records import Problem
from timeline.models import Citation, Event, EventActor

SHOWN_ROWS = 10


def plan_updates(plan) -> None:
    """Move the rows that name an existing event from ``plan.events`` to ``plan.updates``."""
    _check_external_ids(plan)
    if plan.timeline is not None and plan.events:
        _match(plan)
    _warn_unsourced(plan)


def _check_external_ids(plan) -> None:
    """An external id names one event of a timeline: twice in one file is an error."""
    seen: dict[str, str] = {}
    for record, _ in plan.events:
        if not record.external_id:
            continue
        if record.external_id in seen:
            plan.errors.append(
                Problem(
                    record.where,
                    "external_id",
                    f"“{record.external_id}” is also the external id of {seen[record.external_id]}",
                )
            )
        seen.setdefault(record.external_id, record.where)


def _match(plan) -> None:
    ids = {r.existing_id for r, _ in plan.events if r.existing_id is not None}
    externals = {r.external_id for r, _ in plan.events if r.external_id}
    if not ids and not externals:
        return
    events = list(
        Event.objects.filter(timeline=plan.timeline)
        .alive()
        .filter(Q(pk__in=ids) | Q(external_id__in=externals))
        .select_related("event_type", "place")
        .prefetch_related(
            Prefetch("event_actors", queryset=EventActor.objects.select_related("actor")),
            Prefetch("citations", queryset=Citation.objects.select_related("source")),
        )
    )
    by_id = {e.pk: e for e in events}
    by_external = {e.external_id: e for e in events if e.external_id}
    # A deleted event keeps its external id: a row naming it comes in as a new event without it.
    deleted = set(
        Event.objects.filter(timeline=plan.timeline, external_id__in=externals)
        .deleted()
        .values_list("external_id", flat=True)
    )
    claimed: dict[int, str] = {}
    creating = []
    for record, position in plan.events:
        event = by_external.get(record.external_id) if record.external_id else None
        event = event or by_id.get(record.existing_id)
        if event is None:
            if record.external_id in deleted:
                plan.warnings.append(
                    Problem(
                        record.where,
                        "external_id",
                        f"“{record.external_id}” belongs to a deleted event of this timeline; "
                        "the row is imported as a new event without it (or restore that event "
                        "and import again to update it)",
                    )
                )
                record.external_id = ""
            creating.append((record, position))
            continue
        if event.pk in claimed:
            plan.errors.append(
                Problem(
                    record.where,
                    "id",
                    f"updates the same event as {claimed[event.pk]} (“{event.title}”)",
                )
            )
            continue
        claimed[event.pk] = record.where
        plan.updates.append((record, event))
    plan.events = creating
    updating = {record.where for record, _ in plan.updates}
    # "An event with this title and date is already here": it is the one being updated.
    plan.warnings = [p for p in plan.warnings if not (p.where in updating and p.field == "title")]


def _warn_unsourced(plan) -> None:
    unsourced = [r.where for r, _ in plan.events if not r.citations]
    # An update without a complete citations list keeps the event's own citations.
    unsourced += [
        r.where
        for r, event in plan.updates
        if not r.citations and (r.citations_complete or not event.citations.all())
    ]
    records = len(plan.events) + len(plan.updates)
    if not unsourced:
        return
    listed = ", ".join(unsourced[:SHOWN_ROWS]) + (", …" if len(unsourced) > SHOWN_ROWS else "")
    plan.warnings.insert(
        0,
        Problem(
            "File",
            "citations",
            f"{len(unsourced)} of {records} events cite no source and will show as "
            f"“Unsourced”: {listed}",
        ),
    )
