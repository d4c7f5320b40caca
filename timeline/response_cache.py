"""Whole-response caching for anonymous readers, correct by construction.

A cached response is stored under a key made of what it shows: a *content version* read from
the database on every request (one small query: the timeline's `updated_at`, which
timeline.content_changes moves on every edit that touches the timeline), the release (a hash
of the code, templates and static files), and the request (scheme, host, path, sorted query
string, whether htmx asked for a fragment). An edit therefore changes the key, so the next
request from any process renders afresh; nothing is ever invalidated or expires to be right,
and processes with separate caches (local memory) are as correct as ones sharing Redis.

The same key gives the `ETag`, so a browser revalidating an unchanged page gets a 304
without any rendering. `Last-Modified` is sent too once the version is two seconds old (HTTP
dates count whole seconds: an edit in the same second must not look unmodified).

Only public requests are cached: GET, and no session or messages cookie (so never a logged-in
user, nor anyone with a pending flash message). Only plain 200 responses are stored, and not
one that sets a cookie (a CSRF cookie, a session) or asks not to be stored. Logged-in and
personal responses are marked `private, no-cache`.

Two parts: `cached_for_readers(version_of)` marks a view as cacheable and says how to read
its version; `ReaderCacheMiddleware`, early in the stack (right after whitenoise), answers
hits and 304s before sessions, authentication, CSRF and the rest run, and stores the finished
response (with every header the other middleware added) on a miss. A hit costs one small
query, one cache read and no template work.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date

RELEASE_INPUTS = ("templates", "static", "timeline", "config")
LAST_MODIFIED_MARGIN = datetime.timedelta(seconds=2)


@functools.cache
def release() -> str:
    """A hash of everything that shapes a page: after a deploy, old entries are never used."""
    digest = hashlib.blake2b(digest_size=8)
    base = Path(settings.BASE_DIR)
    for folder in RELEASE_INPUTS:
        for path in sorted((base / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class Version:
    """What the page shows, as of now: `tag` changes whenever the content does."""

    tag: str
    last_modified: datetime.datetime | None = None


# The versions are read on every public request, before anything else: plain SQL, as the ORM
# would spend longer building these statements than the database spends answering them.
TIMELINE_ROWS = "SELECT 'timeline', id, status, updated_at FROM timeline_timeline"
TIMELINE_ROWS_AND_SOURCE = (
    "SELECT 'timeline', id, status, updated_at FROM timeline_timeline UNION ALL "
    "SELECT 'source', id, title, updated_at FROM timeline_source WHERE id = %s"
)
TIMELINE_ROWS_AND_ACTOR = (
    "SELECT 'timeline', id, status, updated_at FROM timeline_timeline UNION ALL "
    "SELECT 'actor', id, name || '|' || kind || '|' || country_code || '|' || aliases, NULL "
    "FROM timeline_actor WHERE slug = %s"
)


def _rows(sql: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(kind, pk, text, _aware(stamp)) for kind, pk, text, stamp in cursor.fetchall()]


def _aware(value) -> datetime.datetime | None:
    """A timestamp as the ORM would give it (SQLite's driver gives text)."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    return value


def timeline_version(request, slug, *args, **kwargs) -> Version | None:
    """Pages of one published timeline (None: not public, let the view answer 404)."""
    rows = _rows(TIMELINE_ROWS + " WHERE slug = %s AND status = %s", [slug, "published"])
    if not rows:
        return None
    _, pk, _, stamp = rows[0]
    return Version(f"timeline:{pk}:{stamp.isoformat()}", stamp)


def _digest(rows) -> str:
    return hashlib.blake2b(repr(sorted(rows)).encode(), digest_size=12).hexdigest()


def site_version(request, *args, **kwargs) -> Version:
    """Pages across timelines (the index): every timeline's id, status and updated_at."""
    rows = _rows(TIMELINE_ROWS)
    return Version(f"site:{_digest(rows)}", max((row[3] for row in rows), default=None))


def source_version(request, pk, *args, **kwargs) -> Version | None:
    """A source's page: the source row, and every timeline (its events may be anywhere)."""
    rows = _rows(TIMELINE_ROWS_AND_SOURCE, [pk])
    if not any(row[0] == "source" for row in rows):
        return None
    return Version(f"source:{pk}:{_digest(rows)}", max(row[3] for row in rows))


def actor_version(request, slug, *args, **kwargs) -> Version | None:
    """An actor's page. Actors have no updated_at: their own columns are their version."""
    rows = _rows(TIMELINE_ROWS_AND_ACTOR, [slug])
    if not any(row[0] == "actor" for row in rows):
        return None
    stamps = [row[3] for row in rows if row[3] is not None]
    return Version(f"actor:{slug}:{_digest(rows)}", max(stamps, default=None))


def is_public(request) -> bool:
    """GET without a session (so never logged in) and without flash messages waiting."""
    personal = {settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name}
    return request.method == "GET" and not personal & request.COOKIES.keys()


def variant(request) -> str:
    """Full page, htmx fragment or htmx history restore (read from the headers: this runs
    before django-htmx's middleware)."""
    if request.headers.get("HX-Request") != "true":
        return "page"
    return "htmx-restore" if request.headers.get("HX-History-Restore-Request") == "true" else "htmx"


def response_key(request, version: Version) -> str:
    query = sorted((key, value) for key in request.GET for value in request.GET.getlist(key))
    parts = [
        release(),
        version.tag,
        request.scheme,
        request.get_host(),
        request.path,
        repr(query),
        variant(request),
    ]
    return "response:" + hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()


def storable(request, response) -> bool:
    """A plain public 200 that sets no cookie (checked once every middleware has had its say)."""
    cache_control = response.get("Cache-Control", "")
    session = getattr(request, "session", None)
    messages = getattr(request, "_messages", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not (session is not None and session.modified)
        and not (messages is not None and messages.added_new)
        and "private" not in cache_control
        and "no-store" not in cache_control
    )


def _public_headers(response, etag: str, version: Version) -> None:
    response["ETag"] = etag
    if (seconds := _last_modified_seconds(version)) is not None:
        response["Last-Modified"] = http_date(seconds)
    # Stored by anyone, but revalidated every time: an edit is visible on the next request.
    patch_cache_control(response, public=True, no_cache=True)
    patch_vary_headers(response, ["Cookie", "HX-Request", "HX-History-Restore-Request"])


def cached_per_version(request, name: str, compute):
    """`compute()`, cached under the content version of a public request (a part of the page
    that does not depend on the query string, such as a chronology's facets); computed every
    time for anyone else."""
    lookup = getattr(request, "reader_cache", None)
    timeout = settings.FRAGMENT_CACHE_TIMEOUT
    if lookup is None or not timeout:
        return compute()
    key = f"part:{release()}:{lookup.version.tag}:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout)
    return value


def cached_for_readers(version_of):
    """Mark a reader view cacheable for the public; `version_of(request, *args, **kwargs)`
    reads its content version (None: not public, e.g. a draft: the view answers).

    The caching itself is done by ReaderCacheMiddleware; here a response the middleware may
    not store (or any response to a personal request) is marked private.
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if getattr(request, "reader_cache", None) is None:
                _mark_private(response)
            return response

        wrapped.reader_cache_version = version_of
        return wrapped

    return decorator


@dataclass(frozen=True)
class Lookup:
    key: str
    etag: str
    version: Version


class ReaderCacheMiddleware:
    """Answer public GETs of cacheable views from the cache, or revalidate them with a 304."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        lookup = self.lookup(request)
        if lookup is None:
            return self.get_response(request)
        conditional = get_conditional_response(
            request, etag=lookup.etag, last_modified=_last_modified_seconds(lookup.version)
        )
        if conditional is not None:
            _public_headers(conditional, lookup.etag, lookup.version)
            return conditional
        timeout = settings.RESPONSE_CACHE_TIMEOUT
        stored = cache.get(lookup.key) if timeout else None
        if stored is not None:
            return HttpResponse(stored["content"], headers=stored["headers"])
        request.reader_cache = lookup
        response = self.get_response(request)
        if not storable(request, response):
            _mark_private(response)
            return response
        _public_headers(response, lookup.etag, lookup.version)
        if timeout:
            headers = {k: v for k, v in response.items() if k.lower() != "set-cookie"}
            cache.set(lookup.key, {"content": response.content, "headers": headers}, timeout)
        return response

    @staticmethod
    def lookup(request) -> Lookup | None:
        if not is_public(request):
            return None
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
        version_of = getattr(match.func, "reader_cache_version", None)
        if version_of is None:
            return None
        version = version_of(request, *match.args, **match.kwargs)
        if version is None:
            return None
        key = response_key(request, version)
        return Lookup(key, f'"{key.split(":", 1)[1]}"', version)


def _mark_private(response) -> None:
    """Nobody but this user may store it (a view's own stricter say is kept as it is)."""
    said = response.get("Cache-Control", "")
    if "private" not in said and "no-store" not in said:
        patch_cache_control(response, private=True, no_cache=True)


def _last_modified_seconds(version: Version) -> int | None:
    """Whole seconds, as HTTP dates have, and only once no later edit can share that second."""
    if version.last_modified is None:
        return None
    if timezone.now() - version.last_modified < LAST_MODIFIED_MARGIN:
        return None
    return int(version.last_modified.timestamp())
