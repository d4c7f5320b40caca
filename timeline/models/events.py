"""Events (with their partial dates, actors and standing derived from citations) and the
QuerySets the reader and editor pages use."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat, Lower, Trim
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from timeline.dates import PartialDate, Precision
from timeline.models.actors import Actor
from timeline.models.citations import Citation, Stance
from timeline.models.common import (
    CHRONOLOGICAL,
    CHRONOLOGICAL_PLACE,
    NOTES_MAX_LENGTH,
    SUMMARY_MAX_LENGTH,
    GeoPrecision,
    PublicationStatus,
    QuickLoading,
    language_validator,
    length_limit,
    text_direction,
)
from timeline.models.event_types import EventType
from timeline.models.places import Place
from timeline.models.tags import TagsInHistory
from timeline.models.timelines import Timeline


class Standing(models.TextChoices):
    CONFIRMED = "confirmed", "Confirmed"
    REPORTED = "reported", "Reported"
    DISPUTED = "disputed", "Disputed"
    UNSOURCED = "unsourced", "Unsourced"


def standing_from_citations(citations) -> str:
    """Confirmed: two or more independent sources assert. Reported: one. Disputed: a denial."""
    citations = list(citations)
    if any(c.stance == Stance.DENIES for c in citations):
        return Standing.DISPUTED
    publishers = {c.source.publisher_key for c in citations if c.stance == Stance.ASSERTS}
    if len(publishers) >= 2:
        return Standing.CONFIRMED
    if publishers:
        return Standing.REPORTED
    return Standing.UNSOURCED


class EventQuerySet(models.QuerySet):
    def alive(self):
        return self.filter(deleted_at__isnull=True)

    def deleted(self):
        return self.filter(deleted_at__isnull=False)

    def published(self):
        return self.alive().filter(
            status=PublicationStatus.PUBLISHED, timeline__status=PublicationStatus.PUBLISHED
        )

    def visible_to(self, user, timeline: Timeline | None = None, *, can_edit: bool | None = None):
        """Alive events a user may see: published ones, drafts too for the timeline's editors.

        A view that already knows `can_edit` passes it, saving the editors query.
        """
        events = self.alive()
        if can_edit is None:
            can_edit = timeline is not None and timeline.can_edit(user)
        if can_edit:
            return events
        return events.filter(status=PublicationStatus.PUBLISHED)

    def with_standing(self):
        """Annotate `standing_value`, the same rule as `standing_from_citations`, in SQL.

        The chronology filters on standing before paginating, so it cannot be computed in Python.
        """
        citations = Citation.objects.filter(event=OuterRef("pk"))
        publisher = Trim("source__publisher")
        independent_publishers = (
            citations.filter(stance=Stance.ASSERTS)
            .annotate(
                publisher_key=Case(
                    When(
                        Q(source__publisher__isnull=True) | Q(source__publisher__regex=r"^\s*$"),
                        then=Concat(Value("source-"), Cast("source_id", CharField())),
                    ),
                    default=Lower(publisher),
                    output_field=CharField(),
                )
            )
            .order_by()
            .values("event")
            .annotate(n=Count("publisher_key", distinct=True))
            .values("n")
        )
        return self.alias(
            asserting_publishers=Coalesce(Subquery(independent_publishers), 0),
        ).annotate(
            standing_value=Case(
                When(Exists(citations.filter(stance=Stance.DENIES)), then=Value(Standing.DISPUTED)),
                When(asserting_publishers__gte=2, then=Value(Standing.CONFIRMED)),
                When(asserting_publishers=1, then=Value(Standing.REPORTED)),
                default=Value(Standing.UNSOURCED),
                output_field=CharField(),
            )
        )

    def chronological(self):
        return self.order_by(*CHRONOLOGICAL)

    def for_chronology(self):
        """Everything a chronology card shows, in a constant number of queries."""
        return self.for_cards().prefetch_related(*card_prefetches())

    def with_neighbours(self, among):
        """Annotate `previous_id`, `next_id`, `rank` and `total`: the event's place in the
        chronological order of `among` (the events the reader may see), without reading them all.

        Within one date and precision, either every event has a time or none does (a check
        constraint), so comparing times with NULL read as midnight orders them as
        `chronological()` does on every database.
        """
        midnight = Value(datetime.time(0), output_field=models.TimeField())
        among = among.order_by().alias(clock=Coalesce("time", midnight))
        keys = tuple("clock" if key == "time" else key for key in CHRONOLOGICAL)
        before, after = Q(pk__in=[]), Q(pk__in=[])
        for index, name in enumerate(keys):
            same = {key: OuterRef(key) for key in keys[:index]}
            before |= Q(**same, **{f"{name}__lt": OuterRef(name)})
            after |= Q(**same, **{f"{name}__gt": OuterRef(name)})
        earlier = among.filter(before)
        later = among.filter(after)

        def count(events):
            counted = events.values("timeline").annotate(n=Count("id")).values("n")
            return Coalesce(Subquery(counted), 0)

        return self.alias(clock=Coalesce("time", midnight)).annotate(
            previous_id=Subquery(earlier.order_by(*[f"-{k}" for k in keys]).values("id")[:1]),
            next_id=Subquery(later.order_by(*keys).values("id")[:1]),
            rank=count(earlier) + 1,
            total=count(among),
        )

    def for_cards(self):
        """The rows a card's cache key needs; `card_prefetches()` adds the rest when rendering
        (timeline.caching.cards prefetches only for the cards it has to render)."""
        return self.select_related("event_type", "place", "timeline")

    def for_export(self, *, include_drafts: bool = False):
        """Alive events with everything an export writes, in a constant number of queries.

        The orderings depend on content and on creation order only, so that an export
        imported elsewhere and exported again comes out identical (see timeline.formats).
        """
        events = self.alive()
        if not include_drafts:
            events = events.filter(status=PublicationStatus.PUBLISHED)
        return (
            events.select_related("event_type", "place", "timeline")
            .prefetch_related(
                Prefetch(
                    "event_actors",
                    queryset=EventActor.objects.select_related("actor").order_by(
                        "role", "actor__slug"
                    ),
                ),
                Prefetch("citations", queryset=Citation.objects.select_related("source")),
                "tags",
            )
            .chronological()
        )


def card_prefetches() -> list[Prefetch]:
    """What an event card shows beyond its row, type, place and timeline."""
    return [
        Prefetch(
            "event_actors",
            queryset=EventActor.objects.select_related("actor").order_by("role", "actor__name"),
        ),
        Prefetch(
            "citations",
            queryset=Citation.objects.select_related("source").order_by(
                "source__published_at", "id"
            ),
        ),
        "tags",
    ]


def event_start(row) -> PartialDate:
    """The start of an event, or of one of its historical rows, as a PartialDate."""
    return PartialDate(
        row.date,
        Precision(row.precision),
        time=row.time,
        utc_offset=row.utc_offset,
        approximate=row.approximate,
    )


def event_end(row) -> PartialDate | None:
    """The end of an event's span (or of a historical row's); None for a single date."""
    if row.end_date is None:
        return None
    return PartialDate(row.end_date, Precision(row.end_precision or Precision.DAY))


class Event(QuickLoading, models.Model):
    timeline = models.ForeignKey(Timeline, on_delete=models.CASCADE, related_name="events")
    title = models.CharField(max_length=300, error_messages={"blank": "Give the event a title."})
    summary = models.TextField(
        blank=True,
        max_length=SUMMARY_MAX_LENGTH,
        validators=[length_limit(SUMMARY_MAX_LENGTH, "The summary")],
        help_text="Markdown.",
    )
    notes = models.TextField(
        blank=True,
        max_length=NOTES_MAX_LENGTH,
        validators=[length_limit(NOTES_MAX_LENGTH, "The notes")],
        help_text="Editors' notes: how the date was established, open questions.",
    )
    language = models.CharField(
        max_length=16,
        blank=True,
        validators=[language_validator],
        help_text="Blank: the timeline's language.",
    )
    event_type = models.ForeignKey(
        EventType, on_delete=models.PROTECT, related_name="events", verbose_name="type"
    )
    actors = models.ManyToManyField(Actor, through="EventActor", related_name="events", blank=True)
    place = models.ForeignKey(
        Place, on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )
    geo_precision = models.PositiveSmallIntegerField(
        "geographic precision",
        choices=GeoPrecision.choices,
        null=True,
        blank=True,
        help_text="Blank: the place's own. Coarser when the report locates the event loosely.",
    )
    fatalities = models.PositiveIntegerField(
        null=True, blank=True, help_text="The lowest figure reported; blank when unknown."
    )
    # Identity in the dataset an event came from ("acled:IND12345", "gdelt:1234567890", a
    # TimelineJS unique_id, "demo:ceasefire-announced"): re-imports update the event in place.
    external_id = models.CharField("external id", max_length=200, blank=True)
    # What the source dataset says that has no field of its own (ACLED disorder_type and
    # interaction, GDELT tone, TimelineJS media and background...): kept, exported back.
    dataset_fields = models.JSONField("dataset fields", default=dict, blank=True)
    # A hash of what the last import wrote: a later import tells hand edits from its own.
    import_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    tags = models.ManyToManyField("timeline.Tag", related_name="events", blank=True)

    # The partial date: see timeline.dates. `date` is the first day of the period it names.
    date = models.DateField()
    precision = models.PositiveSmallIntegerField(
        choices=[(p.value, p.label) for p in Precision], default=Precision.DAY.value
    )
    time = models.TimeField(null=True, blank=True)
    utc_offset = models.SmallIntegerField(
        null=True, blank=True, help_text="Minutes east of UTC; blank when the zone is unknown."
    )
    approximate = models.BooleanField(default=False)
    end_date = models.DateField(null=True, blank=True)
    end_precision = models.PositiveSmallIntegerField(
        choices=[(p.value, p.label) for p in Precision], null=True, blank=True
    )

    position = models.IntegerField(default=0, help_text="Order among events of the same date.")
    status = models.CharField(
        max_length=10, choices=PublicationStatus.choices, default=PublicationStatus.DRAFT
    )
    deleted_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # When readers could first see it: what "new since your last visit" compares. Empty for an
    # event never published (or published by a bulk import: its creation time stands in).
    first_published_at = models.DateTimeField(null=True, blank=True, editable=False)

    # Each historical row also records the event's tags (see timeline.services.tags).
    history = HistoricalRecords(bases=[TagsInHistory])
    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = list(CHRONOLOGICAL)
        indexes = [
            models.Index(fields=["timeline", *CHRONOLOGICAL_PLACE]),
            # The timeline header's latest change and last day (`Timeline.for_index`) each
            # read one row from these instead of every event of the timeline.
            models.Index(fields=["timeline", "updated_at"], name="event_timeline_updated"),
            models.Index(F("timeline"), Coalesce("end_date", "date"), name="event_timeline_until"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["timeline", "external_id"],
                condition=~Q(external_id=""),
                name="event_external_id_unique",
                violation_error_message="Another event of this timeline has this external id.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=PublicationStatus.values), name="event_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(precision__in=[p.value for p in Precision]),
                name="event_precision_valid",
            ),
            models.CheckConstraint(
                condition=Q(end_precision__isnull=True)
                | Q(end_precision__in=[p.value for p in Precision]),
                name="event_end_precision_valid",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("date")),
                name="event_end_not_before_start",
            ),
            models.CheckConstraint(
                condition=Q(time__isnull=True, precision__lt=Precision.MINUTE.value)
                | Q(time__isnull=False, precision=Precision.MINUTE.value),
                name="event_time_iff_minute_precision",
            ),
            models.CheckConstraint(
                condition=Q(utc_offset__isnull=True)
                | Q(utc_offset__gte=-18 * 60, utc_offset__lte=18 * 60, time__isnull=False),
                name="event_utc_offset_valid",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="event_version_positive"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.status == PublicationStatus.PUBLISHED and self.first_published_at is None:
            self.first_published_at = timezone.now()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "first_published_at"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("timeline:event", kwargs={"slug": self.timeline.slug, "pk": self.pk})

    @property
    def new_since(self):
        """The moment a reader's "new since your last visit" compares with."""
        return self.first_published_at or self.created_at

    def clean(self):
        errors = {}
        start = self._partial_date_or_error(errors, "date")
        end = None
        if self.end_date is not None:
            if self.end_precision is None:
                self.end_precision = Precision.DAY
            end = self._partial_date_or_error(errors, "end_date", end=True)
        if start and end and end.end_of_period() < start.date:
            errors["end_date"] = ValidationError(
                "The end date (%(end)s) is before the start date (%(start)s).",
                code="end_before_start",
                params={"end": end.display(), "start": start.display()},
            )
        if errors:
            raise ValidationError(errors)

    def _partial_date_or_error(self, errors, field, end=False):
        try:
            if end:
                return PartialDate(self.end_date, Precision(self.end_precision))
            return event_start(self)
        except (TypeError, ValueError) as error:
            errors[field] = ValidationError(
                "The date does not match its precision: %(error)s",
                code="precision_mismatch",
                params={"error": error},
            )
            return None

    # Derived values ---------------------------------------------------------------------

    @property
    def partial_date(self) -> PartialDate:
        return event_start(self)

    @property
    def partial_end_date(self) -> PartialDate | None:
        return event_end(self)

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_published(self) -> bool:
        return self.status == PublicationStatus.PUBLISHED

    @property
    def effective_language(self) -> str:
        return self.language or self.timeline.language

    @property
    def direction(self) -> str:
        return text_direction(self.effective_language)

    @property
    def standing(self) -> str:
        """Derived from the citations (uses the prefetched ones when present)."""
        return standing_from_citations(self.citations.all())

    @property
    def first_reported_at(self) -> datetime.datetime | None:
        """The second clock: when the earliest citing source was published."""
        dates = [c.source.published_at for c in self.citations.all() if c.source.published_at]
        return min(dates) if dates else None

    @property
    def reporting_lag(self) -> datetime.timedelta | None:
        """How long after it happened the event was first reported (day precision or finer)."""
        reported = self.first_reported_at
        if reported is None or self.precision < Precision.DAY:
            return None
        reported_day = timezone.localtime(reported).date()
        return reported_day - (self.end_date or self.date)


class ActorRole(models.TextChoices):
    INITIATOR = "initiator", "Initiator"
    TARGET = "target", "Target"
    MEDIATOR = "mediator", "Mediator"
    SPEAKER = "speaker", "Speaker"
    OTHER = "other", "Other"


class EventActor(QuickLoading, models.Model):
    """An actor's part in an event: who did it, to whom, who mediated."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="event_actors")
    actor = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="event_roles")
    role = models.CharField(max_length=20, choices=ActorRole.choices, default=ActorRole.INITIATOR)

    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "actor__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "actor", "role"],
                name="event_actor_role_unique",
                violation_error_message="This actor already has this role in the event.",
            ),
            models.CheckConstraint(
                condition=Q(role__in=ActorRole.values), name="event_actor_role_valid"
            ),
        ]

    def __str__(self):
        return f"{self.actor} ({self.get_role_display()})"
