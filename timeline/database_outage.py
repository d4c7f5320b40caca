"""When the database is unreachable, answer 503 "temporarily unavailable", never a 500 traceback.

A restart or failover of PostgreSQL makes every request that touches it raise
``OperationalError`` or ``InterfaceError`` until the connection pool reconnects (its health
checks throw the broken connections away). Those requests get a short, self-contained page with
``Retry-After``, so browsers, load balancers and people know to try again, and the log gets one
warning line instead of a traceback per request.

Two hooks catch them: the middleware for errors raised by views (most of them), and
``server_error`` (``handler500``) for the few raised elsewhere, e.g. by the session middleware
saving a session after the view ran.
"""

from __future__ import annotations

import logging
import sys

from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views import defaults

RETRY_AFTER_SECONDS = 5

logger = logging.getLogger(__name__)


def is_database_outage(error: BaseException | None) -> bool:
    return isinstance(error, (OperationalError, InterfaceError))


def unavailable_response() -> HttpResponse:
    # Rendered without the request: the base template would load the session, from the database.
    response = HttpResponse(
        render_to_string("503.html", {"retry_after": RETRY_AFTER_SECONDS}), status=503
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseOutageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_database_outage(exception):
            return None
        logger.warning(
            "Database unavailable for %s %s: %s", request.method, request.path, exception
        )
        return unavailable_response()


def server_error(request, *args, **kwargs):
    """handler500: a database outage outside a view still gets the 503 page."""
    if is_database_outage(sys.exc_info()[1]):
        return unavailable_response()
    return defaults.server_error(request, *args, **kwargs)
