"""Tags: attach names to events, creating the timeline's tags that do not exist yet.

An event's historical rows record its tags as text (``tag_names``, the names joined by ", " in
the order cards show them), so the history page shows tag changes like any other field's. A
service that sets the tags in the save it records puts the new text on the event as
``_tag_names``; any other save records the tags the event has at that moment.
"""

from __future__ import annotations

from django.utils.text import slugify
from simple_history.signals import pre_create_historical_record

from timeline.models import TAG_MAX_LENGTH, Event, Tag


def tag_slug(name: str) -> str:
    # allow_unicode: tags in Arabic or Hindi keep their own slugs (ASCII-only slugify would
    # make every non-Latin tag "tag", merging them all into one).
    return slugify(name, allow_unicode=True)[:TAG_MAX_LENGTH] or "tag"


def tags_text(names) -> str:
    """How a historical row records tags: the names, sorted as cards list them."""
    return ", ".join(sorted(names, key=lambda n: (n.casefold(), n)))


def tag_events(timeline, pairs) -> dict[int, list[str]]:
    """``pairs``: (saved event, [tag names]). Tags are per timeline, matched by slug.

    Returns each event's tag names as saved (an existing tag keeps its own spelling).
    """
    wanted = {
        tag_slug(n): n.strip()[:TAG_MAX_LENGTH] for _, names in pairs for n in names if n.strip()
    }
    if not wanted:
        return {event.pk: [] for event, _ in pairs}
    tags = _timeline_tags(timeline.pk, wanted)
    links = {
        (event.pk, tags[tag_slug(name)].pk)
        for event, names in pairs
        for name in names
        if name.strip()
    }
    Event.tags.through.objects.bulk_create(
        [Event.tags.through(event_id=e, tag_id=t) for e, t in links], ignore_conflicts=True
    )
    saved: dict[int, set[str]] = {event.pk: set() for event, _ in pairs}
    for event, names in pairs:
        saved[event.pk].update(tags[tag_slug(n)].name for n in names if n.strip())
    return {pk: sorted(names) for pk, names in saved.items()}


def event_set_tags(event: Event, names: list[str]) -> None:
    """Make the saved event's tags exactly ``names`` (its timeline's tags, created if new)."""
    wanted = {tag_slug(n): n for n in names}
    event.tags.set(list(_timeline_tags(event.timeline_id, wanted).values()))


def _timeline_tags(timeline_id: int, wanted: dict[str, str]) -> dict[str, Tag]:
    """The timeline's tags with these slugs, by slug; a missing one is created with the name
    `wanted` gives it."""
    existing = {t.slug: t for t in Tag.objects.filter(timeline_id=timeline_id, slug__in=wanted)}
    new = [
        Tag(timeline_id=timeline_id, slug=s, name=n) for s, n in wanted.items() if s not in existing
    ]
    if not new:
        return existing
    Tag.objects.bulk_create(new)
    return {t.slug: t for t in Tag.objects.filter(timeline_id=timeline_id, slug__in=wanted)}


def saved_tag_names(event: Event, names: list[str]) -> list[str]:
    """The names ``event_set_tags`` will leave on the event: an existing tag keeps its spelling."""
    wanted = {tag_slug(n): n for n in names}
    spelled = dict(
        Tag.objects.filter(timeline_id=event.timeline_id, slug__in=wanted).values_list(
            "slug", "name"
        )
    )
    return [spelled.get(s, n) for s, n in wanted.items()]


def record_tags_in_history(tagged: dict[int, list[str]], when) -> None:
    """Write the tags of events saved in bulk (an import) on their rows of ``when``.

    One UPDATE per distinct set of tags and chunk of events, not one per event.
    """
    groups: dict[str, list[int]] = {}
    for pk, names in tagged.items():
        groups.setdefault(tags_text(names), []).append(pk)
    for text, pks in groups.items():
        for start in range(0, len(pks), 2000):
            Event.history.filter(id__in=pks[start : start + 2000], history_date=when).update(
                tag_names=text
            )


def _record_tags(sender, instance, history_instance, **kwargs) -> None:
    text = instance.__dict__.pop("_tag_names", None)
    if text is None:
        text = tags_text(instance.tags.values_list("name", flat=True)) if instance.pk else ""
    history_instance.tag_names = text


def connect() -> None:
    pre_create_historical_record.connect(
        _record_tags, sender=Event.history.model, dispatch_uid="tags-in-history"
    )
