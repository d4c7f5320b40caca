"""The WSGI layer in front of Django (timeline.caching.front): a cached reader page answered from
the process's memory is the page Django would send, and is never answered once its content
version (database or Redis) has moved on, nor to anyone Django would treat as personal."""

from __future__ import annotations

from wsgiref.util import setup_testing_defaults

import pytest
from django.core.cache import caches
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from timeline.caching import responses
from timeline.caching.front import FrontCache, ResponseMemory
from timeline.models import Citation

pytestmark = pytest.mark.django_db

HOP_BY_HOP = {"x-accel-expires"}  # recomputed per request, as of its version read


class CountingHandler(WSGIHandler):
    """Django's WSGI handler, counting the requests that reach it."""

    calls = 0

    def __call__(self, environ, start_response):
        self.calls += 1
        return super().__call__(environ, start_response)


@pytest.fixture
def django_app():
    """Django's handler as in production, minus the connection closing a test's transaction
    cannot survive (django.test.Client disconnects the same receivers)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield CountingHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def front(django_app):
    return FrontCache(django_app)


def call(application, path, method="GET", **headers):
    """(status code, headers as a dict with lower-case names, body) of one WSGI request."""
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": headers.pop("query", ""),
        "SERVER_NAME": "testserver",
        "HTTP_HOST": headers.pop("host", "testserver"),
        "REMOTE_ADDR": "127.0.0.1",
    }
    environ.update(("HTTP_" + name.upper(), value) for name, value in headers.items())
    setup_testing_defaults(environ)  # the rest of a WSGI request (wsgi.input, the port...)
    seen = {}

    def start_response(status, response_headers, exc_info=None):
        seen["status"] = int(status.split()[0])
        seen["headers"] = response_headers

    result = application(environ, start_response)
    try:
        body = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    names = [name.lower() for name, _ in seen["headers"]]
    assert len(names) == len(set(names)), f"a header sent twice: {names}"
    return seen["status"], {name.lower(): value for name, value in seen["headers"]}, body


def without_expiry(headers: dict) -> dict:
    return {name: value for name, value in headers.items() if name not in HOP_BY_HOP}


@pytest.fixture(params=["database", "cache"])
def version_source(request, settings):
    settings.CONTENT_VERSION_SOURCE = request.param
    return request.param


def test_a_second_get_is_answered_from_memory_as_django_would_answer_it(
    front, django_app, story, version_source
):
    url = story.get_absolute_url()
    first = call(front, url)  # rendered and stored by the middleware; kept by the front layer
    from_django = call(django_app, url)  # the middleware's hit, from the shared cache
    calls = django_app.calls
    from_memory = call(front, url)
    assert django_app.calls == calls, "answered without Django"
    assert from_memory[0] == from_django[0] == first[0] == 200
    assert from_memory[2] == from_django[2] == first[2]
    assert without_expiry(from_memory[1]) == without_expiry(from_django[1])
    for header in ("content-security-policy", "x-content-type-options", "referrer-policy"):
        assert header in from_memory[1]
    for header in ("etag", "cache-control", "vary", "content-length", "x-frame-options"):
        assert header in from_memory[1]
    assert "x-accel-expires" in from_memory[1]


def test_a_hit_from_memory_gets_a_front_cache_expiry_as_of_this_request(
    front, django_app, story, monkeypatch
):
    monkeypatch.setattr(responses, "clock", lambda: 1_800_000_000.2)
    call(front, story.get_absolute_url())
    monkeypatch.setattr(responses, "clock", lambda: 1_800_000_500.9)
    calls = django_app.calls
    again = call(front, story.get_absolute_url())
    assert django_app.calls == calls
    assert again[1]["x-accel-expires"] == "@1800000500"


def test_an_edit_is_seen_on_the_next_request_in_database_mode(front, django_app, story):
    url = story.get_absolute_url()
    call(front, url)
    assert b"Quote of day 2" in call(front, url)[2]
    citation = Citation.objects.get(quote="Quote of day 2")
    citation.quote = "A corrected quote"
    citation.save()
    calls = django_app.calls
    body = call(front, url)[2]
    assert django_app.calls == calls + 1, "the new version is not in memory: Django renders"
    assert b"A corrected quote" in body
    assert b"Quote of day 2" not in body
    assert call(front, url)[2] == body
    assert django_app.calls == calls + 1, "and the new page is kept"


def test_a_committed_edit_is_seen_on_the_next_request_in_cache_mode(
    front, django_app, story, settings, django_capture_on_commit_callbacks
):
    settings.CONTENT_VERSION_SOURCE = "cache"
    url = story.get_absolute_url()
    call(front, url)
    call(front, url)
    with django_capture_on_commit_callbacks(execute=True):
        citation = Citation.objects.get(quote="Quote of day 2")
        citation.quote = "A corrected quote"
        citation.save()
    body = call(front, url)[2]
    assert b"A corrected quote" in body
    assert b"Quote of day 2" not in body


def test_an_edit_through_another_process_is_seen_in_cache_mode(front, django_app, story, settings):
    """Another process bumps the shared stamp: this process's memory is not used any more."""
    settings.CONTENT_VERSION_SOURCE = "cache"
    url = story.get_absolute_url()
    call(front, url)
    event = story.events.get(title="Event on day 1")
    event.title = "Renamed elsewhere"
    event.save()  # the stamp moves only on commit, which this test's transaction never does
    responses.bump_content_token()  # ... so move it as the other process's commit would
    calls = django_app.calls
    assert b"Renamed elsewhere" in call(front, url)[2]
    assert django_app.calls == calls + 1


def test_unpublishing_answers_404_at_once(front, django_app, story, version_source):
    url = story.get_absolute_url()
    call(front, url)
    story.status = "draft"
    story.save()
    responses.bump_content_token()
    assert call(front, url)[0] == 404


@pytest.mark.parametrize("cookie", ["sessionid=abc", "messages=xyz", "a=1; sessionid=abc"])
def test_a_request_with_a_session_or_messages_cookie_is_never_answered_from_memory(
    front, django_app, story, cookie, version_source
):
    url = story.get_absolute_url()
    call(front, url)
    call(front, url)
    calls = django_app.calls
    status, headers, _ = call(front, url, cookie=cookie)
    assert django_app.calls == calls + 1
    assert status == 200
    assert "private" in headers["cache-control"]


def test_another_cookie_does_not_make_a_request_personal(front, django_app, story):
    url = story.get_absolute_url()
    call(front, url)
    calls = django_app.calls
    assert call(front, url, cookie="csrftoken=abc; theme=dark")[0] == 200
    assert django_app.calls == calls


def test_head_is_answered_from_memory_with_the_gets_headers_and_no_body(
    front, django_app, story, version_source
):
    url = story.get_absolute_url()
    get = call(front, url)
    from_django = call(django_app, url, method="HEAD")
    calls = django_app.calls
    head = call(front, url, method="HEAD")
    assert django_app.calls == calls
    assert head[0] == 200
    assert head[2] == b""
    assert head[1]["content-length"] == str(len(get[2]))
    assert without_expiry(head[1]) == without_expiry(from_django[1])


def test_a_head_first_does_not_leave_an_empty_page_in_memory(front, django_app, story):
    url = story.get_absolute_url()
    assert call(front, url, method="HEAD")[2] == b""
    get = call(front, url)
    assert b"Event on day 1" in get[2]
    assert call(front, url)[2] == get[2]


def test_a_revalidation_is_answered_304_with_the_headers_of_the_middlewares_304(
    front, django_app, story, version_source
):
    url = story.get_absolute_url()
    etag = call(front, url)[1]["etag"]
    from_django = call(django_app, url, if_none_match=etag)
    calls = django_app.calls
    answer = call(front, url, if_none_match=etag)
    assert django_app.calls == calls
    assert answer[0] == from_django[0] == 304
    assert answer[2] == b""
    assert without_expiry(answer[1]) == without_expiry(from_django[1])
    assert "x-accel-expires" in answer[1]
    head = call(front, url, method="HEAD", if_none_match=etag)
    head_from_django = call(django_app, url, method="HEAD", if_none_match=etag)
    assert head[0] == 304
    assert without_expiry(head[1]) == without_expiry(head_from_django[1])


def test_a_revalidation_after_an_edit_gets_the_new_page(front, django_app, story, version_source):
    url = story.get_absolute_url()
    etag = call(front, url)[1]["etag"]
    event = story.events.get(title="Event on day 1")
    event.title = "Renamed after the ETag"
    event.save()
    responses.bump_content_token()
    status, headers, body = call(front, url, if_none_match=etag)
    assert status == 200
    assert headers["etag"] != etag
    assert b"Renamed after the ETag" in body


def test_other_methods_and_other_paths_go_to_django(front, django_app, story):
    url = story.get_absolute_url()
    call(front, url)
    calls = django_app.calls
    assert call(front, url, method="POST")[0] == 403  # no CSRF token: Django refuses it
    assert call(front, "/accounts/login/")[0] == 200
    assert call(front, "/no/such/page/")[0] == 404
    assert django_app.calls == calls + 3


def test_a_host_django_refuses_is_refused(front, django_app, story):
    url = story.get_absolute_url()
    call(front, url)
    assert call(front, url, host="evil.example")[0] == 400


def test_the_query_string_and_htmx_are_part_of_the_key(front, django_app, story):
    url = story.get_absolute_url()
    page = call(front, url)[2]
    fragment = call(front, url, hx_request="true")[2]
    assert fragment != page
    calls = django_app.calls
    assert call(front, url, hx_request="true")[2] == fragment
    assert call(front, url)[2] == page
    assert django_app.calls == calls
    assert call(front, url, query="order=newest")[2] != page


def test_with_the_response_cache_off_nothing_is_kept(front, django_app, story, settings):
    settings.RESPONSE_CACHE_TIMEOUT = 0
    url = story.get_absolute_url()
    call(front, url)
    calls = django_app.calls
    call(front, url)
    assert django_app.calls == calls + 1
    assert not front.memory.entries


def test_with_redis_a_hit_is_answered_from_memory_and_an_edit_seen_at_once(
    front, django_app, story, settings, django_capture_on_commit_callbacks
):
    settings.CACHES = {
        "default": {
            "BACKEND": "timeline.caching.redis_cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/12",
            "KEY_PREFIX": "test-front-cache",
        }
    }
    settings.CONTENT_VERSION_SOURCE = "cache"
    caches["default"].clear()
    try:
        url = story.get_absolute_url()
        first = call(front, url)
        calls = django_app.calls
        assert call(front, url)[2] == first[2]
        assert django_app.calls == calls
        with django_capture_on_commit_callbacks(execute=True):
            event = story.events.get(title="Event on day 1")
            event.title = "Renamed with Redis"
            event.save()
        assert b"Renamed with Redis" in call(front, url)[2]
    finally:
        caches["default"].clear()


def test_memory_is_bounded_by_bytes_least_recently_used_first_out():
    memory = ResponseMemory(max_bytes=10)
    memory.put("a", None, "200 OK", [], b"aaaa")
    memory.put("b", None, "200 OK", [], b"bbbb")
    assert memory.get("a") is not None  # a is now the most recent
    memory.put("c", None, "200 OK", [], b"cccc")
    assert memory.get("b") is None
    assert memory.get("a")[3] == b"aaaa"
    assert memory.get("c")[3] == b"cccc"
    assert memory.size == 8
    memory.put("huge", None, "200 OK", [], b"x" * 11)
    assert memory.get("huge") is None
    memory.put("a", None, "200 OK", [], b"a")
    assert memory.size == 5
