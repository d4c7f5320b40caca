"""Tags: free labels of a timeline's events (TimelineJS groups, ACLED tags, an editor's own)."""

from __future__ import annotations

from django.db import models

from timeline.models.common import QuickLoading
from timeline.models.timelines import Timeline

TAG_MAX_LENGTH = 100
# How many tags an editor may give one event (the event form says so).
TAGS_PER_EVENT = 20


class TagsInHistory(models.Model):
    """What an event's historical rows add: its tags at that save, as the names joined by ", ".

    NULL where unknown (rows written before tags were recorded): the history page compares
    tags only between two rows that both know them.
    """

    tag_names = models.TextField("tags", null=True, blank=True)

    class Meta:
        abstract = True


class Tag(QuickLoading, models.Model):
    """A label, per timeline: the same word in two timelines is two tags."""

    timeline = models.ForeignKey(Timeline, on_delete=models.CASCADE, related_name="tags")
    name = models.CharField(max_length=TAG_MAX_LENGTH)
    slug = models.SlugField(max_length=TAG_MAX_LENGTH)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["timeline", "slug"], name="tag_slug_unique"),
        ]

    def __str__(self) -> str:
        return self.name
