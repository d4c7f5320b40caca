"""Event cards from the cache: `{% event_card_cache %}` around one card, and `{% event_groups %}`,
the chronology's list of cards.

The cache itself is timeline.caching.cards; this tag library only reads the template context.

`{% event_card_cache %}...{% endevent_card_cache %}` wraps the whole of
`timeline/_event_card.html` and reads the card's context: `event`, `heading_level`, `detail`,
`show_timeline`, and `can_edit` (an editor's card is rendered every time, never cached).

`{% event_groups groups %}` writes the chronology's year and month groups (`EventGroup`s of
timeline.reader.chronology): headings, and an `<ol>` of cards each. A card `prepare_cards` found
in the cache goes in as it is; any other is rendered from `timeline/_event_card.html` in this
context, as `{% include %}` would (and stored by `{% event_card_cache %}`). A page of 50 cached
cards no longer costs 50 includes (context push, template lookup) to hand back 50 strings.
"""

from __future__ import annotations

from django import template
from django.template.base import TextNode
from django.template.defaulttags import LoadNode
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from timeline.caching import cards as card_cache

register = template.Library()

CARD_TEMPLATE = "timeline/_event_card.html"


class EventCardCacheNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        event = context.get("event")
        if event is None or context.get("can_edit") or not card_cache.enabled():
            return self.nodelist.render(context)
        variant = card_cache.card_variant(
            context.get("heading_level"), context.get("detail"), context.get("show_timeline")
        )
        html = card_cache.cached_card(event, variant)
        if html is None:
            html = self.nodelist.render(context)
            card_cache.store_card(event, variant, str(html))
        return mark_safe(html)  # noqa: S308 - the template's own escaped output, cached


@register.tag
def event_card_cache(parser, token):
    nodelist = parser.parse(("endevent_card_cache",))
    parser.delete_first_token()
    return EventCardCacheNode(nodelist)


def _text_around_cached_part(card) -> tuple[str, str] | None:
    """(before, after): what the card template writes around its `{% event_card_cache %}`
    (its trailing newline), or None if anything but text and `{% load %}` is outside it."""
    before, after, cached_part = [], [], None
    for node in card.nodelist:
        if isinstance(node, EventCardCacheNode) and cached_part is None:
            cached_part = node
        elif isinstance(node, TextNode):
            (before if cached_part is None else after).append(node.s)
        elif not isinstance(node, LoadNode):
            return None
    return ("".join(before), "".join(after)) if cached_part is not None else None


@register.simple_tag(takes_context=True)
def event_groups(context, groups):
    """The chronology's groups as the `{% for %}` over them wrote them, byte for byte (its
    whitespace included; tests/test_event_groups.py keeps the old loop to compare with)."""
    card = context.template.engine.get_template(CARD_TEMPLATE)
    around = _text_around_cached_part(card)
    # As `{% event_card_cache %}` decides: an editor's cards carry controls, never cached.
    from_cache = around is not None and not context.get("can_edit") and card_cache.enabled()
    detail, show_timeline = context.get("detail"), context.get("show_timeline")
    parts = []
    for group in groups:
        parts.append("\n      ")
        if group.show_year:
            parts.append(
                f'<h3 class="year-heading" id="{conditional_escape(group.year_anchor)}">'
                f"{conditional_escape(group.year_text)}</h3>"
            )
        parts.append("\n      ")
        if group.show_month:
            parts.append(
                f'<h4 class="month-heading" id="{conditional_escape(group.anchor)}">'
                f"{conditional_escape(group.month_text)}</h4>"
            )
        parts.append('\n      <ol class="chronology">\n        ')
        level = group.title_level
        variant = card_cache.card_variant(level, detail, show_timeline)
        for event in group.events:
            html = event.__dict__.get("_cards", {}).get(variant) if from_cache else None
            if html is None:
                with context.push(event=event, heading_level=level):
                    html = card.render(context)
            else:
                html = around[0] + html + around[1]
            parts += ("<li>", html, "</li>\n        ")
        parts.append("\n      </ol>\n      ")
    return mark_safe("".join(parts))  # noqa: S308 - escaped above; cards are escaped HTML
