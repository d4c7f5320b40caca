"""The Atom feed of a timeline's published events (Django syndication, Atom 1.0).

Entry ids are tag URIs (RFC 4151) built from the host, the day the event was created and its
id, so they never change when an event is edited or the timeline renamed; ``updated`` is the
event's ``updated_at``, so feed readers see edits.
"""

from __future__ import annotations

import re

from django.contrib.syndication.views import Feed
from django.http import HttpResponseNotAllowed
from django.http.request import split_domain_port
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed

from timeline.dates import format_range
from timeline.formats.event_html import event_html
from timeline.models import Event, Timeline
from timeline.text.markup import markdown_to_text

FEED_LENGTH = 100

# Characters XML 1.0 cannot carry at all (C0 controls other than tab and newlines, U+FFFE/F):
# Django's feed writer refuses them with an exception, so one pasted control character would
# make the whole feed an error page.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value: str) -> str:
    return _NOT_XML.sub("", value)


def tag_uri(authority: str, day, specific: str) -> str:
    return f"tag:{authority},{day:%Y-%m-%d}:{specific}"


class TimelineFeed(Feed):
    feed_type = Atom1Feed
    author_name = "Timeline"

    def __call__(self, request, *args, **kwargs):
        # A feed is read, never written: refuse other methods as every reader view does.
        if request.method not in {"GET", "HEAD"}:
            return HttpResponseNotAllowed(["GET", "HEAD"])
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, slug):
        timeline = get_object_or_404(Timeline.objects.visible_to(request.user), slug=slug)
        # One Feed instance serves every request: keep per-request data on the object, not self.
        timeline.tag_authority = split_domain_port(request.get_host())[0]
        return timeline

    def title(self, obj):
        return xml_text(obj.title)

    def subtitle(self, obj):
        return xml_text(markdown_to_text(obj.summary))

    def link(self, obj):
        return obj.get_absolute_url()

    def feed_guid(self, obj):
        return tag_uri(obj.tag_authority, obj.created_at, f"timeline-{obj.pk}")

    def items(self, obj):
        events = list(
            Event.objects.filter(timeline=obj)
            .for_export()
            .order_by("-updated_at", "-id")[:FEED_LENGTH]
        )
        for event in events:
            event.tag_uri = tag_uri(obj.tag_authority, event.created_at, f"event-{event.pk}")
        return events

    def item_title(self, item):
        return xml_text(f"{format_range(item.partial_date, item.partial_end_date)}: {item.title}")

    def item_description(self, item):
        return xml_text(event_html(item))

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        return item.tag_uri

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return (xml_text(item.event_type.label),)
