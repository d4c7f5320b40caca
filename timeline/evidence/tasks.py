"""Background jobs (Django's tasks API through django-tasks; the worker is ``manage.py db_worker``).

Each job only names the source by id and does its work in ``timeline.evidence.archive``, which
is idempotent: a job whose source is not queued any more does nothing.
"""

from __future__ import annotations

from django_tasks import task

from .archive import run_archive


@task()
def archive_source(source_id: int, attempt: int = 1, timeline_id: int | None = None, check=False):
    """Fetch a source, keep a snapshot, read it; retried with backoff on transient failures."""
    return run_archive(source_id, attempt=attempt, timeline_id=timeline_id, check=check)
