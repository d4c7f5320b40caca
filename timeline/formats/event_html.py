"""An event as sanitised HTML for other programs (TimelineJS slides, Atom entries).

The summary comes from ``render_markdown``; the claims say who says what, quoted and credited,
as the chronology does ("According to Indian officials: “…” — Title (Publisher, date)").
"""

from __future__ import annotations

import nh3
from django.utils.html import format_html, format_html_join

from timeline.text.markup import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, render_markdown

EXPORT_TAGS = ALLOWED_TAGS | {"cite", "q"}


def _citation_html(citation) -> str:
    source = citation.source
    title = (
        format_html('<a href="{}">{}</a>', source.url, source.title)
        if source.url
        else format_html("{}", source.title)
    )
    quote = format_html(" <q>{}</q>", citation.quote) if citation.quote else ""
    credit = source.credit
    credit_html = format_html(" ({})", credit) if credit != source.title else ""
    return format_html("{}:{} &#8212; <cite>{}</cite>{}", citation.claim, quote, title, credit_html)


def event_html(event) -> str:
    """Summary and attributed claims, cleaned once more by nh3 (only http(s) links survive)."""
    claims = format_html_join(
        "", "<li>{}</li>", ((_citation_html(c),) for c in event.citations.all())
    )
    html = render_markdown(event.summary)
    if claims:
        html += format_html("<ul>{}</ul>", claims)
    return nh3.clean(
        html,
        tags=EXPORT_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )
