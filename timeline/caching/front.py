"""A WSGI layer in front of Django that answers cached reader pages from the process's memory.

A cached page through Django's stack (timeline.caching.responses.ReaderCacheMiddleware) costs
the request object, two signals and their connection handling, five middleware, the version
read, the key, and 230 KB unpickled from the cache and copied into an HttpResponse. This layer,
wrapped around the WSGI application (config/wsgi.py), does only what decides the answer:

1. the same "public" rule (GET or HEAD, no session or messages cookie) and the same check that
   the path's view is cacheable (the URL match remembered per process);
2. the content version read *on every request* from where the middleware reads it: the
   database (database mode, one small query) or the shared cache's stamp (cache mode, one
   small GET, not the stored page);
3. the same key and ETag, so a matching If-None-Match (or If-Modified-Since) is answered 304
   with the headers the middleware's 304 has;
4. otherwise the finished response (status, every header, body) as this process last sent it
   for that key, kept in a bounded memory (least recently used first out, by bytes). In cache
   mode an entry is used only while the stamp it was stored under is the stamp now.

Correctness never rests on this memory: an entry is found only under the version read from the
database or Redis for this very request, so after an edit commits the next request to any
process misses it and goes to Django. Everything else goes to Django untouched: other methods,
personal requests, paths that are not cacheable, a page this process has not sent since its
version changed (then the middleware answers from the shared cache, or renders and stores, and
this layer keeps what went out), a host Django would refuse, the https redirect, a version read
that fails. Memory entries are taken only from GET responses the middleware marked as public
pages (MEMORY_MARK), after every middleware has added its headers (CSP, security, Vary...).

`RESPONSE_MEMORY_BYTES` bounds each process's memory (0 turns this layer off);
`RESPONSE_CACHE_TIMEOUT = 0` turns it off too (no response cache at all).

In database mode the connection used for the version stays open between hits in this thread
(taking one from the pool per hit, with its health check, was a third of this layer's work); any
request that reaches Django hands it back to the pool as usual, and one that fails (a restarted
database) makes this layer pass the request to Django, which closes it and takes a fresh one.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.core.handlers.wsgi import WSGIRequest
from django.db import DatabaseError
from django.middleware.security import SecurityMiddleware
from django.utils.cache import get_conditional_response

from timeline.caching.parts import BoundedMemory
from timeline.caching.responses import (
    MEMORY_MARK,
    ReaderCacheMiddleware,
    _last_modified_seconds,
    _public_headers,
    front_cache_expiry,
)

EXPIRY_HEADER = "x-accel-expires"
# The request headers get_conditional_response reads: without any, there is nothing to check.
CONDITIONS = frozenset(
    ("HTTP_IF_MATCH", "HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_UNMODIFIED_SINCE")
)


class ResponseMemory(BoundedMemory):
    """Finished responses by key, bounded by their bodies' bytes (least recently used out)."""

    def put(self, key: str, token, status: str, headers: list, body: bytes) -> None:
        super().put(key, (token, status, headers, body), len(body))


class FrontCache:
    """WSGI middleware: cached reader pages from memory, everything else to `application`."""

    def __init__(self, application):
        self.application = application
        self.memory = ResponseMemory(settings.RESPONSE_MEMORY_BYTES)
        # The security headers Django's outermost middleware adds to every response (a 304
        # included); used only for 304s, as a 200 from memory has them already.
        self.security = SecurityMiddleware(lambda request: None)

    def __call__(self, environ, start_response):
        method = environ.get("REQUEST_METHOD")
        if (
            method not in ("GET", "HEAD")
            or not settings.RESPONSE_CACHE_TIMEOUT
            or not self.memory.max_bytes
        ):
            return self.application(environ, start_response)
        answer = self.answer(environ, method)
        if answer is None:
            return self.through_django(environ, start_response, method)
        status, headers, body = answer
        start_response(status, headers)
        return [body]

    def answer(self, environ, method: str):
        """(status, headers, body) from memory or a 304, or None: Django answers."""
        request = WSGIRequest(environ)
        request.method = "GET"  # HEAD is a GET without the body (timeline.head_requests)
        if settings.SECURE_SSL_REDIRECT and not request.is_secure():
            return None  # SecurityMiddleware redirects
        try:
            lookup = ReaderCacheMiddleware.lookup(request, with_stored=False)
        except (SuspiciousOperation, DatabaseError):
            return None  # a refused host, a bad query string, the database away: Django says
        if lookup is None:
            return None
        conditional = None
        if not CONDITIONS.isdisjoint(environ):
            conditional = get_conditional_response(
                request, etag=lookup.etag, last_modified=_last_modified_seconds(lookup.version)
            )
        if conditional is not None:
            if conditional.status_code != 304:
                return None  # a failed precondition (412): rare, Django answers it
            _public_headers(conditional, lookup)
            if not settings.SECURITY_HEADERS_FROM_FRONT:  # else nginx adds them (front_headers)
                self.security.process_response(request, conditional)
            if method == "HEAD":
                conditional["Content-Length"] = "0"  # as HeadAsGetMiddleware says
            return "304 Not Modified", list(conditional.items()), b""
        entry = self.memory.get(lookup.key)
        if entry is None or entry[0] != lookup.token:
            return None
        _, status, stored_headers, body = entry
        headers = list(stored_headers)
        expiry = front_cache_expiry(lookup.read_at)  # as of this request's version read
        if expiry is not None:
            headers.append(("X-Accel-Expires", expiry))
        return status, headers, b"" if method == "HEAD" else body

    def through_django(self, environ, start_response, method: str):
        """Django answers; a public page it marks is kept for the next hit (GET only)."""
        seen = []

        def capture(status, headers, exc_info=None):
            seen[:] = [status, headers]
            return start_response(status, headers, exc_info)

        result = self.application(environ, capture)
        mark = environ.get(MEMORY_MARK)
        if mark is None or method != "GET" or not seen or not seen[0].startswith("200 "):
            return result
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        headers = [(name, value) for name, value in seen[1] if name.lower() != EXPIRY_HEADER]
        if not any(name.lower() == "set-cookie" for name, _ in headers):
            key, token = mark
            self.memory.put(key, token, seen[0], headers, body)
        return [body]
