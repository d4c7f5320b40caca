"""The data model: timelines of events, each event tied to the sources that report it.

Reads live in QuerySet methods named after what a page needs; writes that touch several rows
live in `timeline.services`.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxLengthValidator,
    MaxValueValidator,
    MinValueValidator,
    RegexValidator,
)
from django.db import models
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat, Greatest, Lower, Trim
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from timeline.dates import PartialDate, Precision, format_range
from timeline.urlnorm import normalize_url, validate_web_url

colour_validator = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", "Enter a colour as #RRGGBB, for example #b91c1c.", code="colour"
)
country_validator = RegexValidator(
    r"^([A-Z]{2})?$", "Enter a two-letter ISO country code in capitals, e.g. IN.", code="country"
)
language_validator = RegexValidator(
    r"^([a-z]{2,3}(-[A-Za-z0-9]{2,8})*)?$",
    "Enter a language code such as en, hi, ur or pt-BR.",
    code="language",
)

# Languages written right to left, for dir="rtl" on user text.
RTL_LANGUAGES = {"ar", "fa", "he", "ps", "sd", "ug", "ur", "yi", "dv", "ckb"}


def text_direction(language: str) -> str:
    return "rtl" if (language or "").split("-")[0].lower() in RTL_LANGUAGES else "ltr"


def _day_or_coarser(precision: int) -> Precision:
    # A span is shown to the day: a time of day would need the time itself.
    return min(Precision(precision), Precision.DAY)


def split_aliases(aliases: str) -> list[str]:
    return [line.strip() for line in (aliases or "").splitlines() if line.strip()]


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


# --- Timeline -----------------------------------------------------------------------------


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

    def for_index(self):
        """Counts, span and last change of what readers see, in the same single query."""
        alive = Q(events__deleted_at__isnull=True, events__status=PublicationStatus.PUBLISHED)
        shown = Event.objects.filter(
            timeline=OuterRef("pk"), deleted_at__isnull=True, status=PublicationStatus.PUBLISHED
        )
        first = shown.order_by("date", "precision", "time", "position", "id")
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
        return self.annotate(
            event_count=Count("events", filter=alive, distinct=True),
            source_count=Count("events__citations__source", filter=alive, distinct=True),
            first_date=Subquery(first.values("date")[:1]),
            first_precision=Subquery(first.values("precision")[:1]),
            first_approximate=Subquery(first.values("approximate")[:1]),
            last_date=Subquery(last.values("until")[:1]),
            last_precision=Subquery(last.values("until_precision")[:1]),
            # Publishing, editing or deleting a published event is a change readers see.
            last_updated=Greatest(
                "updated_at",
                Coalesce(
                    Max(
                        "events__updated_at",
                        filter=Q(events__status=PublicationStatus.PUBLISHED),
                    ),
                    "updated_at",
                ),
            ),
        ).order_by("-last_updated", "title")


class Timeline(models.Model):
    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=200, error_messages={"blank": "Give the timeline a title."})
    summary = models.TextField(blank=True, help_text="Markdown.")
    language = models.CharField(
        max_length=16, default="en", blank=True, validators=[language_validator]
    )
    status = models.CharField(
        max_length=10, choices=PublicationStatus.choices, default=PublicationStatus.DRAFT
    )
    editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="editable_timelines"
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


class EventType(models.Model):
    """One kind of event, mapped to the CAMEO and ACLED vocabularies."""

    slug = models.SlugField(max_length=60, unique=True)
    label = models.CharField(max_length=100)
    colour = models.CharField(max_length=7, default="#4b5563", validators=[colour_validator])
    description = models.TextField(blank=True)
    cameo_code = models.CharField(
        "CAMEO code",
        max_length=4,
        blank=True,
        validators=[RegexValidator(r"^\d{2,4}$", "A CAMEO code is 2 to 4 digits.")],
    )
    acled_event_type = models.CharField("ACLED event type", max_length=100, blank=True)
    acled_sub_event_type = models.CharField("ACLED sub-event type", max_length=100, blank=True)

    class Meta:
        ordering = ["label"]

    def __str__(self):
        return self.label


class ActorKind(models.TextChoices):
    STATE = "state", "State"
    GOVERNMENT = "government", "Government or official"
    MILITARY = "military", "Military"
    ARMED_GROUP = "armed_group", "Armed group"
    INTERNATIONAL = "international", "International organisation"
    PERSON = "person", "Person"
    OTHER = "other", "Other"


class Actor(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=ActorKind.choices, default=ActorKind.OTHER)
    country_code = models.CharField(
        max_length=2, blank=True, validators=[country_validator], help_text="ISO 3166-1 alpha-2."
    )
    aliases = models.TextField(blank=True, help_text="Other names, one a line.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ActorKind.values), name="actor_kind_valid"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("timeline:actor", kwargs={"slug": self.slug})

    @property
    def alias_list(self) -> list[str]:
        return split_aliases(self.aliases)


class Place(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    country_code = models.CharField(max_length=2, blank=True, validators=[country_validator])
    latitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    aliases = models.TextField(blank=True, help_text="Other names, one a line.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="place_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="place_longitude_range",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def alias_list(self) -> list[str]:
        return split_aliases(self.aliases)


# --- Sources ---------------------------------------------------------------------------------


class SourceQuerySet(models.QuerySet):
    def search(self, text: str):
        """Sources whose title or publisher contains ``text`` (ignoring case)."""
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(Q(title__icontains=text) | Q(publisher__icontains=text))

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


class Source(models.Model):
    """One article or document. Its URL, when it has one, is unique after normalisation."""

    url = models.CharField("URL", max_length=2000, blank=True, validators=[validate_web_url])
    normalized_url = models.CharField(max_length=2000, blank=True, editable=False, db_index=True)
    title = models.CharField(max_length=500, error_messages={"blank": "Give the source a title."})
    publisher = models.CharField(max_length=200, blank=True)
    author = models.CharField(max_length=300, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(max_length=16, blank=True, validators=[language_validator])
    accessed_at = models.DateTimeField(null=True, blank=True)
    archive_url = models.CharField(
        "archive URL", max_length=2000, blank=True, validators=[validate_web_url]
    )
    text = models.TextField(blank=True, help_text="The article's text, when pasted in.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
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
    def credit(self) -> str:
        """'Publisher, 10 May 2025' (or whichever parts are known)."""
        parts = [self.publisher or ""]
        if self.published_at:
            parts.append(timezone.localtime(self.published_at).strftime("%-d %B %Y"))
        return ", ".join(p for p in parts if p) or self.title

    @property
    def publisher_key(self) -> str:
        """What makes two sources independent: different publishers (or unknown publishers)."""
        return self.publisher.strip().casefold() or f"source-{self.pk}"


# --- Events ----------------------------------------------------------------------------------


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
        return self.order_by("date", "precision", "time", "position", "id")

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
        keys = ("date", "precision", "clock", "position", "id")
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
        (timeline.card_cache prefetches only for the cards it has to render)."""
        return self.select_related("event_type", "place", "timeline")

    def for_export(self, *, include_drafts: bool = False):
        """Alive events with everything an export writes, in a constant number of queries.

        The orderings depend on content and on creation order only, so that an export
        imported elsewhere and exported again comes out identical (see timeline.exports).
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
    ]


class Event(models.Model):
    timeline = models.ForeignKey(Timeline, on_delete=models.CASCADE, related_name="events")
    title = models.CharField(max_length=300, error_messages={"blank": "Give the event a title."})
    summary = models.TextField(blank=True, help_text="Markdown.")
    notes = models.TextField(
        blank=True, help_text="Editors' notes: how the date was established, open questions."
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

    history = HistoricalRecords()
    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["date", "precision", "time", "position", "id"]
        indexes = [
            models.Index(fields=["timeline", "date", "precision", "time", "position"]),
        ]
        constraints = [
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

    def get_absolute_url(self):
        return reverse("timeline:event", kwargs={"slug": self.timeline.slug, "pk": self.pk})

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
            return PartialDate(
                self.date,
                Precision(self.precision),
                time=self.time,
                utc_offset=self.utc_offset,
                approximate=self.approximate,
            )
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
        return PartialDate(
            self.date,
            Precision(self.precision),
            time=self.time,
            utc_offset=self.utc_offset,
            approximate=self.approximate,
        )

    @property
    def partial_end_date(self) -> PartialDate | None:
        if self.end_date is None:
            return None
        return PartialDate(self.end_date, Precision(self.end_precision or Precision.DAY))

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


class EventActor(models.Model):
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


class Stance(models.TextChoices):
    ASSERTS = "asserts", "Asserts"
    DENIES = "denies", "Denies"


QUOTE_MAX_LENGTH = 2000


class Citation(models.Model):
    """A source's support for an event: the exact quote, who says it, and whether they deny it."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="citations")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")
    quote = models.TextField(
        max_length=QUOTE_MAX_LENGTH,
        blank=True,
        validators=[MaxLengthValidator(QUOTE_MAX_LENGTH)],
        help_text="The exact supporting words from the source.",
    )
    attribution = models.CharField(
        max_length=300,
        blank=True,
        help_text="Who says it, e.g. “Indian officials”. Blank: the source says it itself.",
    )
    stance = models.CharField(max_length=10, choices=Stance.choices, default=Stance.ASSERTS)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "source"],
                name="citation_unique_event_source",
                violation_error_message="This source is already cited for this event.",
            ),
            models.CheckConstraint(
                condition=Q(stance__in=Stance.values), name="citation_stance_valid"
            ),
        ]

    def __str__(self):
        return f"{self.source} → {self.event}"

    @property
    def claimant(self) -> str:
        """Who makes the claim: the attribution, else the source itself."""
        return self.attribution or self.source.publisher or self.source.title

    @property
    def denies(self) -> bool:
        return self.stance == Stance.DENIES

    @property
    def claim(self) -> str:
        """'According to Indian officials' / 'Pakistan denied' / 'According to Reuters'."""
        if self.denies:
            return f"{self.claimant} denied"
        return f"According to {self.claimant}"


# --- Reviewing suggested events --------------------------------------------------------------


class SuggestionVerdict(models.TextChoices):
    ACCEPTED = "accepted", "Added as draft"
    CORROBORATED = "corroborated", "Source added to the existing event"
    DISMISSED = "dismissed", "Dismissed"


class SuggestionDecision(models.Model):
    """What an editor did with one event suggested from a source for a timeline.

    Suggestions are computed again from the stored text on every request (see
    `timeline.suggestions`); ``key`` names one of them by its position and a digest of its
    quote, so a decision stays with the suggestion it was made on.
    """

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="decisions")
    timeline = models.ForeignKey(
        Timeline, on_delete=models.CASCADE, related_name="suggestion_decisions"
    )
    key = models.CharField(max_length=40)
    decision = models.CharField(max_length=20, choices=SuggestionVerdict.choices)
    event = models.ForeignKey(
        Event, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["source", "timeline", "decided_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "timeline", "key"], name="suggestion_decision_unique"
            ),
            models.CheckConstraint(
                condition=Q(decision__in=SuggestionVerdict.values),
                name="suggestion_decision_valid",
            ),
        ]

    def __str__(self):
        return f"{self.source} / {self.timeline} / {self.key}: {self.decision}"
