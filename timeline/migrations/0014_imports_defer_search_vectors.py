"""Bulk imports build the search vectors once per event, not once per actor role and citation.

Migration 0004's triggers recompute an event's stored vector after each row of its citations
and actor roles: an import of N events with ~4 such rows each ran ~4N UPDATEs of whole event
rows (each re-reading every quote and actor name). Inside a transaction that has set
``timeline.defer_search_vectors`` to ``on`` (``SET LOCAL``: no other transaction sees it), the
triggers now leave the vector alone; the import then rebuilds its events' vectors in one UPDATE
(`timeline.services.imports`). Every other write keeps the triggers exactly as before.
"""

from django.db import migrations

DEFERRED = "current_setting('timeline.defer_search_vectors', true) = 'on'"

OWN = f"""
CREATE OR REPLACE FUNCTION timeline_event_search_vector_own() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF {DEFERRED} THEN
    RETURN NEW;
  END IF;
  NEW.search_vector := timeline_event_search_vector(NEW);
  RETURN NEW;
END
$$
"""

CHILD = """
CREATE OR REPLACE FUNCTION timeline_event_search_vector_of_child() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  affected bigint[];
BEGIN
  {skip}IF TG_OP = 'INSERT' THEN
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
"""

OWN_BEFORE = """
CREATE OR REPLACE FUNCTION timeline_event_search_vector_own() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_vector := timeline_event_search_vector(NEW);
  RETURN NEW;
END
$$
"""

FORWARDS = [OWN, CHILD.format(skip=f"IF {DEFERRED} THEN\n    RETURN NULL;\n  END IF;\n  ")]
BACKWARDS = [OWN_BEFORE, CHILD.format(skip="")]


def on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("timeline", "0013_event_history_tags")]

    operations = [migrations.RunPython(on_postgresql(FORWARDS), on_postgresql(BACKWARDS))]
