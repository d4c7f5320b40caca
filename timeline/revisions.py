"""Revisions of events: field-by-field diffs for the history and activity pages, and the
side-by-side comparison of an edit conflict. One set of labels and one date format for all.

django-simple-history keeps one historical row per save of an event, a citation and an event's
actor. The services stamp the rows one save writes with the same ``history_date``, so a revision
here is every historical row of the event sharing one moment.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from timeline.dates import PartialDate, format_range
from timeline.models import (
    EVENT_DATE_FIELDS,
    Actor,
    ActorRole,
    Citation,
    Event,
    EventActor,
    EventType,
    Place,
    PublicationStatus,
    Source,
    Stance,
    event_end,
    event_start,
)
from timeline.services.tags import tags_text

DATE_PARTS = set(EVENT_DATE_FIELDS)
NOT_SHOWN = {"version", "updated_at", "updated_by", "created_at", "created_by", "timeline"}
FIELD_LABELS = {
    "title": "Title",
    "summary": "Summary",
    "notes": "Editors' notes",
    "event_type": "Type",
    "place": "Place",
    "status": "Status",
    "position": "Order among events of the same date",
    "deleted_at": "Deleted",
    "language": "Language",
}
# Fields whose change a revision's reason names already (deletion, publishing, moves).
SAID_BY_REASON = {FIELD_LABELS["deleted_at"], FIELD_LABELS["status"], FIELD_LABELS["position"]}
# Every label a comparison shows: the fields', and the parts edited together.
LABELS = FIELD_LABELS | {
    "date": "Date",
    "actors": "Actors",
    "citations": "Citations",
    "tags": "Tags",
}


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Revision:
    when: object
    user: object = None
    reason: str = ""
    record: object = None  # the event's historical row, when the event itself was saved
    kind: str = ""
    changes: list[Change] = field(default_factory=list)
    related: list[str] = field(default_factory=list)


def date_text(row) -> str:
    """The date (or span) of an event or of one of its historical rows, as readers see it."""
    return format_range(event_start(row), event_end(row))


class Names:
    """Labels for the ids stored in historical rows, fetched in one query per model."""

    def __init__(self, records, citation_records, actor_records):
        self.types = EventType.objects.in_bulk({r.event_type_id for r in records})
        self.places = Place.objects.in_bulk({r.place_id for r in records if r.place_id})
        self.sources = Source.objects.in_bulk({r.source_id for r in citation_records})
        self.actors = Actor.objects.in_bulk({r.actor_id for r in actor_records})

    def value(self, name: str, record) -> str:
        if name == "event_type":
            kind = self.types.get(record.event_type_id)
            return kind.label if kind else "(removed type)"
        if name == "place":
            place = self.places.get(record.place_id)
            return place.name if place else ""
        if name == "status":
            return PublicationStatus(record.status).label
        if name == "deleted_at":
            return "yes" if record.deleted_at else "no"
        value = getattr(record, name)
        return "" if value is None else str(value)

    def source(self, record) -> str:
        source = self.sources.get(record.source_id)
        return source.title if source else "(removed source)"

    def actor(self, record) -> str:
        actor = self.actors.get(record.actor_id)
        return actor.name if actor else "(removed actor)"


def event_changes(record, previous, names: Names) -> list[Change]:
    if previous is None:
        return []
    delta = record.diff_against(previous, excluded_fields=NOT_SHOWN)
    changed = set(delta.changed_fields)
    changes = []
    if changed & DATE_PARTS:
        changes.append(Change(LABELS["date"], date_text(previous), date_text(record)))
    for name in sorted(changed - DATE_PARTS, key=list(FIELD_LABELS).index):
        changes.append(
            Change(FIELD_LABELS[name], names.value(name, previous), names.value(name, record))
        )
    # Tags are recorded as text beside the fields (see timeline.services.tags); rows written
    # before that know nothing of them (NULL) and are not compared.
    old_tags, new_tags = previous.tag_names, record.tag_names
    if old_tags is not None and new_tags is not None and old_tags != new_tags:
        changes.append(Change(LABELS["tags"], old_tags, new_tags))
    return changes


def citation_change(record, previous, names: Names) -> str:
    source = names.source(record)
    claim = f"“{record.quote}”" if record.quote else "(no quote)"
    if record.attribution:
        claim += f", said by {record.attribution}"
    if record.stance == Stance.DENIES:
        claim += ", denies"
    if record.history_type == "+":
        return f"Citation added: {source}: {claim}"
    if record.history_type == "-":
        return f"Citation removed: {source}"
    parts = []
    if previous is not None:
        for change in record.diff_against(
            previous, included_fields=["quote", "attribution"]
        ).changes:
            label = "quote" if change.field == "quote" else "said by"
            parts.append(f"{label} “{change.old}” → “{change.new}”")
        if previous.stance != record.stance:
            parts.append(f"stance {Stance(previous.stance).label} → {Stance(record.stance).label}")
    return f"Citation changed: {source}: " + ("; ".join(parts) or "no visible change")


def actor_change(record, names: Names) -> str:
    what = f"{names.actor(record)} ({ActorRole(record.role).label})"
    return f"Actor added: {what}" if record.history_type != "-" else f"Actor removed: {what}"


def event_revisions(event: Event) -> list[Revision]:
    """Every revision of the event, newest first, each with its field-by-field changes."""
    records = list(event.history.select_related("history_user").order_by("history_date"))
    citation_records = list(
        Citation.history.filter(event_id=event.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    actor_records = list(
        EventActor.history.filter(event_id=event.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    names = Names(records, citation_records, actor_records)
    revisions: dict = {}

    def revision(record) -> Revision:
        found = revisions.get(record.history_date)
        if found is None:
            found = revisions[record.history_date] = Revision(
                when=record.history_date, user=record.history_user
            )
        return found

    previous = None
    for record in records:
        entry = revision(record)
        entry.record, entry.reason = record, record.history_change_reason or ""
        entry.kind = "Created" if record.history_type == "+" else "Changed"
        entry.changes = event_changes(record, previous, names)
        previous = record
    last_citation = {}
    for record in citation_records:
        revision(record).related.append(
            citation_change(record, last_citation.get(record.id), names)
        )
        last_citation[record.id] = record
    for record in actor_records:
        revision(record).related.append(actor_change(record, names))
    return sorted(revisions.values(), key=lambda r: r.when, reverse=True)


def timeline_activity_entries(timeline) -> list[dict]:
    """The latest changes to the timeline's events, by everyone, newest first."""
    latest = list(
        Event.history.filter(timeline_id=timeline.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:50]
    )
    earlier = defaultdict(list)
    if latest:
        for record in Event.history.filter(
            id__in={r.id for r in latest}, history_date__lte=latest[0].history_date
        ).order_by("history_date", "history_id"):
            earlier[record.id].append(record)
    names = Names([*latest, *(r for chain in earlier.values() for r in chain)], [], [])
    entries = []
    for record in latest:
        chain = earlier[record.id]
        index = next(i for i, r in enumerate(chain) if r.history_id == record.history_id)
        previous = chain[index - 1] if index else None
        reason = record.history_change_reason
        changes = event_changes(record, previous, names)
        if reason:
            # "Deleted", "Published", "Moved up" say it already: not "Deleted: Deleted".
            changes = [c for c in changes if c.label not in SAID_BY_REASON]
        entries.append(
            {
                "record": record,
                "what": reason or ("Created" if record.history_type == "+" else "Changed"),
                "changes": changes,
            }
        )
    return entries


def _actors_text(parts) -> str:
    return "; ".join(f"{name} ({role})" for name, role in parts) or "none"


def _citations_text(items) -> str:
    return (
        "; ".join(
            f"{title}: “{quote}”" + (f" ({who})" if who else "") + (" denies" if denies else "")
            for title, quote, who, denies in items
        )
        or "none"
    )


def conflict_rows(
    current: Event, *, changes, start: PartialDate, end: PartialDate | None, actors, citations
) -> list[dict]:
    """The fields where the saved version and an editor's differ, side by side.

    `changes`, `actors` and `citations` are the editor's version as the event services take it
    (`EventChanges`, `ActorPart`s, `CitationItem`s); `start` and `end` its dates.
    """
    values = changes.values
    place_name = values["place"].name if values["place"] else changes.new_place_name
    current_actors = [(ea.actor.name, ea.get_role_display()) for ea in current.event_actors.all()]
    my_actors = [
        (part.actor.name if part.actor else part.new_name, ActorRole(part.role).label)
        for part in actors
    ]
    current_citations = [
        (c.source.title, c.quote, c.attribution, c.stance == "denies")
        for c in current.citations.all()
    ]
    my_citations = [
        (
            item.source.title if item.source else item.new_source.title,
            item.quote,
            item.attribution,
            item.stance == "denies",
        )
        for item in citations
    ]
    # An edit that leaves tags alone (None) shows no tag difference.
    my_tags = tags_text(t.name for t in current.tags.all())
    if changes.tags is not None:
        my_tags = tags_text(changes.tags)
    rows = [
        ("title", current.title, values["title"]),
        ("summary", current.summary, values["summary"]),
        ("date", date_text(current), format_range(start, end)),
        ("event_type", current.event_type.label, values["event_type"].label),
        ("place", current.place.name if current.place else "", place_name),
        ("status", current.get_status_display(), PublicationStatus(values["status"]).label),
        ("notes", current.notes, values["notes"]),
        ("tags", tags_text(t.name for t in current.tags.all()), my_tags),
        ("actors", _actors_text(current_actors), _actors_text(my_actors)),
        ("citations", _citations_text(current_citations), _citations_text(my_citations)),
    ]
    return [
        {"label": LABELS[name], "theirs": theirs, "mine": mine}
        for name, theirs, mine in rows
        if theirs != mine
    ]
