"""Tags: attach names to events, creating the timeline's tags that do not exist yet."""

from __future__ import annotations

from django.utils.text import slugify

from timeline.models import TAG_MAX_LENGTH, Event, Tag


def tag_slug(name: str) -> str:
    return slugify(name)[:TAG_MAX_LENGTH] or "tag"


def tag_events(timeline, pairs) -> None:
    """``pairs``: (saved event, [tag names]). Tags are per timeline, matched by slug."""
    wanted = {
        tag_slug(n): n.strip()[:TAG_MAX_LENGTH] for _, names in pairs for n in names if n.strip()
    }
    if not wanted:
        return
    existing = {t.slug: t for t in Tag.objects.filter(timeline=timeline, slug__in=wanted)}
    Tag.objects.bulk_create(
        [Tag(timeline=timeline, slug=s, name=n) for s, n in wanted.items() if s not in existing]
    )
    tags = {t.slug: t for t in Tag.objects.filter(timeline=timeline, slug__in=wanted)}
    links = {
        (event.pk, tags[tag_slug(name)].pk)
        for event, names in pairs
        for name in names
        if name.strip()
    }
    Event.tags.through.objects.bulk_create(
        [Event.tags.through(event_id=e, tag_id=t) for e, t in links], ignore_conflicts=True
    )
