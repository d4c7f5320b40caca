"""Actors: states, officials, armed groups, organisations and people named in events."""

from __future__ import annotations

from django.db import models
from django.db.models import (
    Exists,
    OuterRef,
    Q,
)
from django.urls import reverse
from simple_history.models import HistoricalRecords

from timeline.models.common import (
    ALIASES_MAX_LENGTH,
    PublicationStatus,
    QuickLoading,
    country_validator,
    length_limit,
    split_aliases,
)


class ActorKind(models.TextChoices):
    STATE = "state", "State"
    GOVERNMENT = "government", "Government or official"
    MILITARY = "military", "Military"
    ARMED_GROUP = "armed_group", "Armed group"
    INTERNATIONAL = "international", "International organisation"
    PERSON = "person", "Person"
    OTHER = "other", "Other"


class ActorQuerySet(models.QuerySet):
    """Who sees an actor (issue 13): one in a published event of a published timeline is
    public; one only in drafts or deleted events is shown to the editors of those timelines;
    one in no event at all (the taxonomy, kept in the admin) to logged-in users."""

    def visible_to(self, user):
        from timeline.models.events import EventActor  # events depend on actors

        public = Exists(
            EventActor.objects.filter(
                actor=OuterRef("pk"),
                event__deleted_at__isnull=True,
                event__status=PublicationStatus.PUBLISHED,
                event__timeline__status=PublicationStatus.PUBLISHED,
            )
        )
        if not user.is_authenticated:
            return self.filter(public)
        if user.is_superuser:
            return self
        theirs = EventActor.objects.filter(actor=OuterRef("pk"), event__timeline__editors=user)
        unused = ~Exists(EventActor.objects.filter(actor=OuterRef("pk")))
        return self.filter(Q(public) | Q(Exists(theirs)) | Q(unused))


class Actor(QuickLoading, models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=ActorKind.choices, default=ActorKind.OTHER)
    country_code = models.CharField(
        max_length=2, blank=True, validators=[country_validator], help_text="ISO 3166-1 alpha-2."
    )
    aliases = models.TextField(
        blank=True,
        max_length=ALIASES_MAX_LENGTH,
        validators=[length_limit(ALIASES_MAX_LENGTH, "The other names")],
        help_text="Other names, one a line.",
    )

    history = HistoricalRecords()
    objects = ActorQuerySet.as_manager()

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
