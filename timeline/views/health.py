"""Liveness for load balancers and the fault tests: 200 only when the database answers.

It must answer quickly when the database is down: a load balancer polls it every few seconds.
With the psycopg pool, a request waits up to the pool's timeout for a connection (long enough
to ride out a short restart); /healthz waits only HEALTH_TIMEOUT_SECONDS for its own.
"""

from django.db import connection
from django.db.utils import DatabaseError
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from timeline.database_outage import RETRY_AFTER_SECONDS

HEALTH_TIMEOUT_SECONDS = 1.0


def _ask_the_database() -> None:
    pool = getattr(connection, "pool", None)
    if pool is None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return
    pool.open()
    with pool.connection(timeout=HEALTH_TIMEOUT_SECONDS) as pooled:
        pooled.execute("SELECT 1").fetchone()


def _database_errors() -> tuple[type[Exception], ...]:
    try:
        import psycopg
    except ImportError:
        return (DatabaseError,)
    return (DatabaseError, psycopg.Error)


@require_GET
@never_cache
def healthz(request):
    try:
        _ask_the_database()
    except _database_errors() as error:
        response = JsonResponse(
            {"status": "unavailable", "database": "down", "error": error.__class__.__name__},
            status=503,
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return JsonResponse({"status": "ok", "database": "ok"})
