"""Timelines: creation (its creator becomes an editor), editing and publishing."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from timeline.models import PublicationStatus, Timeline
from timeline.services.stamping import stamp


def timeline_create(*, values: dict, editors, user) -> Timeline:
    """A new draft timeline; whoever creates it becomes one of its editors."""
    with transaction.atomic():
        timeline = Timeline(status=PublicationStatus.DRAFT, **values)
        stamp(timeline, user, timezone.now()).save()
        timeline.editors.set({*editors, user})
    return timeline


def timeline_update(timeline: Timeline, *, values: dict, editors, user) -> Timeline:
    """New title, address, summary or language, and the timeline's editors, saved together."""
    with transaction.atomic():
        for name, value in values.items():
            setattr(timeline, name, value)
        stamp(timeline, user, timezone.now()).save()
        timeline.editors.set(editors)
    return timeline


def timeline_set_status(timeline: Timeline, *, status: str, user) -> Timeline:
    if timeline.status != status:
        timeline.status = status
        stamp(timeline, user, timezone.now()).save(update_fields=["status", "updated_at"])
    return timeline
