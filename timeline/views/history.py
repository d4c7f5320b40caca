"""Who changed what: an event's revisions with field-by-field diffs, restore, timeline activity.

django-simple-history keeps one historical row per save of an event, a citation and an event's
actor. The services stamp the rows one save writes with the same ``history_date``, so a revision
here is every historical row of the event sharing one moment.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from timeline.dates import PartialDate, Precision, format_range
from timeline.models import (
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
)
from timeline.rights import timeline_editor_required
from timeline.services.events import StaleEdit, event_revert_to

DATE_PARTS = {
    "date",
    "precision",
    "time",
    "utc_offset",
    "approximate",
    "end_date",
    "end_precision",
}
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
SAID_BY_REASON = {
    FIELD_LABELS["deleted_at"],
    FIELD_LABELS["status"],
    FIELD_LABELS["position"],
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


def record_date(record) -> str:
    start = PartialDate(
        record.date,
        Precision(record.precision),
        time=record.time,
        utc_offset=record.utc_offset,
        approximate=record.approximate,
    )
    end = None
    if record.end_date is not None:
        end = PartialDate(record.end_date, Precision(record.end_precision or Precision.DAY))
    return format_range(start, end)


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
        changes.append(Change("Date", record_date(previous), record_date(record)))
    for name in sorted(changed - DATE_PARTS, key=list(FIELD_LABELS).index):
        changes.append(
            Change(FIELD_LABELS[name], names.value(name, previous), names.value(name, record))
        )
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


@require_GET
@timeline_editor_required
def event_history(request, timeline, pk):
    event = get_object_or_404(Event.objects.select_related("timeline"), timeline=timeline, pk=pk)
    revisions = event_revisions(event)
    current = next((r.record for r in revisions if r.record is not None), None)
    return render(
        request,
        "timeline/editor/history.html",
        {"timeline": timeline, "event": event, "revisions": revisions, "current": current},
    )


@require_POST
@timeline_editor_required
def event_history_restore(request, timeline, pk, history_id):
    event = get_object_or_404(Event, timeline=timeline, pk=pk)
    record = get_object_or_404(event.history, history_id=history_id)
    history_url = reverse("timeline:event_history", kwargs={"slug": timeline.slug, "pk": pk})
    try:
        expected = int(request.POST.get("version", ""))
    except ValueError:
        expected = 0
    try:
        event_revert_to(record, expected_version=expected, user=request.user)
    except StaleEdit as stale:
        context = {
            "timeline": timeline,
            "event": stale.current,
            "revisions": event_revisions(stale.current),
            "current": None,
            "stale": True,
        }
        return render(request, "timeline/editor/history.html", context, status=409)
    messages.success(request, "Restored that version as a new revision.")
    return redirect(history_url)


@require_GET
@timeline_editor_required
def timeline_activity(request, timeline):
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
    return render(
        request, "timeline/editor/activity.html", {"timeline": timeline, "entries": entries}
    )
