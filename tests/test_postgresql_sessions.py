"""The app's PostgreSQL sessions (config/settings.py): planned for data on SSDs or in memory,
and statements bound on the server, so a query the app repeats is planned once per connection;
timestamps read by psycopg's C loader (config/postgresql/base.py).
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection

from tests.factories import EventFactory
from timeline.models import Event

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="PostgreSQL only: session settings"
    ),
]


def test_the_apps_sessions_price_reading_out_of_order_as_on_an_ssd():
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == "1.1"


def test_a_query_the_app_repeats_is_prepared_once_on_its_connection():
    event = EventFactory()
    for _ in range(6):  # psycopg prepares a statement from its fifth run on a connection
        assert Event.objects.filter(pk=event.pk, title=event.title).get() == event
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT statement, parameter_types FROM pg_prepared_statements WHERE statement LIKE %s",
            ['%FROM "timeline_event" WHERE ("timeline_event"."id" = $1 AND%'],
        )
        prepared = cursor.fetchall()
    assert len(prepared) == 1
    assert len(prepared[0][1]) == 2  # the id and the title, sent apart from the SQL


def test_timestamps_read_with_psycopgs_loader_are_the_same_utc_datetimes():
    event = EventFactory()
    with connection.cursor() as cursor:
        cursor.execute("SELECT updated_at FROM timeline_event WHERE id = %s", [event.pk])
        (stamp,) = cursor.fetchone()
    loader = connection.connection.adapters.get_loader(1184, 0)  # timestamptz, as text
    assert loader.__name__ == "UtcTimestamptzLoader"
    assert stamp == event.updated_at
    assert stamp.tzinfo is datetime.UTC  # as Django's own loader gives them
    assert repr(Event.objects.get(pk=event.pk).updated_at) == repr(event.updated_at)
