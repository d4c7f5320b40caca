"""Template filters for partial dates and sanitised Markdown."""

from __future__ import annotations

from django import template
from django.utils.safestring import mark_safe

from timeline.dates import format_range
from timeline.markup import render_markdown

register = template.Library()


@register.filter
def markdown(text):
    return mark_safe(render_markdown(text))  # noqa: S308 - sanitised by nh3 in render_markdown


@register.filter
def event_date(event):
    """The event's date at its precision, as a range when it has an end."""
    return format_range(event.partial_date, event.partial_end_date)
