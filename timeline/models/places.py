"""Places where events happen, with optional coordinates."""

from __future__ import annotations

from django.core.validators import (
    MaxValueValidator,
    MinValueValidator,
)
from django.db import models
from django.db.models import (
    Exists,
    OuterRef,
    Q,
)
from simple_history.models import HistoricalRecords

from timeline.models.common import (
    ALIASES_MAX_LENGTH,
    GeoPrecision,
    PublicationStatus,
    QuickLoading,
    country_validator,
    length_limit,
    split_aliases,
)


class PlaceQuerySet(models.QuerySet):
    """Who sees a place: the same rule as for actors (see `ActorQuerySet`)."""

    def visible_to(self, user):
        from timeline.models.events import Event  # events depend on places

        public = Exists(
            Event.objects.filter(
                place=OuterRef("pk"),
                deleted_at__isnull=True,
                status=PublicationStatus.PUBLISHED,
                timeline__status=PublicationStatus.PUBLISHED,
            )
        )
        if not user.is_authenticated:
            return self.filter(public)
        if user.is_superuser:
            return self
        theirs = Event.objects.filter(place=OuterRef("pk"), timeline__editors=user)
        unused = ~Exists(Event.objects.filter(place=OuterRef("pk")))
        return self.filter(Q(public) | Q(Exists(theirs)) | Q(unused))


class Place(QuickLoading, models.Model):
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
    geo_precision = models.PositiveSmallIntegerField(
        "geographic precision",
        choices=GeoPrecision.choices,
        null=True,
        blank=True,
        help_text="How exactly the coordinates locate events here; an event may be coarser.",
    )
    aliases = models.TextField(
        blank=True,
        max_length=ALIASES_MAX_LENGTH,
        validators=[length_limit(ALIASES_MAX_LENGTH, "The other names")],
        help_text="Other names, one a line.",
    )

    history = HistoricalRecords()
    objects = PlaceQuerySet.as_manager()

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
