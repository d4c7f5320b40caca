"""Template filters for partial dates, sanitised Markdown, standing, links and user text."""

from __future__ import annotations

import datetime
from urllib.parse import urlsplit

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_info

from timeline.dates import APPROXIMATE_PREFIX, format_range
from timeline.models import Standing, text_direction
from timeline.text.markup import markdown_to_text, render_markdown
from timeline.text.urlnorm import ALLOWED_SCHEMES

register = template.Library()

STANDING_NOTES = {
    Standing.CONFIRMED: "two or more independent sources report it",
    Standing.REPORTED: "one source reports it",
    Standing.DISPUTED: "a source denies it",
    Standing.UNSOURCED: "no source cited yet",
}


@register.filter
def markdown(text):
    return mark_safe(render_markdown(text))  # noqa: S308 - sanitised by nh3 in render_markdown


@register.filter
def plain(text):
    """Markdown as plain text, for short previews."""
    return markdown_to_text(text)


@register.filter
def event_date(event):
    """The event's date at its precision, as a range when it has an end."""
    return format_range(event.partial_date, event.partial_end_date)


@register.filter
def event_date_html(event):
    """`event_date`, with the "c." of an approximate date spelled out for screen readers."""
    text = event_date(event)
    if text.startswith(APPROXIMATE_PREFIX):
        return format_html(
            '<abbr title="circa: approximately">c.</abbr> {}', text[len(APPROXIMATE_PREFIX) :]
        )
    return text


@register.filter
def reporting_lag(event) -> str:
    """'first reported 2 days later', where both the event's date and a report's are known."""
    lag = event.reporting_lag
    if lag is None:
        return ""
    days = lag.days
    if days == 0:
        return "first reported the same day"
    later = "later" if days > 0 else "before the date given"
    return f"first reported {_duration(abs(days))} {later}"


def _duration(days: int) -> str:
    if days < 60:
        return f"{days} day{'s' if days != 1 else ''}"
    if days < 730:
        months = round(days / 30.44)
        return f"about {months} months"
    return f"about {round(days / 365.25)} years"


@register.filter
def standing_note(standing: str) -> str:
    return STANDING_NOTES.get(standing, "")


@register.filter
def standing_label(standing: str) -> str:
    return Standing(standing).label if standing in Standing.values else ""


@register.filter
def web_url(url: str) -> str:
    """The URL if it is an absolute http(s) link, else "" (never a javascript: or data: link)."""
    url = (url or "").strip()
    parts = urlsplit(url)
    if parts.scheme.lower() in ALLOWED_SCHEMES and parts.hostname:
        return url
    return ""


@register.filter
def url_host(url: str) -> str:
    host = (urlsplit(url or "").hostname or "").lower()
    return host.removeprefix("www.")


@register.simple_tag
def text_attrs(language: str):
    """` lang="ur" dir="rtl"` for user text in a known language (nothing when unknown)."""
    if not language:
        return ""
    return format_html(' lang="{}" dir="{}"', language, text_direction(language))


@register.filter
def day(value: datetime.datetime | None) -> str:
    """'10 May 2025' for a moment, in the site's time zone."""
    if value is None:
        return ""
    return timezone.localtime(value).strftime("%-d %B %Y")


@register.filter
def language_name(code: str) -> str:
    """'English' for 'en' (and 'Urdu' for 'ur'); an unknown code as it is."""
    code = (code or "").strip()
    if not code:
        return ""
    for candidate in (code, code.split("-")[0].lower()):
        try:
            return get_language_info(candidate)["name"]
        except KeyError:
            continue
    return code
