"""Timelines: a titled chronology with its editors, published or draft."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from simple_history.models import HistoricalRecords

from timeline.dates import PartialDate, Precision, format_range
from timeline.models.common import (
    CHRONOLOGICAL,
    SUMMARY_MAX_LENGTH,
    PublicationStatus,
    QuickLoading,
    _day_or_coarser,
    language_validator,
    length_limit,
    text_direction,
)


class TimelineQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=PublicationStatus.PUBLISHED)

    def editable_by(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(editors=user)

    def visible_to(self, user):
        """Published timelines, plus drafts for the people who may edit them."""
        if not user.is_authenticated:
            return self.published()
        if user.is_superuser:
            return self
        return self.filter(Q(status=PublicationStatus.PUBLISHED) | Q(editors=user)).distinct()

    def with_live_cursor(self):
        """`live_cursor`: the latest id in the timeline's change log (timeline.live), read in
        the same query as the timeline, before its events: a page's stream resumes from it."""
        from timeline.models.changes import EventChange

        latest = EventChange.objects.filter(timeline_id=OuterRef("pk")).order_by("-pk")
        return self.annotate(live_cursor=Coalesce(Subquery(latest.values("pk")[:1]), 0))

    def for_index(self):
        """Counts, span and last change of what readers see, in the same single query.

        Each figure is a subquery of the timeline's own events rather than an aggregate over a
        join of every event and citation: the outer query needs no GROUP BY, so a timeline of
        10,000 events is not joined, sorted and grouped row by row (30 ms down to a few)."""
        from timeline.models.citations import Citation  # events import timelines
        from timeline.models.events import Event

        published = Event.objects.filter(
            timeline=OuterRef("pk"), status=PublicationStatus.PUBLISHED
        )
        shown = published.filter(deleted_at__isnull=True)
        first = shown.order_by(*CHRONOLOGICAL)
        last = shown.annotate(
            until=Coalesce("end_date", "date"),
            until_precision=Case(
                When(
                    end_date__isnull=False,
                    then=Coalesce("end_precision", Value(Precision.DAY.value)),
                ),
                default=F("precision"),
                output_field=IntegerField(),
            ),
        ).order_by("-until", "-until_precision", "-id")
        sources = Citation.objects.filter(
            event__timeline=OuterRef("pk"),
            event__deleted_at__isnull=True,
            event__status=PublicationStatus.PUBLISHED,
        )
        return self.annotate(
            event_count=Coalesce(_per_timeline(shown, Count("pk")), 0),
            source_count=Coalesce(
                _per_timeline(sources, Count("source", distinct=True), "event__timeline"), 0
            ),
            first_date=Subquery(first.values("date")[:1]),
            first_precision=Subquery(first.values("precision")[:1]),
            first_approximate=Subquery(first.values("approximate")[:1]),
            last_date=Subquery(last.values("until")[:1]),
            last_precision=Subquery(last.values("until_precision")[:1]),
            # Publishing, editing or deleting a published event is a change readers see.
            last_updated=Greatest(
                "updated_at",
                Coalesce(
                    Subquery(published.order_by("-updated_at").values("updated_at")[:1]),
                    "updated_at",
                ),
            ),
        ).order_by("-last_updated", "title")


def _per_timeline(rows, aggregate, timeline_field: str = "timeline"):
    """`aggregate` over `rows` (filtered on OuterRef("pk")), as a scalar subquery."""
    return Subquery(
        rows.order_by().values(timeline_field).annotate(value=aggregate).values("value")[:1]
    )


class ReadingOrder(models.TextChoices):
    """Which end of the chronology a reader starts at (`?order=`; a timeline's default)."""

    OLDEST = "oldest", "Oldest first"
    NEWEST = "newest", "Newest first"


class Timeline(QuickLoading, models.Model):
    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=200, error_messages={"blank": "Give the timeline a title."})
    summary = models.TextField(
        blank=True,
        max_length=SUMMARY_MAX_LENGTH,
        validators=[length_limit(SUMMARY_MAX_LENGTH, "The summary")],
        help_text="Markdown.",
    )
    language = models.CharField(
        max_length=16, default="en", blank=True, validators=[language_validator]
    )
    status = models.CharField(
        max_length=10, choices=PublicationStatus.choices, default=PublicationStatus.DRAFT
    )
    editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="editable_timelines"
    )
    # A live story may publish as it goes; a slow one reviews drafts first.
    default_event_status = models.CharField(
        "new events are",
        max_length=10,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
    )
    # "What we know": the pinned summary of a developing story, with its own update time.
    what_we_know = models.TextField(
        blank=True,
        max_length=SUMMARY_MAX_LENGTH,
        validators=[length_limit(SUMMARY_MAX_LENGTH, "What we know")],
        help_text="Markdown.",
    )
    what_we_know_updated_at = models.DateTimeField(null=True, blank=True)
    default_order = models.CharField(
        max_length=6,
        choices=ReadingOrder.choices,
        default=ReadingOrder.OLDEST,
        help_text="Where readers start: a story followed live usually reads newest first.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = TimelineQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=PublicationStatus.values), name="timeline_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(default_event_status__in=PublicationStatus.values),
                name="timeline_default_event_status_valid",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("timeline:chronology", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.status == PublicationStatus.PUBLISHED

    @property
    def direction(self) -> str:
        return text_direction(self.language)

    @property
    def span(self) -> str:
        """'1972 – 15 May 2025': first to last published event (needs `for_index()`)."""
        first_date = getattr(self, "first_date", None)
        last_date = getattr(self, "last_date", None)
        if first_date is None or last_date is None:
            return ""
        start = PartialDate(
            first_date,
            _day_or_coarser(self.first_precision),
            approximate=bool(self.first_approximate),
        )
        end = PartialDate(last_date, _day_or_coarser(self.last_precision))
        if end.date <= start.date and end.precision == start.precision:
            return start.display()
        return format_range(start, end)

    def can_edit(self, user) -> bool:
        if not user.is_authenticated:
            return False
        if user.is_superuser:
            return True
        return self.editors.filter(pk=user.pk).exists()


# --- Taxonomy, actors, places -----------------------------------------------------------------
