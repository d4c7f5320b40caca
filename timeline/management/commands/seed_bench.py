"""Seed synthetic timelines for benchmarks, fast: COPY on PostgreSQL, bulk_create elsewhere."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max

from timeline.management import synthetic
from timeline.models import Actor, Citation, Event, EventActor, EventType, Place, Source, Timeline

# Events generated and written per round: bounds memory (their citations and actor roles are
# held until their own COPY) while keeping each COPY large.
CHUNK = 20_000
MODELS = [Timeline, Actor, Place, Source, Event, EventActor, Citation]


class TableWriter:
    """Writes row dicts (keyed by field attname) into one model's table."""

    def __init__(self, model, cursor):
        self.model = model
        self.cursor = cursor
        self.fields = [f.attname for f in model._meta.concrete_fields]
        # Fields the generator does not set get the model's default (COPY has no defaults).
        self.defaults = {
            f.attname: f.get_db_prep_save(f.get_default(), connection)
            if f.has_default() or not f.null
            else None
            for f in model._meta.concrete_fields
        }
        columns = ", ".join(
            connection.ops.quote_name(f.column) for f in model._meta.concrete_fields
        )
        self.copy_sql = (
            f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
        )
        self.count = 0

    def write(self, rows) -> None:
        if connection.vendor == "postgresql":
            with self.cursor.copy(self.copy_sql) as copy:
                for row in rows:
                    copy.write_row([row.get(name, self.defaults.get(name)) for name in self.fields])
                    self.count += 1
            return
        instances = [self.model(**row) for row in rows]
        self.model.objects.bulk_create(instances, batch_size=500)
        self.count += len(instances)


class StagedEventWriter(TableWriter):
    """Events on PostgreSQL, with the stored search vector (migration 0004) in the same write.

    Its triggers are off while seeding (they would recompute an event once per citation and
    actor role); instead each event is staged with its quotes and actor names, in the order
    the triggers read them, and weighted by the same SQL function the triggers call.
    """

    STAGE = "seed_bench_event"
    TEXTS = ["search_quotes", "search_actor_names"]
    TRIGGERS = {
        "timeline_event": "timeline_event_search_vector",
        "timeline_citation": "timeline_citation_search_vector",
        "timeline_eventactor": "timeline_eventactor_search_vector",
    }

    def __init__(self, cursor):
        super().__init__(Event, cursor)
        columns = [f.column for f in Event._meta.concrete_fields]
        listed = ", ".join(columns)
        cursor.execute(
            f"CREATE TEMP TABLE {self.STAGE} (LIKE timeline_event INCLUDING DEFAULTS, "
            "search_quotes text, search_actor_names text) ON COMMIT DROP"
        )
        self.copy_sql = f"COPY {self.STAGE} ({listed}, {', '.join(self.TEXTS)}) FROM STDIN"
        # Identifiers only, all from Event's own metadata: nothing here comes from input.
        self.insert_sql = (
            f"INSERT INTO timeline_event ({listed}, search_vector) "  # noqa: S608
            f"SELECT {', '.join(f's.{c}' for c in columns)}, timeline_search_document("
            "timeline_search_configuration(t.language), s.title, s.summary, type.label, "
            "s.search_quotes, s.search_actor_names, place.name) "
            f"FROM {self.STAGE} s JOIN timeline_timeline t ON t.id = s.timeline_id "
            "JOIN timeline_eventtype type ON type.id = s.event_type_id "
            "LEFT JOIN timeline_place place ON place.id = s.place_id ORDER BY s.id"
        )
        self.fields = self.fields + self.TEXTS

    @classmethod
    def applies(cls, cursor) -> bool:
        cursor.execute(
            "SELECT to_regprocedure("
            "'timeline_search_document(regconfig, text, text, text, text, text, text)')"
        )
        return cursor.fetchone()[0] is not None

    def set_triggers(self, enabled: bool) -> None:
        verb = "ENABLE" if enabled else "DISABLE"
        for table, trigger in self.TRIGGERS.items():
            self.cursor.execute(f"ALTER TABLE {table} {verb} TRIGGER {trigger}")

    def finish(self) -> None:
        # Dropped here too, not only on commit: an outer transaction (a test) may seed twice.
        self.cursor.execute(f"DROP TABLE {self.STAGE}")
        self.set_triggers(enabled=True)

    def write(self, rows) -> None:
        super().write(rows)
        self.cursor.execute(self.insert_sql)
        self.cursor.execute(f"TRUNCATE {self.STAGE}")


class Command(BaseCommand):
    help = (
        "Generate synthetic timelines for benchmarks: --timelines T, each with --events N "
        "events, sharing --sources S sources, --citations-per-event C citations each, plus "
        "actors and places. Deterministic for a given --seed. Text mixes English with Hindi "
        "and Urdu; the words 'siachen', 'drone' and 'shelling' occur in exactly 0.01%%, 1%% "
        "and 30%% of events (rare, medium and broad search terms). Rows are written in bulk "
        "(COPY on PostgreSQL) and on purpose skip django-simple-history: no historical rows, no "
        "signals, no model save(). Meant for a benchmark database, not a live one: it locks the "
        "tables it writes while it runs."
    )

    def add_arguments(self, parser):
        parser.add_argument("--timelines", type=int, default=1, help="Timelines to create.")
        parser.add_argument("--events", type=int, default=100, help="Events per timeline.")
        parser.add_argument(
            "--sources", type=int, help="Sources shared by all the events (default: events / 4)."
        )
        parser.add_argument("--citations-per-event", type=int, default=2)
        parser.add_argument("--actors", type=int, default=100)
        parser.add_argument("--places", type=int, default=40)
        parser.add_argument(
            "--seed", type=int, default=7, help="Random seed (same seed, same data)."
        )
        parser.add_argument(
            "--prefix", default="bench", help="Slug prefix: timelines are <prefix>-1, <prefix>-2..."
        )

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        total_events = options["timelines"] * options["events"]
        sources = options["sources"]
        if sources is None:
            sources = max(options["citations_per_event"], 10, total_events // 4)
        self._validate(options, sources)
        event_type_ids = list(EventType.objects.order_by("id").values_list("id", flat=True))
        if not event_type_ids:
            raise CommandError("There are no event types: run `manage.py migrate` first.")
        started = time.monotonic()
        with transaction.atomic():
            writers = self._seed(options, sources, event_type_ids)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                if StagedEventWriter.applies(cursor):
                    # Merge the search index's pending list, as autovacuum would soon: until
                    # then the planner prices the index as slow and avoids it.
                    cursor.execute(
                        "SELECT gin_clean_pending_list('timeline_event_search_vector_gin')"
                    )
                # Fresh statistics, so the planner knows the new rows (and the search terms).
                cursor.execute("ANALYZE " + ", ".join(m._meta.db_table for m in MODELS))
        elapsed = time.monotonic() - started
        counts = ", ".join(f"{w.count:,} {w.model._meta.verbose_name_plural}" for w in writers)
        self.stdout.write(f"Seeded {counts} in {elapsed:.1f} s.")

    def _validate(self, options, sources):
        prefix = options["prefix"]
        if options["timelines"] < 1 or options["events"] < 0:
            raise CommandError("--timelines must be at least 1 and --events at least 0.")
        if not 0 <= options["citations_per_event"] <= 20:
            raise CommandError("--citations-per-event must be between 0 and 20.")
        if sources < options["citations_per_event"]:
            raise CommandError("--sources must be at least --citations-per-event.")
        if options["actors"] < 3 or options["places"] < 0:
            raise CommandError("--actors must be at least 3 (an event has up to 3).")
        if Timeline.objects.filter(slug__startswith=f"{prefix}-").exists():
            raise CommandError(
                f"Timelines named {prefix}-... already exist: pass another --prefix or seed a "
                "fresh database."
            )

    def _seed(self, options, sources, event_type_ids):
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                tables = ", ".join(m._meta.db_table for m in MODELS)
                cursor.execute(f"LOCK TABLE {tables} IN SHARE ROW EXCLUSIVE MODE")
                # Check foreign keys per COPY rather than queue millions of checks to commit.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            plan = synthetic.Plan(
                timelines=options["timelines"],
                events_per_timeline=options["events"],
                sources=sources,
                citations_per_event=options["citations_per_event"],
                actors=options["actors"],
                places=options["places"],
                prefix=options["prefix"],
                seed=options["seed"],
                event_type_ids=event_type_ids,
                base_ids={
                    m._meta.model_name: m.objects.aggregate(last=Max("id"))["last"] or 0
                    for m in MODELS
                },
            )
            generator = synthetic.Generator(plan)
            writers = {model: TableWriter(model, cursor) for model in MODELS}
            staged = connection.vendor == "postgresql" and StagedEventWriter.applies(cursor)
            if staged:
                writers[Event] = StagedEventWriter(cursor)
                writers[Event].set_triggers(enabled=False)
            timelines = list(generator.timelines())
            writers[Timeline].write(timelines)
            writers[Actor].write(generator.actors())
            writers[Place].write(generator.places())
            writers[Source].write(generator.sources())
            for timeline in timelines:
                self._write_events(generator, timeline["id"], writers, staged)
            if staged:
                writers[Event].finish()
            for statement in connection.ops.sequence_reset_sql(no_style(), MODELS):
                cursor.execute(statement)
        return list(writers.values())

    def _write_events(self, generator, timeline_id, writers, staged):
        events, roles, citations = [], [], []
        for event, event_roles, event_citations in generator.events(timeline_id):
            if staged:
                event["search_quotes"] = " ".join(c["quote"] for c in event_citations)
                event["search_actor_names"] = " ".join(
                    generator.actor_names[role["actor_id"]] for role in event_roles
                )
            events.append(event)
            roles.extend(event_roles)
            citations.extend(event_citations)
            if len(events) == CHUNK:
                self._flush(writers, events, roles, citations)
                events, roles, citations = [], [], []
        self._flush(writers, events, roles, citations)

    def _flush(self, writers, events, roles, citations):
        if not events:
            return
        writers[Event].write(events)
        writers[EventActor].write(roles)
        writers[Citation].write(citations)
        if self.verbosity >= 2:
            self.stdout.write(f"  {writers[Event].count:,} events written")
