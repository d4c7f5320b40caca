"""Full-text search at scale on PostgreSQL: a stored, trigger-maintained tsvector and its GIN index.

The reader's search vector spans related rows (citation quotes, actor names, the place and type
names) and is built in the text-search configuration of the timeline's language. An expression
index cannot cover that (index expressions cannot read other rows), and a GIN index is only
used when the query's vector equals the indexed one. So the vector is stored once per event, in
`timeline_event.search_vector`, and the query matches that column:

- `timeline_search_configuration(language)` maps a language code to its configuration; the
  search query calls the same function, so both sides always stem alike;
- `timeline_search_document(config, title, summary, type label, quotes, actor names, place)`
  weights the texts: title (A); summary and type label (B); quotes, actor names, place (C);
- `timeline_event_search_vector(event)` reads those texts from an event's rows (quotes and
  actor roles in id order) and calls it; bulk loads (`seed_bench`) call the first directly;
- triggers keep it current on every write that changes those inputs, whatever made the write
  (ORM save, QuerySet.update, admin, raw SQL): the event itself, its citations and actor
  roles, and renames of actors, places, event types and a timeline's language;
- a GIN index on the column serves `search_vector @@ websearch_to_tsquery(...)`.

The column is not a Django model field on purpose: Django never reads or writes it (no cost
on every event query, nothing in django-simple-history's copies), and SQLite, which has no
text search, has neither column nor triggers: there the operations are no-ops and search
falls back to substring matching.
"""

from django.db import migrations

# Frozen copy: PostgreSQL's built-in configurations by ISO 639-1 code; others get "simple".
CONFIGURATIONS = {
    "ar": "arabic",
    "ca": "catalan",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "es": "spanish",
    "eu": "basque",
    "fi": "finnish",
    "fr": "french",
    "ga": "irish",
    "hi": "hindi",
    "hu": "hungarian",
    "hy": "armenian",
    "id": "indonesian",
    "it": "italian",
    "lt": "lithuanian",
    "ne": "nepali",
    "nl": "dutch",
    "no": "norwegian",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sr": "serbian",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
    "yi": "yiddish",
}

CONFIGURATION_CASES = "\n".join(
    f"        WHEN '{code}' THEN '{name}'" for code, name in sorted(CONFIGURATIONS.items())
)

FORWARDS = [
    f"""
    CREATE FUNCTION timeline_search_configuration(language text) RETURNS regconfig
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT (CASE split_part(lower(coalesce(language, '')), '-', 1)
{CONFIGURATION_CASES}
        ELSE 'simple' END)::regconfig
    $$
    """,
    "ALTER TABLE timeline_event ADD COLUMN search_vector tsvector",
    # The weighting, from the texts: one definition for the triggers and for bulk loads.
    """
    CREATE FUNCTION timeline_search_document(
      config regconfig, title text, summary text, type_label text,
      quotes text, actor_names text, place_name text
    ) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT setweight(to_tsvector(config, coalesce(title, '')), 'A')
        || setweight(to_tsvector(config,
             coalesce(summary, '') || ' ' || coalesce(type_label, '')), 'B')
        || setweight(to_tsvector(config,
             coalesce(quotes, '') || ' ' || coalesce(actor_names, '') || ' '
             || coalesce(place_name, '')), 'C')
    $$
    """,
    # The texts of one event, read from its rows.
    """
    CREATE FUNCTION timeline_event_search_vector(event timeline_event) RETURNS tsvector
    LANGUAGE sql STABLE AS $$
      SELECT timeline_search_document(
        timeline_search_configuration(
          (SELECT language FROM timeline_timeline WHERE id = event.timeline_id)),
        event.title,
        event.summary,
        (SELECT label FROM timeline_eventtype WHERE id = event.event_type_id),
        (SELECT string_agg(quote, ' ' ORDER BY id)
         FROM timeline_citation WHERE event_id = event.id),
        (SELECT string_agg(actor.name, ' ' ORDER BY part.id)
         FROM timeline_eventactor part JOIN timeline_actor actor ON actor.id = part.actor_id
         WHERE part.event_id = event.id),
        (SELECT name FROM timeline_place WHERE id = event.place_id))
    $$
    """,
    # The event's own row: computed before it is written.
    """
    CREATE FUNCTION timeline_event_search_vector_own() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
      NEW.search_vector := timeline_event_search_vector(NEW);
      RETURN NEW;
    END
    $$
    """,
    """
    CREATE TRIGGER timeline_event_search_vector
    BEFORE INSERT OR UPDATE OF title, summary, event_type_id, place_id, timeline_id
    ON timeline_event FOR EACH ROW EXECUTE FUNCTION timeline_event_search_vector_own()
    """,
    # Rows that hang off one event: recompute that event (both events when one moved).
    """
    CREATE FUNCTION timeline_event_search_vector_of_child() RETURNS trigger
    LANGUAGE plpgsql AS $$
    DECLARE
      affected bigint[];
    BEGIN
      IF TG_OP = 'INSERT' THEN
        affected := ARRAY[NEW.event_id];
      ELSIF TG_OP = 'DELETE' THEN
        affected := ARRAY[OLD.event_id];
      ELSE
        affected := ARRAY[OLD.event_id, NEW.event_id];
      END IF;
      UPDATE timeline_event SET search_vector = timeline_event_search_vector(timeline_event)
      WHERE id = ANY(affected);
      RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER timeline_citation_search_vector
    AFTER INSERT OR DELETE OR UPDATE OF quote, event_id ON timeline_citation
    FOR EACH ROW EXECUTE FUNCTION timeline_event_search_vector_of_child()
    """,
    """
    CREATE TRIGGER timeline_eventactor_search_vector
    AFTER INSERT OR DELETE OR UPDATE OF actor_id, event_id ON timeline_eventactor
    FOR EACH ROW EXECUTE FUNCTION timeline_event_search_vector_of_child()
    """,
    # Renames of shared rows: recompute every event that shows the name.
    """
    CREATE FUNCTION timeline_event_search_vector_of_shared() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_TABLE_NAME = 'timeline_actor' THEN
        UPDATE timeline_event SET search_vector = timeline_event_search_vector(timeline_event)
        WHERE id IN (SELECT event_id FROM timeline_eventactor WHERE actor_id = NEW.id);
      ELSIF TG_TABLE_NAME = 'timeline_place' THEN
        UPDATE timeline_event SET search_vector = timeline_event_search_vector(timeline_event)
        WHERE place_id = NEW.id;
      ELSIF TG_TABLE_NAME = 'timeline_eventtype' THEN
        UPDATE timeline_event SET search_vector = timeline_event_search_vector(timeline_event)
        WHERE event_type_id = NEW.id;
      ELSIF TG_TABLE_NAME = 'timeline_timeline' THEN
        UPDATE timeline_event SET search_vector = timeline_event_search_vector(timeline_event)
        WHERE timeline_id = NEW.id;
      END IF;
      RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER timeline_actor_search_vector AFTER UPDATE OF name ON timeline_actor
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION timeline_event_search_vector_of_shared()
    """,
    """
    CREATE TRIGGER timeline_place_search_vector AFTER UPDATE OF name ON timeline_place
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION timeline_event_search_vector_of_shared()
    """,
    """
    CREATE TRIGGER timeline_eventtype_search_vector AFTER UPDATE OF label ON timeline_eventtype
    FOR EACH ROW WHEN (OLD.label IS DISTINCT FROM NEW.label)
    EXECUTE FUNCTION timeline_event_search_vector_of_shared()
    """,
    """
    CREATE TRIGGER timeline_timeline_search_vector AFTER UPDATE OF language ON timeline_timeline
    FOR EACH ROW WHEN (OLD.language IS DISTINCT FROM NEW.language)
    EXECUTE FUNCTION timeline_event_search_vector_of_shared()
    """,
    "UPDATE timeline_event SET search_vector = timeline_event_search_vector(timeline_event)",
    "CREATE INDEX timeline_event_search_vector_gin ON timeline_event USING gin (search_vector)",
]

BACKWARDS = [
    "DROP TRIGGER IF EXISTS timeline_timeline_search_vector ON timeline_timeline",
    "DROP TRIGGER IF EXISTS timeline_eventtype_search_vector ON timeline_eventtype",
    "DROP TRIGGER IF EXISTS timeline_place_search_vector ON timeline_place",
    "DROP TRIGGER IF EXISTS timeline_actor_search_vector ON timeline_actor",
    "DROP TRIGGER IF EXISTS timeline_eventactor_search_vector ON timeline_eventactor",
    "DROP TRIGGER IF EXISTS timeline_citation_search_vector ON timeline_citation",
    "DROP TRIGGER IF EXISTS timeline_event_search_vector ON timeline_event",
    "DROP FUNCTION IF EXISTS timeline_event_search_vector_of_shared()",
    "DROP FUNCTION IF EXISTS timeline_event_search_vector_of_child()",
    "DROP FUNCTION IF EXISTS timeline_event_search_vector_own()",
    "DROP FUNCTION IF EXISTS timeline_event_search_vector(timeline_event)",
    "DROP FUNCTION IF EXISTS timeline_search_document(regconfig, text, text, text, text, text, text)",
    "ALTER TABLE timeline_event DROP COLUMN IF EXISTS search_vector",
    "DROP FUNCTION IF EXISTS timeline_search_configuration(text)",
]


def on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("timeline", "0003_ingest_ui_suggestion_decisions")]

    operations = [migrations.RunPython(on_postgresql(FORWARDS), on_postgresql(BACKWARDS))]
