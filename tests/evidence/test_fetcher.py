"""The safe fetcher against a local server: redirects, caps, content types, time limits."""

from __future__ import annotations

import gzip
import io
import time
import zlib

import pytest

from tests.evidence.pages import Route
from timeline.evidence.fetcher import FetchError, fetch
from timeline.evidence.warc import read_responses, warc_bytes

ARTICLE = b"<html><head><title>Ceasefire</title></head><body><p>Guns fell silent.</p></body></html>"


def test_a_page_is_fetched_with_the_user_agent_from_settings(page_server, settings):
    page_server.routes["/a"] = Route(body=ARTICLE)
    result = fetch(page_server.url("/a"))
    assert result.status == 200
    assert result.body == ARTICLE
    assert result.kind == "html"
    user_agent = page_server.requests[0][1]["User-Agent"]
    assert user_agent == settings.FETCH_USER_AGENT
    assert "Timeline" in user_agent and settings.FETCH_CONTACT_URL in user_agent


def test_redirects_are_followed_and_kept(page_server):
    page_server.routes["/old"] = Route(301, headers={"Location": "/new"})
    page_server.routes["/new"] = Route(body=ARTICLE)
    result = fetch(page_server.url("/old"))
    assert result.final_url == page_server.url("/new")
    assert [e.status for e in result.exchanges] == [301, 200]


def test_more_than_five_redirects_fail(page_server):
    for hop in range(7):
        page_server.routes[f"/{hop}"] = Route(302, headers={"Location": f"/{hop + 1}"})
    with pytest.raises(FetchError, match="more than 5 times"):
        fetch(page_server.url("/0"))
    assert len(page_server.requests) == 6


def test_five_redirects_are_followed(page_server):
    for hop in range(5):
        page_server.routes[f"/{hop}"] = Route(302, headers={"Location": f"/{hop + 1}"})
    page_server.routes["/5"] = Route(body=ARTICLE)
    assert fetch(page_server.url("/0")).status == 200


def test_a_redirect_loop_fails_with_its_reason(page_server):
    page_server.routes["/a"] = Route(302, headers={"Location": "/b"})
    page_server.routes["/b"] = Route(302, headers={"Location": "/a"})
    with pytest.raises(FetchError, match="redirects in a loop"):
        fetch(page_server.url("/a"))


def test_an_error_status_is_returned_not_read(page_server):
    page_server.routes["/gone"] = Route(404, b"missing")
    result = fetch(page_server.url("/gone"))
    assert (result.status, result.ok, result.body) == (404, False, b"")


def test_binary_content_is_refused(page_server):
    page_server.routes["/x"] = Route(
        body=b"\x00\x01\x02", headers={"Content-Type": "application/octet-stream"}
    )
    with pytest.raises(FetchError, match="application/octet-stream, not HTML"):
        fetch(page_server.url("/x"))


@pytest.mark.parametrize(
    ("content_type", "kind"),
    [
        ("text/html; charset=utf-8", "html"),
        ("application/xhtml+xml", "html"),
        ("text/plain", "text"),
        ("application/pdf", "pdf"),
    ],
)
def test_html_xhtml_text_and_pdf_are_read(page_server, content_type, kind):
    page_server.routes["/doc"] = Route(
        body=b"%PDF-1.4 or text", headers={"Content-Type": content_type}
    )
    assert fetch(page_server.url("/doc")).kind == kind


def test_a_body_over_the_cap_stops_at_the_cap(page_server, settings):
    settings.FETCH_MAX_BYTES = 1024 * 1024
    page_server.routes["/big"] = Route(body=b"<p>" + b"a" * (2 * 1024 * 1024))
    with pytest.raises(FetchError, match="larger than 1 MB"):
        fetch(page_server.url("/big"))


def test_a_gzip_bomb_stops_at_the_cap(page_server):
    bomb = gzip.compress(b"\0" * (64 * 1024 * 1024), compresslevel=9)
    assert len(bomb) < 100 * 1024
    page_server.routes["/bomb"] = Route(
        body=bomb, headers={"Content-Type": "text/html", "Content-Encoding": "gzip"}
    )
    started = time.monotonic()
    with pytest.raises(FetchError, match="larger than 10 MB once decompressed"):
        fetch(page_server.url("/bomb"))
    assert time.monotonic() - started < 10


def test_gzip_and_deflate_are_decoded(page_server):
    page_server.routes["/gz"] = Route(
        body=gzip.compress(ARTICLE),
        headers={"Content-Type": "text/html", "Content-Encoding": "gzip"},
    )
    page_server.routes["/deflate"] = Route(
        body=zlib.compress(ARTICLE),
        headers={"Content-Type": "text/html", "Content-Encoding": "deflate"},
    )
    assert fetch(page_server.url("/gz")).body == ARTICLE
    assert fetch(page_server.url("/deflate")).body == ARTICLE


def test_a_slow_page_is_given_up_after_the_whole_time_limit(page_server, settings):
    settings.FETCH_TOTAL_TIMEOUT = 1.5
    page_server.routes["/slow"] = Route(body=b"<p>" + b"x" * 4096, drip=0.2)
    started = time.monotonic()
    with pytest.raises(FetchError, match="took longer") as error:
        fetch(page_server.url("/slow"))
    assert error.value.transient
    assert time.monotonic() - started < 4


def test_an_unreachable_host_is_a_transient_failure(settings):
    settings.FETCH_ALLOW_HOSTS = ["127.0.0.1:9"]
    with pytest.raises(FetchError, match="could not be reached") as error:
        fetch("http://127.0.0.1:9/")
    assert error.value.transient


def test_a_name_that_does_not_resolve_fails_with_dns_in_the_reason():
    with pytest.raises(FetchError, match="could not be found"):
        fetch("http://no-such-host.invalid/")


def test_the_warc_keeps_every_exchange_and_the_payload(page_server):
    page_server.routes["/old"] = Route(302, headers={"Location": "/new"})
    page_server.routes["/new"] = Route(
        body=gzip.compress(ARTICLE),
        headers={"Content-Type": "text/html", "Content-Encoding": "gzip"},
    )
    result = fetch(page_server.url("/old"))
    stored = list(read_responses(io.BytesIO(warc_bytes(result.exchanges))))
    assert [(r.url, r.status) for r in stored] == [
        (page_server.url("/old"), 302),
        (page_server.url("/new"), 200),
    ]
    assert stored[1].payload == ARTICLE
