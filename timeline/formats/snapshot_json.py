"""Sources' snapshots in the lossless JSON: their metadata out and back in (never the bodies).

The WARC files themselves travel in ``evidence.zip``, at the path ``snapshot_path`` gives.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from timeline.formats.records import SnapshotRecord
from timeline.formats.shape import ObjectReader


def snapshot_path(snapshot) -> str:
    """Where a snapshot's WARC file is in an evidence bundle (``evidence.zip``)."""
    return f"warc/source-{snapshot.source_id}-snapshot-{snapshot.pk}.warc.gz"


def snapshot_entries(
    source_ids: list[int], datetime_text: Callable
) -> dict[int, list[dict[str, Any]]]:
    """Each source's snapshots (metadata, never the bodies), oldest first. One query."""
    from timeline.models import Snapshot

    entries: dict[int, list[dict[str, Any]]] = {}
    for snapshot in Snapshot.objects.filter(source_id__in=source_ids).order_by("fetched_at", "pk"):
        entries.setdefault(snapshot.source_id, []).append(
            {
                "fetched_at": datetime_text(snapshot.fetched_at),
                "url": snapshot.url,
                "final_url": snapshot.final_url,
                "http_status": snapshot.http_status,
                "media_type": snapshot.media_type,
                "sha256": snapshot.sha256,
                "size": snapshot.size,
                "warc_sha256": snapshot.warc_sha256,
                "warc": snapshot_path(snapshot),
            }
        )
    return entries


def read_url_status(r: ObjectReader) -> str:
    from timeline.models import UrlStatus

    value = r.text("url_status")
    if value and value not in UrlStatus.values:
        r.problem("url_status", f"must be one of {', '.join(UrlStatus.values)} or empty")
        return ""
    return value


SHA256_LENGTH = 64


def read_snapshots(r: ObjectReader, read_datetime: Callable) -> list[SnapshotRecord]:
    """A source's snapshot metadata; the WARC files themselves travel in evidence.zip."""
    records = []
    for number, item in enumerate(r.items("snapshots"), start=1):
        s = ObjectReader(item, r.where, r.problems, prefix=f"{r.prefix}snapshots[{number}].")
        fetched_at = read_datetime(s, "fetched_at")
        status = s.integer("http_status")
        sha256 = s.text("sha256", required=True).lower()
        if sha256 and (len(sha256) != SHA256_LENGTH or not set(sha256) <= set("0123456789abcdef")):
            s.problem("sha256", "must be 64 hexadecimal digits")
        if fetched_at is None:
            s.problem("fetched_at", "is required")
        if status is None or not 100 <= status <= 599:
            s.problem("http_status", "must be an HTTP status between 100 and 599")
            status = None
        size = s.integer("size", 0)
        records.append(
            SnapshotRecord(
                fetched_at=fetched_at,
                url=s.text("url")[:2000],
                final_url=s.text("final_url")[:2000],
                http_status=status or 0,
                media_type=s.text("media_type")[:100],
                sha256=sha256[:SHA256_LENGTH],
                size=max(0, min(size or 0, 2**31 - 1)),
                warc_sha256=s.text("warc_sha256").lower()[:SHA256_LENGTH],
            )
        )
    return records
