"""Sources: the articles and documents that report events."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Q,
)
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from timeline.dates import Precision
from timeline.models.common import (
    SOURCE_TEXT_MAX_LENGTH,
    PublicationStatus,
    QuickLoading,
    language_validator,
    length_limit,
    text_direction,
)
from timeline.text.urlnorm import normalize_url, validate_web_url


def _cited(**event_lookups) -> Exists:
    """Whether some citation of the source has an event matching ``event_lookups``."""
    from timeline.models.citations import Citation  # citations depend on sources

    lookups = {f"event__{name}": value for name, value in event_lookups.items()}
    return Exists(Citation.objects.filter(source=OuterRef("pk"), **lookups))


class SourceQuerySet(models.QuerySet):
    """Who sees a source (issue 13): a source cited by a published event of a published
    timeline is public, and so is one that nothing cites and no one is recorded as adding (an
    admin's, or one older than that record). One cited only by drafts or deleted events, or
    added by an editor and not cited yet, is shown to the editors of the timelines that cite it
    and to whoever added it, and does not exist for anyone else.
    """

    @staticmethod
    def _unclaimed() -> Q:
        """Nothing cites it and no one is recorded as adding it."""
        from timeline.models.citations import Citation

        return Q(created_by__isnull=True) & ~Q(
            Exists(Citation.objects.filter(source=OuterRef("pk")))
        )

    def _public(self) -> Q:
        published = _cited(
            deleted_at__isnull=True,
            status=PublicationStatus.PUBLISHED,
            timeline__status=PublicationStatus.PUBLISHED,
        )
        return Q(published) | self._unclaimed()

    def public(self):
        return self.filter(self._public())

    def visible_to(self, user):
        if not user.is_authenticated:
            return self.public()
        if user.is_superuser:
            return self
        return self.filter(self._public() | Q(_cited(timeline__editors=user)) | Q(created_by=user))

    def changeable_by(self, user):
        """Sources a user may change (their stored text): admins any; others the sources they
        added, those cited by a timeline they edit, and unclaimed ones (no one's yet). Citing a
        source changes nothing in it."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(
            Q(_cited(timeline__editors=user)) | Q(created_by=user) | self._unclaimed()
        )

    def search(self, text: str):
        """Sources whose title or publisher contains ``text`` (ignoring case)."""
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(Q(title__icontains=text) | Q(publisher__icontains=text))

    def with_status(self, status: str):
        """``live``, ``dead``, ``changed``, ``usurped``, or ``quote-missing``: a citation's quote
        is in the archived copy but no longer in the newest one."""
        if status == "quote-missing":
            return self.filter(
                citations__quote_archived=True, citations__quote_current=False
            ).distinct()
        if status in UrlStatus.values:
            return self.filter(url_status=status)
        return self

    def for_list(self):
        """The sources list: how many published events cite each, newest first. One query."""
        cited = Q(
            citations__event__deleted_at__isnull=True,
            citations__event__status=PublicationStatus.PUBLISHED,
            citations__event__timeline__status=PublicationStatus.PUBLISHED,
        )
        return self.annotate(
            event_count=Count("citations__event", filter=cited, distinct=True)
        ).order_by(models.F("published_at").desc(nulls_last=True), "title", "pk")


class UrlStatus(models.TextChoices):
    """A source URL's status in Wikipedia's words (``url-status``); blank: not checked yet."""

    LIVE = "live", "Live"
    DEAD = "dead", "Dead"
    CHANGED = "changed", "Changed"
    USURPED = "usurped", "Usurped"


class ArchiveState(models.TextChoices):
    """Where the archive job of a source stands; blank: never asked for (no URL, or old data)."""

    QUEUED = "queued", "Queued"
    FETCHING = "fetching", "Fetching"
    ARCHIVED = "archived", "Archived"
    FAILED = "failed", "Failed"


# The job's bookkeeping changes on every fetch: it stays out of the source's history.
EVIDENCE_STATE_FIELDS = [
    "url_status",
    "archive_state",
    "archive_error",
    "archive_requested_at",
    "checked_at",
    "failed_checks",
]


class Source(QuickLoading, models.Model):
    """One article or document. Its URL, when it has one, is unique after normalisation."""

    url = models.CharField("URL", max_length=2000, blank=True, validators=[validate_web_url])
    normalized_url = models.CharField(max_length=2000, blank=True, editable=False, db_index=True)
    title = models.CharField(max_length=500, error_messages={"blank": "Give the source a title."})
    publisher = models.CharField(max_length=200, blank=True)
    author = models.CharField(max_length=300, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # How much of published_at is known (timeline.dates.Precision: 1 year, 2 month, 3 day);
    # empty: the moment itself.
    published_precision = models.PositiveSmallIntegerField(null=True, blank=True)
    language = models.CharField(max_length=16, blank=True, validators=[language_validator])
    accessed_at = models.DateTimeField(null=True, blank=True)
    archive_url = models.CharField(
        "archive URL", max_length=2000, blank=True, validators=[validate_web_url]
    )
    text = models.TextField(
        blank=True,
        max_length=SOURCE_TEXT_MAX_LENGTH,
        validators=[length_limit(SOURCE_TEXT_MAX_LENGTH, "The article's text")],
        help_text="The article's text, when pasted in.",
    )
    url_status = models.CharField(
        "URL status", max_length=10, choices=UrlStatus.choices, blank=True
    )
    archive_state = models.CharField(max_length=10, choices=ArchiveState.choices, blank=True)
    archive_error = models.CharField(
        max_length=500,
        blank=True,
        help_text="Why the last fetch failed, or what it could not read.",
    )
    archive_requested_at = models.DateTimeField(null=True, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    failed_checks = models.PositiveSmallIntegerField(
        default=0, help_text="Failed fetches in a row (two make the URL dead)."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text="Who added it: they may see and change it before any timeline cites it.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=EVIDENCE_STATE_FIELDS)
    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["normalized_url"],
                condition=~Q(normalized_url=""),
                name="source_unique_url",
                violation_error_message="A source with this URL already exists.",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.normalized_url = normalize_url(self.url)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("timeline:source", kwargs={"pk": self.pk})

    def clean(self):
        self.url = (self.url or "").strip()
        self.normalized_url = normalize_url(self.url)

    def validate_constraints(self, exclude=None):
        # normalized_url is not editable, so a form would exclude it: check duplicates anyway.
        if exclude:
            exclude = set(exclude) - {"normalized_url"}
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            messages = error.message_dict if hasattr(error, "error_dict") else {}
            if any("already exists" in m for m in messages.get("__all__", [])):
                raise ValidationError({"url": "A source with this URL already exists."}) from error
            raise

    @property
    def direction(self) -> str:
        return text_direction(self.language)

    @property
    def archive_busy(self) -> bool:
        """A job is queued or running: the status keeps polling."""
        return self.archive_state in (ArchiveState.QUEUED, ArchiveState.FETCHING)

    @property
    def credit(self) -> str:
        """'Publisher, 10 May 2025' (or whichever parts are known)."""
        parts = [self.publisher or "", self.published_display]
        return ", ".join(p for p in parts if p) or self.title

    @property
    def site(self) -> str:
        """The web site the source is on ("www.dawn.com"), if it has an http(s) URL."""
        parts = urlsplit((self.url or "").strip())
        if parts.scheme.lower() not in ("http", "https"):
            return ""
        return (parts.hostname or "").lower().removeprefix("www.")

    @property
    def attribution_credit(self) -> str:
        """What follows a claim on a card: 'Dawn, 11 May 2025' (the publisher or else the site,
        and the date). Never the headline: the citation below the claims shows that."""
        parts = [self.publisher or self.site, self.published_display]
        return ", ".join(p for p in parts if p)

    @property
    def published_display(self) -> str:
        """'10 May 2025', or 'May 2025' / '2025' when only that much of the date is known."""
        if not self.published_at:
            return ""
        moment = timezone.localtime(self.published_at)
        if self.published_precision == Precision.YEAR:
            return moment.strftime("%Y")
        if self.published_precision == Precision.MONTH:
            return moment.strftime("%B %Y")
        return moment.strftime("%-d %B %Y")

    @property
    def publisher_key(self) -> str:
        """What makes two sources independent: different publishers (or unknown publishers)."""
        return self.publisher.strip().casefold() or f"source-{self.pk}"


# --- Events ----------------------------------------------------------------------------------
