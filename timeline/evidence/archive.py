"""Archiving a source and checking it again: the job the worker runs, and how it is asked for.

States (``Source.archive_state``): *queued* (asked for, waiting for a worker), *fetching* (a
worker claimed it), *archived* (the newest fetch is a snapshot), *failed* (with the reason in
``archive_error``). Asking again while a job is queued or fetching does nothing (idempotent),
unless the job is stale (a worker died with it): then it is queued again.

A transient failure (timeout, unreachable host, 5xx, 429) is retried with backoff
(``FETCH_RETRY_DELAYS`` seconds, 30 s then 2 and 10 minutes by default); the source stays
*queued* with the reason meanwhile, and fails when the delays run out.

The URL's status follows Wikipedia's words: *live* (answers with the page), *changed* (the
text differs from the snapshot before), *usurped* (redirects to another site), *dead* (two
failed fetches in a row). A check records a new snapshot only when the content changed.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from timeline.models import ArchiveState, Source, UrlStatus

from .fetcher import TRANSIENT_STATUSES, FetchError, FetchRefused, FetchResult, fetch
from .reading import ReadingError, read_page

logger = logging.getLogger(__name__)

STALE_AFTER = datetime.timedelta(minutes=10)
DEFAULT_RETRY_DELAYS = (30, 120, 600)


def retry_delays() -> tuple[int, ...]:
    return tuple(getattr(settings, "FETCH_RETRY_DELAYS", DEFAULT_RETRY_DELAYS))


def request_archive(source: Source, *, timeline_id: int | None = None, check: bool = False):
    """Queue a job for ``source`` unless one is queued or running. True when one was queued."""
    if not source.url:
        return False
    now = timezone.now()
    busy = Q(archive_state__in=[ArchiveState.QUEUED, ArchiveState.FETCHING])
    with transaction.atomic():
        claimed = (
            Source.objects.filter(pk=source.pk)
            .filter(~busy | Q(archive_requested_at__lt=now - STALE_AFTER))
            .update(archive_state=ArchiveState.QUEUED, archive_error="", archive_requested_at=now)
        )
        if claimed:
            from .tasks import archive_source

            transaction.on_commit(
                lambda: archive_source.enqueue(source.pk, timeline_id=timeline_id, check=check)
            )
    if claimed:
        source.archive_state, source.archive_error = ArchiveState.QUEUED, ""
        source.archive_requested_at = now
    return bool(claimed)


def run_archive(source_id: int, *, attempt: int = 1, timeline_id=None, check=False) -> str:
    """The job: claim the source, fetch, keep a snapshot, read it, set the states. Never raises
    for a bad page: every outcome ends as a state with its reason."""
    claimed = Source.objects.filter(pk=source_id, archive_state=ArchiveState.QUEUED).update(
        archive_state=ArchiveState.FETCHING, archive_requested_at=timezone.now()
    )
    if not claimed:
        return "skipped: not queued"
    source = Source.objects.get(pk=source_id)
    try:
        result = fetch(source.url)
    except FetchRefused as refused:
        return _failed(source, str(refused))
    except FetchError as error:
        if error.transient:
            return _retry_or_fail(source, str(error), attempt, timeline_id, check)
        return _failed(source, str(error))
    if not result.ok:
        message = f"The page answered {result.status} {result.exchanges[-1].reason}".strip() + "."
        if result.status in TRANSIENT_STATUSES:
            return _retry_or_fail(source, message, attempt, timeline_id, check)
        return _failed(source, message)
    return _archived(source, result, check=check, timeline_id=timeline_id)


def _retry_or_fail(source, message, attempt, timeline_id, check) -> str:
    delays = retry_delays()
    if attempt > len(delays):
        return _failed(source, message)
    from .tasks import archive_source

    delay = delays[attempt - 1]
    run_after = timezone.now() + datetime.timedelta(seconds=delay)
    with transaction.atomic():
        Source.objects.filter(pk=source.pk).update(
            archive_state=ArchiveState.QUEUED,
            archive_error=f"{message} Trying again at {run_after:%H:%M:%S} UTC "
            f"(attempt {attempt + 1} of {len(delays) + 1}).",
            archive_requested_at=run_after,
        )
        transaction.on_commit(
            lambda: archive_source.using(run_after=run_after).enqueue(
                source.pk, attempt=attempt + 1, timeline_id=timeline_id, check=check
            )
        )
    return f"retry in {delay}s: {message}"


def _failed(source: Source, message: str) -> str:
    from timeline.services.snapshots import source_check_failed

    source_check_failed(source=source, reason=message)
    return f"failed: {message}"


def _archived(source: Source, result: FetchResult, *, check: bool, timeline_id) -> str:
    from timeline.services.snapshots import source_archived

    try:
        article = read_page(result)
        note = ""
    except ReadingError as error:
        article, note = None, str(error)
    snapshot = source_archived(
        source=source, result=result, article=article, note=note, check=check
    )
    if article is not None and timeline_id:
        _prepare_suggestions(source, timeline_id)
    return f"archived: snapshot {snapshot.pk if snapshot else 'unchanged'}"


def _prepare_suggestions(source: Source, timeline_id: int) -> None:
    """Work out the suggested events now, so the review page reads them from the cache."""
    from timeline.models import Timeline
    from timeline.suggestions.review import review

    timeline = Timeline.objects.filter(pk=timeline_id).first()
    if timeline is not None:
        try:
            review(Source.objects.get(pk=source.pk), timeline)
        except Exception:  # the review page computes them again; never fail the job for it
            logger.exception("Suggestions for source %s could not be prepared", source.pk)


def status_after_success(source: Source, result: FetchResult, changed: bool) -> str:
    if result.redirected_elsewhere:
        return UrlStatus.USURPED
    if changed:
        return UrlStatus.CHANGED
    return UrlStatus.LIVE
