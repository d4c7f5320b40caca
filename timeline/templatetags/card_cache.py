"""`{% event_card_cache %}...{% endevent_card_cache %}`: the event card, cached.

The cache itself is timeline.caching.cards; this tag library only reads the template context.

Wraps the whole of `timeline/_event_card.html` and reads the card's context: `event`,
`heading_level`, `detail`, `show_timeline`, and `can_edit` (an editor's card is rendered every
time, never cached).
"""

from __future__ import annotations

from django import template
from django.utils.safestring import mark_safe

from timeline.caching import cards as card_cache

register = template.Library()


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
