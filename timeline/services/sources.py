"""Sources: created inline from a citation, or from a pasted article after its metadata review."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from timeline.models import Source
from timeline.services.stamping import stamp
from timeline.text.urlnorm import normalize_url


@dataclass(frozen=True)
class NewSource:
    title: str
    url: str = ""
    publisher: str = ""
    published_on: datetime.date | None = None
    # timeline.dates.Precision of published_on (a citation may give only "May 2025").
    published_precision: int | None = None


def source_create(*, new: NewSource, user, when=None) -> Source:
    published_at = None
    if new.published_on:
        published_at = datetime.datetime.combine(
            new.published_on, datetime.time(0, 0), tzinfo=datetime.UTC
        )
    source = Source(
        url=new.url.strip(),
        title=new.title.strip(),
        publisher=new.publisher.strip(),
        published_at=published_at,
        created_by=user if getattr(user, "is_authenticated", False) else None,
        published_precision=new.published_precision if published_at else None,
    )
    stamp(source, user, when or timezone.now()).save()
    return source


class DuplicateSource(Exception):
    def __init__(self, source: Source):
        super().__init__(f"Source {source.pk} has this URL.")
        self.source = source


def existing_source(url: str) -> Source | None:
    """The source already stored under this URL (after normalisation), if any."""
    normalized = normalize_url(url)
    if not normalized:
        return None
    return Source.objects.filter(normalized_url=normalized).first()


def article_source_create(
    *,
    url: str,
    title: str,
    publisher: str,
    author: str,
    published_at: datetime.datetime | None,
    language: str,
    text: str,
    user,
) -> Source:
    """A new source from a reviewed article; DuplicateSource if its URL is taken meanwhile."""
    source = Source(
        url=url.strip(),
        title=title.strip(),
        publisher=publisher.strip(),
        author=author.strip(),
        published_at=published_at,
        language=language.strip(),
        accessed_at=timezone.now(),
        text=text,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    stamp(source, user, timezone.now())
    try:
        with transaction.atomic():
            source.save()
    except IntegrityError:
        existing = existing_source(source.url)
        if existing is None:
            raise
        raise DuplicateSource(existing) from None
    return source


def article_source_reuse(source: Source, *, text: str, user, may_change: bool) -> Source:
    """Use an existing source; give it the pasted text when it has none yet and the user may
    change it (see `timeline.rights.may_change_source`)."""
    if may_change and not source.text.strip() and text.strip():
        source.text = text
        stamp(source, user, timezone.now())
        source.save(update_fields=["text", "normalized_url", "updated_at"])
    return source


def source_add_by_url(*, url: str, user) -> tuple[Source, bool]:
    """The source for this URL: the existing one (after normalisation) or a new one, titled by
    its URL until the archive job reads the page. Returns (source, created)."""
    existing = existing_source(url)
    if existing is not None:
        return existing, False
    source = Source(url=url.strip(), title=url.strip()[:500], accessed_at=None)
    stamp(source, user, timezone.now())
    try:
        with transaction.atomic():
            source.save()
    except IntegrityError:
        existing = existing_source(url)
        if existing is None:
            raise
        return existing, False
    return source, True
