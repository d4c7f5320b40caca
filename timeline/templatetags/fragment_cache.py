"""`{% fragment_cache "name" key %}...{% endfragment_cache %}`: a part of a page, cached.

Like Django's `{% cache %}`, but the view supplies the whole key (a content version and the
inputs the part depends on: see `reader.listing.chronology_list`), and a missing key (a logged-in
editor, whose page differs) renders the part every time. Entries live FRAGMENT_CACHE_TIMEOUT.
"""

from __future__ import annotations

import hashlib

from django import template
from django.conf import settings
from django.utils.safestring import mark_safe

from timeline.caching import parts
from timeline.caching.responses import release

register = template.Library()


class FragmentCacheNode(template.Node):
    def __init__(self, nodelist, name, key):
        self.nodelist = nodelist
        self.name = name
        self.key = key

    def render(self, context):
        key = self.key.resolve(context)
        if not key or settings.FRAGMENT_CACHE_TIMEOUT <= 0:
            return self.nodelist.render(context)
        digest = hashlib.blake2b(str(key).encode(), digest_size=16).hexdigest()
        cache_key = f"fragment:{release()}:{self.name.resolve(context)}:{digest}"
        html = parts.get(cache_key)
        if html is None:
            html = str(self.nodelist.render(context))
            parts.set(cache_key, html, settings.FRAGMENT_CACHE_TIMEOUT)
        return mark_safe(html)  # noqa: S308 - the template's own escaped output, cached


@register.tag
def fragment_cache(parser, token):
    bits = token.split_contents()
    if len(bits) != 3:
        raise template.TemplateSyntaxError("{% fragment_cache %} takes a name and a key.")
    nodelist = parser.parse(("endfragment_cache",))
    parser.delete_first_token()
    return FragmentCacheNode(
        nodelist, parser.compile_filter(bits[1]), parser.compile_filter(bits[2])
    )
