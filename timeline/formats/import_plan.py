"""Planning an import: what a bundle would change, checked against the database (a dry run).

``import_plan`` writes nothing: it says what will be created, what matches existing event
types, actors, places (by slug, or by name from a spreadsheet) and sources (by normalised URL),
and every problem row by row. `timeline.services.imports.import_apply` saves a plan without
errors, all or nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.db.models.functions import Lower

from timeline.dates import format_range
from timeline.formats.import_updates import plan_updates
from timeline.formats.records import (
    ActorRecord,
    EventRecord,
    ImportBundle,
    PlaceRecord,
    Problem,
    SourceRecord,
    TimelineRecord,
    TypeRecord,
)
from timeline.models import (
    Actor,
    Citation,
    Event,
    EventActor,
    EventType,
    Place,
    Source,
    Timeline,
)
from timeline.text.urlnorm import normalize_url

# Where each format names an event's type, for messages that point at the right cell.
TYPE_FIELD = {"json": "type", "csv": "event_type", "timelinejs": "group"}


@dataclass
class ImportPlan:
    """What applying a bundle would do. Existing rows are model instances, new ones records."""

    bundle: ImportBundle
    timeline: Timeline | None = None
    new_timeline: TimelineRecord | None = None
    types: dict[str, EventType | TypeRecord] = field(default_factory=dict)
    actors: dict[str, Actor | ActorRecord] = field(default_factory=dict)
    places: dict[str, Place | PlaceRecord] = field(default_factory=dict)
    sources: dict[str, Source | SourceRecord] = field(default_factory=dict)
    events: list[tuple[EventRecord, int]] = field(default_factory=list)  # (record, position)
    updates: list[tuple[EventRecord, Event]] = field(default_factory=list)  # see import_updates
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def target_title(self) -> str:
        if self.timeline is not None:
            return self.timeline.title
        return self.new_timeline.title if self.new_timeline else ""

    def sections(self) -> list[tuple[str, list[str], list[str]]]:
        """(what, names to create, names matched) for event types, actors, places, sources."""
        rows = []
        for label, resolved, name in (
            ("Event types", self.types, lambda o: o.label),
            ("Actors", self.actors, lambda o: o.name),
            ("Places", self.places, lambda o: o.name),
            ("Sources", self.sources, lambda o: o.url or o.title),
        ):
            created = sorted({name(o) for o in resolved.values() if not is_model(o)})
            matched = sorted({name(o) for o in resolved.values() if is_model(o)})
            rows.append((label, created, matched))
        return rows

    def event_rows(self) -> list[tuple[str, str, str, str, str]]:
        """(where, date, title, type, status) for each event to create, in file order."""
        rows = []
        for record, _ in self.events:
            kind = self.types.get(record.event_type)
            rows.append(
                (
                    record.where,
                    format_range(record.date, record.end),
                    record.title,
                    kind.label if kind is not None else record.event_type,
                    record.status,
                )
            )
        return rows

    def update_rows(self) -> list[tuple[str, str, str, str]]:
        """(where, date, title in the file, title now) for each event the file updates."""
        return [(r.where, format_range(r.date, r.end), r.title, e.title) for r, e in self.updates]

    def describe(self) -> str:
        """The plan as text, for the management command."""
        target = (
            f'add {len(self.events)} events to the timeline "{self.timeline.title}"'
            if self.timeline
            else f'create the timeline "{self.target_title}" '
            f"({self.new_timeline.slug if self.new_timeline else '?'}) with "
            f"{len(self.events)} events"
        )
        lines = [f"Import ({self.bundle.format}): {target}."]
        for label, created, matched in self.sections():
            if created:
                lines.append(f"{label} to create ({len(created)}): {', '.join(created)}")
            if matched:
                lines.append(f"{label} matching existing ({len(matched)}): {', '.join(matched)}")
        for where, date, title, kind, status in self.event_rows():
            lines.append(f"  {where}: {date} | {title} | {kind} | {status}")
        if self.updates:
            lines.append(f"Events to update ({len(self.updates)}):")
        for where, date, title, now in self.update_rows():
            lines.append(f"  {where}: {date} | {title} (now “{now}”)")
        lines.extend(f"Warning: {p}" for p in self.warnings)
        lines.extend(f"Error: {p}" for p in self.errors)
        return "\n".join(lines)


def is_model(value) -> bool:
    return hasattr(value, "_meta")


def _validation_problems(error: ValidationError, where: str, prefix: str = "") -> list[Problem]:
    problems = []
    for name, messages in error.message_dict.items():
        field_name = "" if name == "__all__" else prefix + name
        problems.extend(Problem(where, field_name, message) for message in messages)
    return problems


def _check(instance, where: str, problems: list[Problem], *, exclude=(), prefix="") -> None:
    """Field validation without per-row queries (uniqueness is checked in batches instead)."""
    try:
        instance.full_clean(
            exclude=list(exclude), validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        problems.extend(_validation_problems(error, where, prefix))


def import_plan(
    bundle: ImportBundle,
    *,
    timeline: Timeline | None = None,
    new_slug: str = "",
    may_create_types: bool = False,
) -> ImportPlan:
    """A dry run: resolve a bundle against the database and list every problem. Writes nothing.

    ``timeline``: add the events to this existing timeline. Otherwise a new timeline is
    created with ``new_slug`` (or the slug in the file). ``may_create_types``: event types
    described in the file but missing here are created (admins and the command line);
    otherwise they are errors, since editors do not manage the taxonomy.
    """
    plan = ImportPlan(bundle=bundle, timeline=timeline)
    plan.errors.extend(bundle.errors)
    plan.warnings.extend(bundle.warnings)
    if timeline is None:
        _plan_new_timeline(plan, new_slug)
    _plan_types(plan, may_create_types)
    _plan_named(plan, Actor, bundle.actors, plan.actors, "actor")
    _plan_named(plan, Place, bundle.places, plan.places, "place")
    _plan_sources(plan)
    _plan_events(plan)
    plan_updates(plan)
    if not bundle.events and not bundle.errors:
        plan.errors.append(Problem("File", "events", "has no events to import"))
    plan.errors.sort(key=_in_file_order)
    plan.warnings.sort(key=_in_file_order)
    return plan


def _in_file_order(problem: Problem) -> tuple[int, int]:
    """File-wide problems first, then row by row ("Row 10" after "Row 9"); sort is stable."""
    where = problem.where.rsplit(" ", 1)
    if len(where) == 2 and where[1].isdigit():
        return (1, int(where[1]))
    return (0, 0)


def _plan_new_timeline(plan: ImportPlan, new_slug: str) -> None:
    found = plan.bundle.timeline
    slug = new_slug or (found.slug if found else "")
    if not slug:
        plan.errors.append(
            Problem("File", "timeline", "says no timeline slug: choose the timeline to import into")
        )
        return
    record = TimelineRecord(
        slug=slug,
        title=(found.title if found and found.title else slug),
        summary=found.summary if found else "",
        language=(found.language if found and found.language else "en"),
        status=found.status if found and plan.bundle.format == "json" else "draft",
    )
    plan.new_timeline = record
    if Timeline.objects.filter(slug=slug).exists():
        plan.errors.append(
            Problem(
                "Timeline",
                "slug",
                f'a timeline "{slug}" already exists: import into it instead, or choose a new slug',
            )
        )
    _check(
        Timeline(
            slug=record.slug,
            title=record.title,
            summary=record.summary,
            language=record.language,
            status=record.status,
        ),
        "Timeline",
        plan.errors,
    )


def _plan_types(plan: ImportPlan, may_create_types: bool) -> None:
    existing = list(EventType.objects.all())
    by_slug = {t.slug: t for t in existing}
    by_label = {t.label.casefold(): t for t in existing}
    # Named as the interface names them ("Talks"), with the value a file may use ("negotiation").
    known = ", ".join(f"{t.label} ({t.slug})" for t in existing)
    fallback = by_slug.get(plan.bundle.type_fallback or "")
    described = plan.bundle.event_types
    fell_back = set()

    for ref in dict.fromkeys(record.event_type for record in plan.bundle.events):
        match = by_slug.get(ref) or (
            None if plan.bundle.format == "json" else by_label.get(ref.casefold())
        )
        if match is not None:
            plan.types[ref] = match
        elif ref in described and may_create_types:
            record = described[ref]
            plan.types[ref] = record
            _check(new_type(record), record.where, plan.errors)
        elif fallback is not None:
            plan.types[ref] = fallback
            fell_back.add(ref)
    for record in plan.bundle.events:
        ref = record.event_type
        if ref in fell_back:
            plan.warnings.append(
                Problem(
                    record.where,
                    "group",
                    f'"{ref}" matches no event type; the event is imported as "{fallback.label}"',
                )
            )
        elif ref not in plan.types:
            why = (
                " (it is described in the file, but only admins may add event types)"
                if ref in described
                else ""
            )
            plan.errors.append(
                Problem(
                    record.where,
                    TYPE_FIELD[plan.bundle.format],
                    f'"{ref}" is not a known event type{why}; known: {known}',
                )
            )


def new_type(record: TypeRecord) -> EventType:
    return EventType(
        slug=record.slug,
        label=record.label,
        colour=record.colour,
        description=record.description,
        cameo_code=record.cameo_code,
        acled_event_type=record.acled_event_type,
        acled_sub_event_type=record.acled_sub_event_type,
    )


def _plan_named(plan, model, records: dict, resolved: dict, noun: str) -> None:
    """Actors and places: match by slug (and by name when from a spreadsheet), else create."""
    if not records:
        return
    slugs = {r.slug for r in records.values()}
    names = {r.name.lower() for r in records.values() if r.match_name}
    by_slug = {o.slug: o for o in model.objects.filter(slug__in=slugs)}
    by_name = {}
    if names:
        rows = model.objects.annotate(lower_name=Lower("name")).filter(lower_name__in=names)
        by_name = {o.lower_name: o for o in rows}
    taken = set(by_slug)
    for key, record in records.items():
        match = by_slug.get(record.slug)
        if record.match_name:
            match = by_name.get(record.name.lower()) or match
            if match is None and record.slug in taken:
                # A spreadsheet name whose slug is another's: keep both, with distinct slugs.
                record.slug = _free_slug(record.slug, taken)
        if match is not None:
            resolved[key] = match
            continue
        taken.add(record.slug)
        resolved[key] = record
        where = record.where or f"{noun.title()} {record.slug}"
        _check(new_named(model, record), where, plan.errors)


def _free_slug(slug: str, taken: set[str]) -> str:
    number = 2
    while f"{slug}-{number}" in taken:
        number += 1
    return f"{slug}-{number}"


def new_named(model, record):
    if model is Actor:
        return Actor(
            slug=record.slug,
            name=record.name,
            kind=record.kind,
            country_code=record.country_code,
            aliases="\n".join(record.aliases),
        )
    return Place(
        slug=record.slug,
        name=record.name,
        country_code=record.country_code,
        latitude=record.latitude,
        longitude=record.longitude,
        aliases="\n".join(record.aliases),
    )


def _source_identity(title: str, publisher: str, published_at) -> tuple:
    return (title, publisher, published_at)


def _plan_sources(plan: ImportPlan) -> None:
    records = plan.bundle.sources
    if not records:
        return
    urls = {normalize_url(r.url) for r in records.values() if r.url}
    by_url = {s.normalized_url: s for s in Source.objects.filter(normalized_url__in=urls)}
    titles = {r.title for r in records.values() if not r.url}
    without_url = {}
    if titles:
        for source in Source.objects.filter(url="", title__in=titles).order_by("id"):
            key = _source_identity(source.title, source.publisher, source.published_at)
            without_url.setdefault(key, source)
    seen_urls: dict[str, str] = {}
    for key, record in records.items():
        normalized = normalize_url(record.url) if record.url else ""
        if normalized:
            if normalized in seen_urls:
                plan.errors.append(
                    Problem(
                        record.where,
                        "url",
                        f"is the same article as {seen_urls[normalized]} (same URL after "
                        "normalisation)",
                    )
                )
                continue
            seen_urls[normalized] = record.where
            match = by_url.get(normalized)
        else:
            match = without_url.get(
                _source_identity(record.title, record.publisher, record.published_at)
            )
        if match is not None:
            plan.sources[key] = match
            continue
        plan.sources[key] = record
        _check(new_source(record), record.where, plan.errors, exclude=["normalized_url"])


def new_source(record: SourceRecord) -> Source:
    url = record.url.strip()
    return Source(
        url=url,
        normalized_url=normalize_url(url),  # Source.save() sets it, but bulk_create skips save()
        title=record.title,
        publisher=record.publisher,
        author=record.author,
        published_at=record.published_at,
        language=record.language,
        accessed_at=record.accessed_at,
        archive_url=record.archive_url,
        text=record.text,
    )


def new_event(record: EventRecord, position: int) -> Event:
    start, end = record.date, record.end
    return Event(
        title=record.title,
        summary=record.summary,
        notes=record.notes,
        language=record.language,
        date=start.date,
        precision=start.precision,
        time=start.time,
        utc_offset=start.utc_offset,
        approximate=start.approximate,
        end_date=end.date if end else None,
        end_precision=end.precision if end else None,
        position=position,
        status=record.status,
        external_id=record.external_id,
    )


def _plan_events(plan: ImportPlan) -> None:
    records = plan.bundle.events
    next_position: dict = defaultdict(int)
    existing_titles: set = set()
    if plan.timeline is not None and records:
        dates = {r.date.date for r in records}
        rows = (
            Event.objects.alive()
            .filter(timeline=plan.timeline, date__in=dates)
            .values("date")
            .annotate(last=Max("position"))
        )
        next_position.update({row["date"]: row["last"] + 1 for row in rows})
        existing_titles = set(
            Event.objects.alive()
            .filter(timeline=plan.timeline, date__in=dates)
            .values_list("title", "date")
        )

    for record in records:
        day = record.date.date
        position = next_position[day] if record.position is None else record.position
        next_position[record.date.date] = max(next_position[record.date.date], position + 1)
        _check(
            new_event(record, position),
            record.where,
            plan.errors,
            exclude=["timeline", "event_type", "place", "created_by", "updated_by"],
        )
        if (record.title, record.date.date) in existing_titles:
            plan.warnings.append(
                Problem(
                    record.where,
                    "title",
                    "an event with this title and date is already in the timeline; "
                    "importing adds a second one",
                )
            )
        roles = set()
        for number, (actor_key, role) in enumerate(record.actors, start=1):
            prefix = f"actors[{number}]." if plan.bundle.format == "json" else ""
            if (actor_key, role) in roles:
                plan.errors.append(
                    Problem(record.where, prefix + "role", "lists the same actor twice in one role")
                )
            roles.add((actor_key, role))
            _check(
                EventActor(role=role),
                record.where,
                plan.errors,
                exclude=["event", "actor"],
                prefix=prefix,
            )
        cited = set()
        for number, citation in enumerate(record.citations, start=1):
            prefix = f"citations[{number}]." if plan.bundle.format == "json" else ""
            key = (citation.source, citation.quote, citation.attribution, citation.stance)
            if key in cited:
                plan.errors.append(
                    Problem(
                        record.where,
                        prefix + "quote",
                        "repeats another citation of the same source word for word",
                    )
                )
            cited.add(key)
            _check(
                Citation(
                    quote=citation.quote, attribution=citation.attribution, stance=citation.stance
                ),
                record.where,
                plan.errors,
                exclude=["event", "source"],
                prefix=prefix,
            )
        plan.events.append((record, position))
