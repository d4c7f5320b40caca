"""What editors decided about events suggested from a source."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import (
    Q,
)
from django.utils import timezone

from timeline.models.events import Event
from timeline.models.sources import Source
from timeline.models.timelines import Timeline


class SuggestionVerdict(models.TextChoices):
    ACCEPTED = "accepted", "Added as draft"
    CORROBORATED = "corroborated", "Source added to the existing event"
    DISMISSED = "dismissed", "Dismissed"


class SuggestionDecision(models.Model):
    """What an editor did with one event suggested from a source for a timeline.

    Suggestions are computed again from the stored text on every request (see
    `timeline.suggestions.review`); ``key`` names one of them by its position and a digest of its
    quote, so a decision stays with the suggestion it was made on.
    """

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="decisions")
    timeline = models.ForeignKey(
        Timeline, on_delete=models.CASCADE, related_name="suggestion_decisions"
    )
    key = models.CharField(max_length=40)
    decision = models.CharField(max_length=20, choices=SuggestionVerdict.choices)
    event = models.ForeignKey(
        Event, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["source", "timeline", "decided_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "timeline", "key"], name="suggestion_decision_unique"
            ),
            models.CheckConstraint(
                condition=Q(decision__in=SuggestionVerdict.values),
                name="suggestion_decision_valid",
            ),
        ]

    def __str__(self):
        return f"{self.source} / {self.timeline} / {self.key}: {self.decision}"
