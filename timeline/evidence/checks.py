"""Checking sources again: fetch each politely, record what changed (``check_sources``).

Politeness: at most ``FETCH_HOST_RATE`` requests a second to any one host, counted in the
shared cache (Redis when configured, so several checking processes share the limit), and at
most ``FETCH_CONCURRENCY`` fetches at once. A check is the archive job run in check mode: a
new snapshot only when the text changed, and the URL's status in Wikipedia's words.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db import close_old_connections, connections
from django.db.models import Q
from django.utils import timezone

from timeline.models import ArchiveState, Source

from .archive import run_archive


@dataclass
class CheckOutcome:
    source_id: int
    host: str
    result: str
    seconds: float


def sources_due(*, older_than_days: float | None = None, source_id: int | None = None):
    """Sources with a URL not checked for ``older_than_days`` days (0: all of them)."""
    sources = Source.objects.exclude(url="")
    if source_id is not None:
        return sources.filter(pk=source_id)
    if older_than_days is not None and older_than_days > 0:
        cutoff = timezone.now() - datetime.timedelta(days=older_than_days)
        sources = sources.filter(Q(checked_at__isnull=True) | Q(checked_at__lt=cutoff))
    return sources.order_by("checked_at", "pk")


def host_of(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def wait_for_host(host: str, rate: float) -> None:
    """Block until ``host`` may be sent one more request: ``rate`` a second at most.

    Time is cut in slots of 1/rate seconds; a request claims the next free slot with an atomic
    ``cache.add`` (so every process that shares the cache shares the limit) and starts when its
    slot begins: two requests to a host are always at least 1/rate seconds apart.
    """
    if rate <= 0:
        return
    width = 1.0 / rate
    now = time.time()
    slot = int(now / width) + 1
    while not cache.add(f"evidence:host-slot:{host}:{slot}", 1, timeout=int(width * 4) + 60):
        slot += 1
    time.sleep(max(0.0, slot * width - time.time()))


def check_source(source_id: int, *, rate: float) -> CheckOutcome:
    started = time.monotonic()
    source = Source.objects.filter(pk=source_id).only("url").first()
    if source is None:
        return CheckOutcome(source_id, "", "skipped: no such source", 0.0)
    host = host_of(source.url)
    busy = Q(archive_state__in=[ArchiveState.QUEUED, ArchiveState.FETCHING])
    claimed = (
        Source.objects.filter(pk=source_id)
        .exclude(busy)
        .update(archive_state=ArchiveState.QUEUED, archive_requested_at=timezone.now())
    )
    if not claimed:
        return CheckOutcome(source_id, host, "skipped: a job is running", 0.0)
    wait_for_host(host, rate)
    result = run_archive(source_id, check=True)
    return CheckOutcome(source_id, host, result, time.monotonic() - started)


def check_sources(
    source_ids: list[int],
    *,
    rate: float | None = None,
    concurrency: int | None = None,
    report: Callable[[CheckOutcome], None] | None = None,
) -> list[CheckOutcome]:
    """Check these sources; ``concurrency`` 1 runs them in this thread, one after another."""
    rate = settings.FETCH_HOST_RATE if rate is None else rate
    concurrency = max(1, settings.FETCH_CONCURRENCY if concurrency is None else concurrency)
    outcomes: list[CheckOutcome] = []

    def one(source_id: int) -> CheckOutcome:
        outcome = check_source(source_id, rate=rate)
        if report is not None:
            report(outcome)
        return outcome

    if concurrency == 1:
        return [one(source_id) for source_id in source_ids]

    def in_thread(source_id: int) -> CheckOutcome:
        try:
            return one(source_id)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        outcomes = list(pool.map(in_thread, source_ids))
    close_old_connections()
    return outcomes
