"""`{{ strip|era_bands:facets.eras }}`: the timeline's periods as bands over the strip."""

from __future__ import annotations

from django import template

from timeline.reader.eras import bands

register = template.Library()


@register.filter
def era_bands(strip, eras):
    return bands(strip, eras or [])
