"""Template tags for sharing a timeline: the <iframe> snippet other sites paste in."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import escape

register = template.Library()


@register.simple_tag(takes_context=True)
def embed_code(context, timeline) -> str:
    """The iframe HTML as plain text: the template escapes it, so readers see code to copy."""
    url = context["request"].build_absolute_uri(
        reverse("timeline:embed", kwargs={"slug": timeline.slug})
    )
    return (
        f'<iframe src="{escape(url)}" title="{escape(timeline.title)}" width="100%" '
        'height="600" loading="lazy"></iframe>'
    )
