"""The content-version statements run through libpq on PostgreSQL
(timeline.caching.version_reads): the same versions as through Django's cursor.

Transactional tests: a request's version read runs in autocommit, and only there is libpq used.
"""

from __future__ import annotations

import pytest
from django.db import OperationalError, connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from tests.factories import ActorFactory, EventFactory, PlaceFactory, SourceFactory
from timeline.caching import responses, version_reads
from timeline.models import Event

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only: libpq"),
]
BY_SLUG = "SELECT id FROM timeline_timeline WHERE slug = %s"


def _versions(request, event, source, actor, place):
    return [
        responses.timeline_version(request, event.timeline.slug),
        responses.site_version(request),
        responses.source_version(request, source.pk),
        responses.actor_version(request, actor.slug),
        responses.place_version(request, place.slug),
    ]


def _prepared(sql: str) -> int:
    """How many statements of this text this connection has prepared on the server."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement = %s",
            [version_reads._numbered(sql).decode()],
        )
        return cursor.fetchone()[0]


def test_versions_read_through_libpq_are_those_read_through_djangos_cursor(rf):
    event = EventFactory(timeline__status="published")
    source, actor, place = SourceFactory(), ActorFactory(), PlaceFactory(latitude=34.1)
    request = rf.get("/")
    quick = _versions(request, event, source, actor, place)
    assert _prepared(responses.TIMELINE_ROWS + " WHERE slug = %s AND status = %s") == 1
    with CaptureQueriesContext(connection) as counted:  # counted: through Django's cursor
        logged = _versions(request, event, source, actor, place)
    assert len(counted) == 5
    assert quick == logged
    assert None not in quick
    event.timeline.refresh_from_db()
    assert quick[0].last_modified == event.timeline.updated_at


def test_inside_a_transaction_versions_are_read_through_djangos_cursor():
    event = EventFactory(timeline__status="published")
    sql = BY_SLUG + " -- in a transaction or not"
    with transaction.atomic():
        assert Event.objects.count() == 1  # the transaction begins with its first statement
        assert version_reads.rows(connections["default"], sql, [event.timeline.slug]) is None
    assert version_reads.rows(connections["default"], sql, [event.timeline.slug]) == [
        (event.timeline.pk,)
    ]


def test_a_version_statement_discarded_on_the_server_is_prepared_again(rf):
    event = EventFactory(timeline__status="published")
    request = rf.get("/")
    before = responses.timeline_version(request, event.timeline.slug)
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")  # as a pool's DISCARD ALL would
    assert responses.timeline_version(request, event.timeline.slug) == before


def test_versions_are_read_unprepared_when_preparing_is_turned_off(settings):
    event = EventFactory(timeline__status="published")
    sql = BY_SLUG + " -- prepared or not"
    settings.PREPARE_THRESHOLD = ""  # as behind PgBouncer before 1.21
    rows = version_reads.rows(connections["default"], sql, [event.timeline.slug])
    assert rows == [(event.timeline.pk,)]
    assert _prepared(sql) == 0
    settings.PREPARE_THRESHOLD = "5"
    version_reads.rows(connections["default"], sql, [event.timeline.slug])
    assert _prepared(sql) == 1


def test_a_failing_statement_is_django_s_error_and_marks_the_connection_for_checking():
    database = connections["default"]
    with pytest.raises(OperationalError, match="timeline_nowhere"):
        version_reads.rows(database, "SELECT id FROM timeline_nowhere WHERE id = %s", [1])
    assert database.errors_occurred
    database.errors_occurred = False
