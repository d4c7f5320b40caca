"""Citations: an event tied to a source by the exact quote, who says it and their stance."""

from __future__ import annotations

from django.core.validators import (
    MaxLengthValidator,
)
from django.db import models
from django.db.models import (
    Q,
)
from simple_history.models import HistoricalRecords

from timeline.models.common import QuickLoading, length_limit
from timeline.models.sources import Source


class Stance(models.TextChoices):
    ASSERTS = "asserts", "Asserts"
    DENIES = "denies", "Denies"


QUOTE_MAX_LENGTH = 2000


class Citation(QuickLoading, models.Model):
    """A source's support for an event: the exact quote, who says it, and whether they deny it.

    An event may cite one source several times: a wire story often carries a claim and its
    denial ("Pakistan's army said ...; India's army denied the claim"), each with its own
    quote, attribution and stance.
    """

    event = models.ForeignKey("timeline.Event", on_delete=models.CASCADE, related_name="citations")
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
    # The quote anchored in the source's archived copy (W3C Web Annotation TextQuoteSelector):
    # the words as they stand there, with the text just before and after them.
    # Up to twice the quote's limit: the archived words may carry more spaces and marks.
    quote_exact = models.TextField(
        blank=True,
        max_length=2 * QUOTE_MAX_LENGTH,
        validators=[length_limit(2 * QUOTE_MAX_LENGTH, "The anchored quote")],
    )
    quote_prefix = models.CharField(max_length=64, blank=True)
    quote_suffix = models.CharField(max_length=64, blank=True)
    anchor_snapshot = models.ForeignKey(
        "timeline.Snapshot",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="anchored_citations",
    )
    quote_archived = models.BooleanField(
        null=True,
        blank=True,
        help_text="The quote is in the archived copy (blank: not looked for yet).",
    )
    quote_current = models.BooleanField(
        null=True, blank=True, help_text="The quote is still in the newest copy of the page."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(
        excluded_fields=[
            "quote_exact",
            "quote_prefix",
            "quote_suffix",
            "anchor_snapshot",
            "quote_archived",
            "quote_current",
        ]
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(stance__in=Stance.values), name="citation_stance_valid"
            ),
        ]

    def __str__(self):
        return f"{self.source} → {self.event}"

    @property
    def claimant(self) -> str:
        """Who makes the claim: the attribution, else the source's publisher or web site.

        Not its headline: a source known only by its headline is "the cited article".
        """
        return self.attribution or self.source.publisher or self.source.site or "the cited article"

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
