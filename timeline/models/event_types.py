"""The event-type taxonomy, with each type's CAMEO and ACLED codes."""

from __future__ import annotations

from django.core.validators import (
    RegexValidator,
)
from django.db import models

from timeline.models.common import (
    DESCRIPTION_MAX_LENGTH,
    QuickLoading,
    colour_validator,
    length_limit,
)


class EventType(QuickLoading, models.Model):
    """One kind of event, mapped to the CAMEO and ACLED vocabularies."""

    slug = models.SlugField(max_length=60, unique=True)
    label = models.CharField(max_length=100)
    colour = models.CharField(max_length=7, default="#4b5563", validators=[colour_validator])
    description = models.TextField(
        blank=True,
        max_length=DESCRIPTION_MAX_LENGTH,
        validators=[length_limit(DESCRIPTION_MAX_LENGTH, "The description")],
    )
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
