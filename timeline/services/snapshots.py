"""Snapshots of sources: recording a fetch, and what it changes on the source and its citations.

A snapshot is written once and never changed: its WARC file goes through Django's storage API
first (``MEDIA_ROOT`` by default; any storage backend by settings), then the row. The source's
states and the citations' quote anchors change in the same transaction as the row.
"""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from timeline.caching.content_changes import touch_events
from timeline.evidence.quotes import anchor, normalised
from timeline.evidence.warc import warc_bytes
from timeline.models import ArchiveState, Citation, Snapshot, Source, UrlStatus

DEAD_AFTER_FAILURES = 2


def _text_changed(previous: Snapshot | None, text: str, sha256: str) -> bool:
    if previous is None:
        return False
    if text or previous.text:
        return normalised(previous.text) != normalised(text)
    return previous.sha256 != sha256


def source_archived(*, source: Source, result, article, note: str, check: bool) -> Snapshot | None:
    """Record a successful fetch of ``source``: a snapshot (on a check, only when the content
    changed), the source's states and metadata, the citations' anchors. Returns the snapshot."""
    text = article.text if article is not None else ""
    sha256 = hashlib.sha256(result.body).hexdigest()
    previous = source.snapshots.order_by("-fetched_at", "-pk").first()
    changed = _text_changed(previous, text, sha256)
    snapshot = None
    if not check or previous is None or changed:
        data = warc_bytes(result.exchanges)
        stamp = result.fetched_at.strftime("%Y%m%dT%H%M%SZ")
        snapshot = Snapshot(
            source=source,
            fetched_at=result.fetched_at,
            url=result.url,
            final_url=result.final_url,
            http_status=result.status,
            media_type=result.media_type,
            sha256=sha256,
            size=len(result.body),
            warc_sha256=hashlib.sha256(data).hexdigest(),
            text=text,
        )
        name = f"{source.pk}-{stamp}-{sha256[:12]}.warc.gz"
        snapshot.warc.save(name, ContentFile(data), save=False)
    with transaction.atomic():
        if snapshot is not None:
            snapshot.save()
        source.refresh_from_db()
        if result.redirected_elsewhere:
            source.url_status = UrlStatus.USURPED
        elif changed:
            source.url_status = UrlStatus.CHANGED
        elif source.url_status != UrlStatus.CHANGED or not check:
            source.url_status = UrlStatus.LIVE
        source.archive_state = ArchiveState.ARCHIVED
        source.archive_error = note[:500]
        source.failed_checks = 0
        source.checked_at = timezone.now()
        source.accessed_at = result.fetched_at
        if article is not None:
            _fill_metadata(source, article)
        source.save()
        newest = snapshot or previous
        if newest is not None:
            citations_anchor(source=source, newest=newest)
    return snapshot


def _fill_metadata(source: Source, article) -> None:
    """What the page says about itself fills what the editor has not given (never overwrites)."""
    if not source.title.strip() or source.title == source.url:
        source.title = (article.title or source.title)[:500]
    if not source.publisher:
        source.publisher = article.publisher[:200]
    if not source.author:
        source.author = article.author[:300]
    if source.published_at is None:
        source.published_at = article.published_at
    if not source.language:
        source.language = article.language[:16]
    if not source.text.strip():
        source.text = article.text


def source_check_failed(*, source: Source, reason: str) -> None:
    """A failed fetch: the reason on the source; two in a row make the URL dead."""
    with transaction.atomic():
        source = Source.objects.select_for_update().get(pk=source.pk)
        source.failed_checks += 1
        if source.failed_checks >= DEAD_AFTER_FAILURES:
            source.url_status = UrlStatus.DEAD
        source.archive_state = ArchiveState.FAILED
        source.archive_error = reason[:500]
        source.checked_at = timezone.now()
        source.skip_history_when_saving = True
        source.save()


def _anchor_fields(citation: Citation, newest: Snapshot, archived: Snapshot | None) -> dict:
    """The anchor columns of ``citation`` against its archived copy and the newest snapshot."""
    if not citation.quote.strip():
        return {
            "anchor_snapshot_id": None,
            "quote_archived": None,
            "quote_current": None,
            "quote_exact": "",
            "quote_prefix": "",
            "quote_suffix": "",
        }
    current = anchor(citation.quote, newest.text)
    fields = {"quote_current": current is not None}
    kept = archived is not None and anchor(citation.quote, archived.text)
    if kept:
        selector, snapshot = kept, archived
    else:
        selector, snapshot = current, newest
    fields["anchor_snapshot_id"] = snapshot.pk
    fields["quote_archived"] = selector is not None
    fields["quote_exact"] = selector.exact if selector else ""
    fields["quote_prefix"] = selector.prefix if selector else ""
    fields["quote_suffix"] = selector.suffix if selector else ""
    return fields


def citations_anchor(*, source: Source, newest: Snapshot | None = None) -> None:
    """Locate each citation's quote of ``source`` in its archived copy and in the newest one.

    A citation's archived copy is the snapshot its quote was found in (kept while that copy
    holds it, so a page that later drops the quote keeps the proof); ``quote_current`` says
    whether the newest snapshot still holds it ("quote missing from the current page").
    """
    newest = newest or source.snapshots.exclude(warc="").order_by("-fetched_at", "-pk").first()
    if newest is None:
        return
    moved = []
    for citation in Citation.objects.filter(source=source).select_related("anchor_snapshot"):
        fields = _anchor_fields(citation, newest, citation.anchor_snapshot)
        if any(getattr(citation, key) != value for key, value in fields.items()):
            Citation.objects.filter(pk=citation.pk).update(**fields)
            moved.append(citation.event_id)
    if moved:
        touch_events(moved)


def citation_anchor(*, citation: Citation) -> None:
    """Anchor one citation (its quote was written or changed) in its source's snapshots."""
    snapshots = list(
        Snapshot.objects.filter(source_id=citation.source_id)
        .exclude(warc="")
        .order_by("-fetched_at", "-pk")
    )
    if not snapshots:
        return
    newest = snapshots[0]
    archived = next((s for s in snapshots if anchor(citation.quote, s.text)), None)
    fields = _anchor_fields(citation, newest, archived)
    if any(getattr(citation, key) != value for key, value in fields.items()):
        Citation.objects.filter(pk=citation.pk).update(**fields)
        for key, value in fields.items():
            setattr(citation, key, value)
        touch_events([citation.event_id])
