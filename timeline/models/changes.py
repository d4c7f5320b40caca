"""The change log of what readers can see: written by timeline.live.changelog, read by the
change feed and the live stream. Its id is their cursor."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class ChangeKind(models.TextChoices):
    CREATED = "created", "Created"
    UPDATED = "updated", "Updated"
    DELETED = "deleted", "Deleted"


class EventChange(models.Model):
    """One change of a published event: it became visible, changed, or stopped being visible."""

    id = models.BigAutoField(primary_key=True)
    # Plain ids, not foreign keys: the log outlives a hard-deleted event, and rows are written
    # while a timeline's events are being deleted along with it.
    timeline_id = models.BigIntegerField()
    event_id = models.BigIntegerField()
    kind = models.CharField(max_length=7, choices=ChangeKind.choices)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["timeline_id", "id"], name="eventchange_timeline_cursor")]

    def __str__(self):
        return f"{self.kind} event {self.event_id} (#{self.pk})"
