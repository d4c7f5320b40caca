"""Snapshots: every fetch of a source, kept for ever (WARC file, hash, final URL, text)."""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from timeline.models.common import length_limit
from timeline.models.sources import Source

SNAPSHOT_TEXT_MAX_LENGTH = 10 * 1024 * 1024


def snapshot_path(instance: Snapshot, filename: str) -> str:
    return f"snapshots/{instance.source_id}/{filename}"


class Snapshot(models.Model):
    """One fetch of a source, written once and never changed.

    ``warc`` is the request and response as WARC records (through Django's storage API);
    ``sha256`` is the SHA-256 of the response payload (decoded from its transfer compression),
    ``warc_sha256`` that of the WARC file as stored; ``text`` is the article text read from it.
    """

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="snapshots")
    fetched_at = models.DateTimeField()
    url = models.CharField("requested URL", max_length=2000)
    final_url = models.CharField("final URL", max_length=2000)
    http_status = models.PositiveSmallIntegerField("HTTP status")
    media_type = models.CharField(max_length=100)
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveIntegerField(help_text="Payload bytes.")
    warc = models.FileField(
        "WARC file",
        upload_to=snapshot_path,
        max_length=300,
        blank=True,
        help_text="Blank for a snapshot imported without its file (metadata only).",
    )
    warc_sha256 = models.CharField("SHA-256 of the WARC file", max_length=64)
    # The fetcher keeps at most 10 MB of a page, so its text is never longer.
    text = models.TextField(
        blank=True,
        max_length=SNAPSHOT_TEXT_MAX_LENGTH,
        validators=[length_limit(SNAPSHOT_TEXT_MAX_LENGTH, "The archived text")],
    )

    class Meta:
        ordering = ["-fetched_at", "-pk"]
        get_latest_by = ["fetched_at", "pk"]

    def __str__(self):
        return f"{self.source} at {self.fetched_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("A snapshot is never overwritten.")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("timeline:snapshot", kwargs={"pk": self.source_id, "snapshot": self.pk})
