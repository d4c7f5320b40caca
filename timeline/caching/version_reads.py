"""The content-version statements on PostgreSQL, run through libpq itself.

A cached reader page costs one small statement: its content version (`responses._rows`).
Through Django's cursor it cost 165 microseconds of CPU per request, against 23 through libpq
(`psycopg.pq`, psycopg's own binding of it): a Django cursor, a psycopg cursor, and psycopg's
preparing and waiting machinery, all in Python, around a statement the database answers in
microseconds. That was half of a cached hit's work. Here each statement is prepared once per
connection under its own name and run with `exec_prepared` (prepared again if the server
discarded it); with `DATABASE_PREPARE_THRESHOLD=""` (PgBouncer before 1.21) each runs
unprepared with `exec_params`. Timestamps are read by psycopg's C loader (in the session's
time zone, UTC, as the ORM reads them).

The same connection as Django's is used, outside transactions only (a request's version read
runs in autocommit), and only when nobody is counting queries (`connection.queries_logged`:
DEBUG, or a test's `CaptureQueriesContext`): those go through Django's cursor, which logs
them. A failure is
raised as Django's `OperationalError` and marks the connection for Django's check at the end of
the request, as an error through Django's cursor would.
"""

from __future__ import annotations

import functools
import itertools
import re
import weakref

from django.conf import settings
from django.db import OperationalError
from psycopg import pq

from config.postgresql.base import FastTimestamptzLoader

TIMESTAMPTZ_OID = 1184
# SQLSTATE 26000: the prepared statement is gone (a pool's DISCARD ALL, a reset connection).
INVALID_SQL_STATEMENT_NAME = b"26000"
_PLACEHOLDER = re.compile(r"%s")
SUCCESS = frozenset((pq.ExecStatus.TUPLES_OK, pq.ExecStatus.COMMAND_OK))
FATAL_ERROR = pq.ExecStatus.FATAL_ERROR
IDLE = pq.TransactionStatus.IDLE
_NUMBERS = itertools.count()  # statement names, never used twice in a process

# Per psycopg connection: the statements prepared on it, and its timestamp loader.
_prepared: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def rows(database, sql: str, params) -> list[tuple] | None:
    """The rows of `sql` (Django's `%s` placeholders) with `params` on `database` (a Django
    connection itself, not the `django.db.connection` proxy, whose every attribute is a
    lookup of its own), as text, int and datetime values (the version statements' columns: a
    kind, an id, a text, a timestamp).

    None (read them through Django's cursor) unless `database` is PostgreSQL, nobody counts
    its queries, and it is outside any transaction: a statement prepared in a transaction
    that is rolled back is lost with it.
    """
    if database.vendor != "postgresql" or database.queries_logged:
        return None
    database.ensure_connection()
    native = database.connection
    if native.pgconn.transaction_status != IDLE:
        return None
    state = _prepared.get(native)
    if state is None:
        state = _prepared[native] = ({}, FastTimestamptzLoader(TIMESTAMPTZ_OID, native))
    names, loader = state
    values = [str(value).encode() for value in params]
    result = _execute(database, native.pgconn, names, sql, values)
    return [
        tuple(
            _value(result.get_value(row, column), result.ftype(column), loader)
            for column in range(result.nfields)
        )
        for row in range(result.ntuples)
    ]


def _execute(database, pgconn, names: dict, sql: str, values: list[bytes]):
    if not settings.PREPARE_THRESHOLD:  # nothing prepared (PgBouncer before 1.21, say)
        result = pgconn.exec_params(_numbered(sql), values)
        _check(database, result)
        return result
    name = names.get(sql)
    if name is None:
        name = names[sql] = _prepare(database, pgconn, sql)
    result = pgconn.exec_prepared(name, values)
    if (
        result.status == FATAL_ERROR
        and result.error_field(pq.DiagnosticField.SQLSTATE) == INVALID_SQL_STATEMENT_NAME
    ):
        names[sql] = name = _prepare(database, pgconn, sql)
        result = pgconn.exec_prepared(name, values)
    _check(database, result)
    return result


def _prepare(database, pgconn, sql: str) -> bytes:
    name = f"timeline_version_{next(_NUMBERS)}".encode()
    _check(database, pgconn.prepare(name, _numbered(sql)))
    return name


@functools.cache
def _numbered(sql: str) -> bytes:
    """`sql` with libpq's numbered placeholders ($1, $2...) for Django's `%s`."""
    numbers = iter(range(1, sql.count("%s") + 1))
    return _PLACEHOLDER.sub(lambda _: f"${next(numbers)}", sql).encode()


def _check(database, result) -> None:
    if result.status not in SUCCESS:
        database.errors_occurred = True  # Django checks the connection after the request
        message = result.get_error_message() or "the version statement failed"
        raise OperationalError(message)


INT_OIDS = frozenset((20, 21, 23))  # int8, int2, int4


def _value(raw: bytes | None, oid: int, loader):
    if raw is None:
        return None
    if oid == TIMESTAMPTZ_OID:
        return loader.load(raw)
    if oid in INT_OIDS:
        return int(raw)
    return raw.decode()
