"""Tags: free labels of a timeline's events (TimelineJS groups, ACLED tags, an editor's own)."""

from __future__ import annotations

from django.db import models

from timeline.models.timelines import Timeline

TAG_MAX_LENGTH = 100


class Tag(models.Model):
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
