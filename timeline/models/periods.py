"""Periods: titled spans of a timeline (TimelineJS "eras"), drawn as bands on the strip."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from timeline.dates import PartialDate, Precision
from timeline.models.timelines import Timeline


class Period(models.Model):
    timeline = models.ForeignKey(Timeline, on_delete=models.CASCADE, related_name="periods")
    title = models.CharField(max_length=300)
    start_date = models.DateField()
    start_precision = models.PositiveSmallIntegerField(
        choices=[(p.value, p.label) for p in Precision], default=Precision.DAY.value
    )
    end_date = models.DateField()
    end_precision = models.PositiveSmallIntegerField(
        choices=[(p.value, p.label) for p in Precision], default=Precision.DAY.value
    )

    class Meta:
        ordering = ["start_date", "end_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="period_end_not_before_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def start(self) -> PartialDate:
        return PartialDate(self.start_date, Precision(self.start_precision))

    @property
    def end(self) -> PartialDate:
        return PartialDate(self.end_date, Precision(self.end_precision))
