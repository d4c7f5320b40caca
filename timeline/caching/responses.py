"""Whole-response caching for anonymous readers, correct by construction.

A cached response is used only while the content it shows is unchanged, as known from one of
two sources (setting CONTENT_VERSION_SOURCE):

- "database" (the default without Redis): a *content version* read on every request with one
  small query: the timeline's `updated_at`, which timeline.caching.content_changes moves on every
  edit that touches the timeline (for pages across timelines, every timeline's stamp). It is part of
  the key, so an edit changes the key and the next request from any process renders afresh.
  Correct with any cache, even local memory separate in each process.
- "cache" (the default with REDIS_URL): a random *content stamp* in the shared cache, replaced
  after the commit of every edit anywhere (content_changes again). A stored response carries
  the stamp it was rendered under and is used only while that is still the stamp: one cache
  round trip per hit, no query. It needs every app process to share the cache; the parts of a
  page (facets, strip, cards) keep their own per-timeline and per-event keys, so an edit in one
  timeline costs the others only a quick re-assembly.

Either way nothing is invalidated or expires to be right, and a stamp or version, once gone,
never comes back.

The key also holds the release (a hash of the code, templates and static files) and the
request (scheme, host, path, sorted query string, whether htmx asked for a fragment). It gives
the `ETag`, so a browser revalidating an unchanged page gets a 304 without any rendering. In
database mode `Last-Modified` is sent too, once the version is two seconds old (HTTP dates
count whole seconds: an edit in the same second must not look unmodified).

Only public requests are cached: GET, and no session or messages cookie (so never a logged-in
user, nor anyone with a pending flash message). Only plain 200 responses are stored, and not
one that sets a cookie (a CSRF cookie, a session) or asks not to be stored. Logged-in and
personal responses are marked `private, no-cache`.

Two parts: `cached_for_readers(version_of)` marks a view as cacheable and says how to read
its version; `ReaderCacheMiddleware`, early in the stack (right after whitenoise), answers
hits and 304s before sessions, authentication, CSRF and the rest run, and stores the finished
response (with every header the other middleware added) on a miss.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import math
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.http import HttpResponse
from django.urls import Resolver404, get_urlconf, resolve
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date

from timeline.caching import parts, version_reads

RELEASE_INPUTS = ("templates", "static", "timeline", "config")
clock = time.time  # Unix time, for the front cache's expiry (a name tests can replace)
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
MAX_ID = 2**63 - 1  # BigAutoField's largest value
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

TIMELINE_ROWS_AND_PLACE = (
    "SELECT 'timeline', id, status, updated_at FROM timeline_timeline UNION ALL "
    "SELECT 'place', id, name || '|' || country_code || '|' || aliases || '|' || "
    "COALESCE(CAST(latitude AS TEXT), '') || '|' || COALESCE(CAST(longitude AS TEXT), '') || "
    "'|' || COALESCE(CAST(geo_precision AS TEXT), ''), NULL FROM timeline_place WHERE slug = %s"
)


def _rows(sql: str, params=()) -> list[tuple]:
    """On PostgreSQL the version statements are prepared once per connection and run through
    libpq itself (timeline.caching.version_reads) where it can; else through Django's cursor."""
    found = version_reads.rows(connections[DEFAULT_DB_ALIAS], sql, params)
    if found is not None:
        return found
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
    if not 0 < pk <= MAX_ID:
        return None  # no such row; the view answers 404 (the raw query would overflow)
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


def place_version(request, slug, *args, **kwargs) -> Version | None:
    """A place's page: its own columns, and every timeline (its events may be anywhere)."""
    rows = _rows(TIMELINE_ROWS_AND_PLACE, [slug])
    if not any(row[0] == "place" for row in rows):
        return None
    stamps = [row[3] for row in rows if row[3] is not None]
    return Version(f"place:{slug}:{_digest(rows)}", max(stamps, default=None))


def is_public(request) -> bool:
    """GET without a session (so never logged in) and without flash messages waiting."""
    personal = {settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name}
    return request.method == "GET" and not personal & request.COOKIES.keys()


def variant(request) -> str:
    """Full page, htmx fragment or htmx history restore (read from the headers: this runs
    before django-htmx's middleware)."""
    meta = request.META  # not request.headers, which would parse every header of the request
    if meta.get("HTTP_HX_REQUEST") != "true":
        return "page"
    return "htmx-restore" if meta.get("HTTP_HX_HISTORY_RESTORE_REQUEST") == "true" else "htmx"


def response_key(request, version: Version) -> str:
    query = sorted((key, value) for key in request.GET for value in request.GET.getlist(key))
    inputs = [
        release(),
        version.tag,
        request.scheme,
        request.get_host(),
        request.path,
        repr(query),
        variant(request),
    ]
    return "response:" + hashlib.blake2b("\n".join(inputs).encode(), digest_size=16).hexdigest()


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


def _public_headers(response, lookup: Lookup) -> None:
    response["ETag"] = lookup.etag
    if (seconds := _last_modified_seconds(lookup.version)) is not None:
        response["Last-Modified"] = http_date(seconds)
    # Stored by anyone, but revalidated every time: an edit is visible on the next request.
    patch_cache_control(response, public=True, no_cache=True)
    _front_cache_expiry(response, lookup)
    patch_vary_headers(response, ["Cookie", "HX-Request", "HX-History-Restore-Request"])


def front_cache_expiry(read_at: float) -> str | None:
    """`X-Accel-Expires` for content whose version was read at `read_at` (a Unix time).

    Our own front cache (nginx, deploy/) may answer with the page until then; nginx reads this
    header instead of Cache-Control and does not pass it on. An absolute time (`@<seconds>`),
    counted from when the version was read, not from when nginx got the response: a relative
    `1` would start after the render (and any queueing under load), and nginx, counting whole
    seconds and treating an entry as fresh while `expiry >= now`, keeps it up to a second
    longer still, which let an edit stay unseen for 3 s. nginx serves an entry while its
    whole-second clock is at most the expiry, so `floor(read_at) + FRONT_CACHE_SECONDS - 1`
    ends freshness by `read_at + FRONT_CACHE_SECONDS`: no page older than that is answered."""
    seconds = settings.FRONT_CACHE_SECONDS
    if not seconds:
        return None
    return f"@{math.floor(read_at) + seconds - 1}"


def _front_cache_expiry(response, lookup: Lookup) -> None:
    expiry = front_cache_expiry(lookup.read_at)
    if expiry is None:
        response.headers.pop("X-Accel-Expires", None)
    else:
        response["X-Accel-Expires"] = expiry


def cached_per_version(request, name: str, compute):
    """`compute()`, cached under the content version of a public request (a part of the page
    that does not depend on the query string, such as a chronology's facets); computed every
    time for anyone else."""
    return read_per_version(request, name, compute)[0]


def parts_tag(request) -> str | None:
    """The version that a public request's parts (facets, strip, header...) are cached under;
    None for anyone else (an editor sees drafts too)."""
    lookup = getattr(request, "reader_cache", None)
    return lookup.parts_tag() if lookup is not None else None


def read_per_version(request, name: str, compute) -> tuple[object, bool]:
    """(`cached_per_version`'s value, whether it came from the cache)."""
    tag = parts_tag(request)
    timeout = settings.FRAGMENT_CACHE_TIMEOUT
    if tag is None or not timeout:
        return compute(), False
    key = f"part:{release()}:{tag}:{name}"
    value = parts.get(key)
    if value is not None:
        return value, True
    value = compute()
    parts.set(key, value, timeout)
    return value, False


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


STAMP_KEY = "content-stamp"


def uses_cache_token() -> bool:
    return settings.CONTENT_VERSION_SOURCE == "cache"


def bump_content_token() -> None:
    """Cache mode: after a commit that changed what readers see, no stored page matches."""
    cache.set(STAMP_KEY, secrets.token_hex(8), None)


def _content_token(found: dict) -> str:
    token = found.get(STAMP_KEY)
    if token is None:  # first use, or evicted: a new random stamp, never an old one again
        cache.add(STAMP_KEY, secrets.token_hex(8), None)
        token = cache.get(STAMP_KEY)
    return token


@dataclass
class Lookup:
    """Where a public request's response is stored, and what identifies its content."""

    key: str
    etag: str
    version: Version
    request: object
    version_of: object
    arguments: tuple
    token: str | None = None  # cache mode: the stamp a stored response must carry
    stored: dict | None = None  # cache mode: read together with the stamp
    # When the version was read (Unix time): the page is current as of then, at the latest.
    read_at: float = field(default_factory=lambda: clock())
    _parts: object = field(default=None, repr=False)

    def parts_tag(self) -> str | None:
        """The timeline's own version, for parts of the page (facets, strip) that outlive an
        edit elsewhere. Database mode: the version already read. Cache mode: read now, once
        (only a page being rendered needs it)."""
        if not uses_cache_token():
            return self.version.tag
        if self._parts is None:
            args, kwargs = self.arguments
            version = self.version_of(self.request, *args, **kwargs)
            self._parts = (version.tag,) if version is not None else (None,)
        return self._parts[0]


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
            _public_headers(conditional, lookup)
            return conditional
        timeout = settings.RESPONSE_CACHE_TIMEOUT
        stored = self.stored(lookup, timeout)
        if stored is not None:
            response = HttpResponse(stored["content"], headers=stored["headers"])
            _front_cache_expiry(response, lookup)  # as of this request's version read
            _mark_for_memory(request, lookup)
            return response
        request.reader_cache = lookup
        response = self.get_response(request)
        if not storable(request, response):
            _mark_private(response)
            return response
        _public_headers(response, lookup)
        if timeout:
            headers = {k: v for k, v in response.items() if k.lower() != "set-cookie"}
            value = {"content": response.content, "headers": headers, "token": lookup.token}
            cache.set(lookup.key, value, timeout)
            _mark_for_memory(request, lookup)
        return response

    @staticmethod
    def stored(lookup: Lookup, timeout: int) -> dict | None:
        if uses_cache_token():
            return lookup.stored  # read with the token
        return cache.get(lookup.key) if timeout else None

    @staticmethod
    def lookup(request, with_stored: bool = True) -> Lookup | None:
        """Where the public request's response lives (None: not cacheable). In cache mode the
        stored response is read along with the stamp unless `with_stored` is false."""
        if not is_public(request):
            return None
        match = _cacheable_view(request.path_info, get_urlconf() or settings.ROOT_URLCONF)
        if match is None:
            return None
        version_of = match.func.reader_cache_version
        arguments = (match.args, match.kwargs)
        read_at = clock()  # before the read: the content is at least this recent
        if uses_cache_token():
            return _token_lookup(request, version_of, arguments, read_at, with_stored)
        version = version_of(request, *match.args, **match.kwargs)
        if version is None:
            return None
        key = response_key(request, version)
        etag = f'"{key.split(":", 1)[1]}"'
        return Lookup(key, etag, version, request, version_of, arguments, read_at=read_at)


@functools.lru_cache(maxsize=4096)
def _cacheable_view(path: str, urlconf: str):
    """The URL match of a path whose view is cached for readers, else None. Remembered per
    process (bounded): routing is fixed while the code runs, and walking the URL patterns was
    a tenth of a cached page's work."""
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return None
    return match if hasattr(match.func, "reader_cache_version") else None


def _token_lookup(
    request, version_of, arguments, read_at: float, with_stored: bool = True
) -> Lookup:
    """Cache mode: the stamp and the stored response in one cache round trip, no query.

    The key is the request's alone; the stored response carries the token it was rendered
    under and is used only while that is still the token. A revalidation reads the token only.
    """
    key = response_key(request, Version("token"))
    revalidating = "HTTP_IF_NONE_MATCH" in request.META
    found = cache.get_many([STAMP_KEY] if revalidating or not with_stored else [STAMP_KEY, key])
    token = _content_token(found)
    stored = found.get(key)
    if stored is not None and stored.get("token") != token:
        stored = None
    digest = hashlib.blake2b(f"{key}:{token}".encode(), digest_size=16).hexdigest()
    version = Version(f"token:{token}")
    return Lookup(
        key, f'"{digest}"', version, request, version_of, arguments, token, stored, read_at
    )


# The WSGI environ key by which the middleware tells timeline.caching.front that the response
# it gives is a public page stored under this key (and, in cache mode, stamp): the front layer
# then keeps the finished bytes and headers in its process's memory for the next hit.
MEMORY_MARK = "timeline.reader_cache"


def _mark_for_memory(request, lookup: Lookup) -> None:
    request.META[MEMORY_MARK] = (lookup.key, lookup.token)


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
