"""Applying the updates of an import plan (`timeline.formats.import_updates`), one event each.

Each update is an ordinary edit through `event_update`: a new version with its history record
("Updated from an imported file"), refused if the event changed since the plan was made. A row
that says what the event already says changes nothing. What a format does not carry is kept:
a CSV has no notes and only initiators, targets and mediators, so notes and other roles stay;
a CSV summary is plain text, so a Markdown summary reading the same stays; without a complete
citations list the row only adds the sources it names.
"""

from __future__ import annotations

from timeline.formats.import_plan import ImportPlan
from timeline.services.events import ActorPart, CitationItem, EventChanges, event_update
from timeline.text.markup import markdown_to_text

CSV_ROLES = {"initiator", "target", "mediator"}
REASON = "Updated from an imported file"


def apply_updates(plan: ImportPlan, saved: dict, *, user) -> int:
    """Update the plan's matched events; returns how many changed. Raises StaleEdit."""
    changed = 0
    for record, event in plan.updates:
        changed += _update(plan.bundle.format, record, event, saved, user)
    return changed


def _update(format: str, record, event, saved: dict, user) -> bool:
    start, end = record.date, record.end
    values = {
        "title": record.title,
        "event_type": saved["types"][record.event_type],
        "place": saved["places"][record.place] if record.place else None,
        "date": start.date,
        "precision": start.precision,
        "time": start.time,
        "utc_offset": start.utc_offset,
        "approximate": start.approximate,
        "end_date": end.date if end else None,
        "end_precision": end.precision if end else None,
        "status": record.status,
    }
    if record.summary not in (event.summary, markdown_to_text(event.summary)):
        values["summary"] = record.summary
    if format != "csv":
        values["notes"] = record.notes
    values = {name: value for name, value in values.items() if getattr(event, name) != value}

    current_roles = [(ea.actor, ea.role) for ea in event.event_actors.all()]
    kept = [(a, r) for a, r in current_roles if format == "csv" and r not in CSV_ROLES]
    wanted_roles = kept + [(saved["actors"][key], role) for key, role in record.actors]
    roles_changed = _role_keys(wanted_roles) != _role_keys(current_roles)

    current = [
        CitationItem(quote=c.quote, attribution=c.attribution, stance=c.stance, source=c.source)
        for c in event.citations.all()
    ]
    named = [
        CitationItem(
            quote=c.quote,
            attribution=c.attribution,
            stance=c.stance,
            source=saved["sources"][c.source],
        )
        for c in record.citations
    ]
    if record.citations_complete:
        wanted = named
    else:
        cited = {item.source.pk for item in current}
        wanted = current + [item for item in named if item.source.pk not in cited]
    citations_changed = _citation_keys(wanted) != _citation_keys(current)

    if not values and not roles_changed and not citations_changed:
        return False
    event_update(
        event,
        changes=EventChanges(values=values),
        expected_version=event.version,
        user=user,
        actors=[ActorPart(role=r, actor=a) for a, r in wanted_roles] if roles_changed else None,
        citations=wanted if citations_changed else None,
        reason=REASON,
    )
    return True


def _role_keys(roles) -> list:
    return sorted({(actor.pk, role) for actor, role in roles})


def _citation_keys(items) -> list:
    return sorted((i.source.pk, i.quote, i.attribution, i.stance) for i in items)
