"""Django's PostgreSQL backend, reading timestamps with psycopg's C loader.

Django registers its own loader for `timestamptz` columns (to give them its time zone): a
subclass of psycopg's pure-Python loader, about 10 microseconds a value against half a
microsecond for psycopg's C loader (`psycopg[binary]`). A chronology page reads a hundred
timestamps, an export thousands. Django keeps every session's TimeZone at its own
(`_configure_timezone`), and the C loader gives values in the session's zone: in UTC, this
app's setting, the same `datetime.timezone.utc` datetimes as Django's loader. Any other zone
keeps Django's loader.

config/settings.py sets `ENGINE` to this package for PostgreSQL URLs.
"""

from __future__ import annotations

import datetime
import functools

from django.db.backends.postgresql import base
from psycopg import adapt

try:
    from psycopg_binary._psycopg import TimestamptzLoader as FastTimestamptzLoader
except ImportError:  # psycopg without its binary package: the pure-Python loader
    from psycopg.types.datetime import TimestamptzLoader as FastTimestamptzLoader


class UtcTimestamptzLoader(adapt.Loader):
    """psycopg's own `timestamptz` loader, with the `timezone` attribute that Django's
    `create_cursor` compares with the connection's (the C loader's class is closed to
    subclasses, so each instance holds one and takes its `load`)."""

    timezone = datetime.UTC

    def __init__(self, oid, context=None):
        super().__init__(oid, context)
        self._fast = FastTimestamptzLoader(oid, context)
        self.load = self._fast.load  # the C loader's own, bound: no Python frame per value

    def load(self, data):
        return self._fast.load(data)


@functools.cache
def utc_adapters(template: adapt.AdaptersMap) -> adapt.AdaptersMap:
    adapters = adapt.AdaptersMap(template)
    adapters.register_loader("timestamptz", UtcTimestamptzLoader)
    return adapters


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self):
        params = super().get_connection_params()
        # "context": Django's adapters (psycopg 3), one map per time zone.
        if "context" in params and self.timezone == datetime.UTC:
            params["context"] = utc_adapters(params["context"])
        return params
