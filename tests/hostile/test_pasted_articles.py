"""Pasted articles are hostile input too: reading them never fails with anything but a message.

Whatever is pasted (HTML full of payloads, binary, invalid UTF-8, NUL bytes, huge or deeply
nested markup), `extract_article` returns metadata or raises ArticleError with a message for the
editor, and `suggest_events` on the extracted text returns suggestions without raising.
"""

from __future__ import annotations

import datetime
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.hostile.payloads import CORPUS
from timeline.ingest.article import ArticleError, extract_article
from timeline.ingest.suggest import suggest_events

PUBLISHED = datetime.datetime(2025, 5, 11, 9, 0, tzinfo=datetime.UTC)


def read(raw):
    try:
        article = extract_article(raw, url="https://news.example.org/pasted")
    except ArticleError as error:
        assert str(error)
        return None
    suggest_events(article.text, published_at=article.published_at or PUBLISHED)
    return article


def as_article_page(payload: str) -> str:
    return (
        f"<html><head><title>{payload}</title><meta name='author' content='{payload}'>"
        f"<meta property='og:site_name' content=\"{payload}\"></head><body><article>"
        f"<h1>{payload}</h1><p>India and Pakistan agreed to a ceasefire on 10 May 2025. "
        f"{payload}</p><p>Pakistan welcomed the US offer to mediate.</p></article></body></html>"
    )


@pytest.mark.parametrize("payload", CORPUS, ids=[p.name for p in CORPUS])
def test_every_payload_pasted_as_an_article_is_read_or_refused_with_a_message(payload):
    read(as_article_page(payload.text))
    read(payload.text)
    read(payload.text.encode("utf-8", errors="surrogatepass"))


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_pasted_are_read_or_refused_with_a_message(raw):
    read(raw)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text(max_size=2000))
def test_any_text_pasted_is_read_or_refused_with_a_message(text):
    read(text)


@pytest.mark.parametrize(
    "raw",
    [
        b"\xff\xfe\x00<\x00h\x00t\x00m\x00l\x00>",  # UTF-16 with a BOM
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10,
        "<div>" * 5000 + "deep" + "</div>" * 5000,
        "<p>" + "word " * 200_000 + "</p>",
        "x" * (3 * 1024 * 1024),
    ],
    ids=["utf16", "png", "deep-nesting", "long-paragraph", "over-2-MB"],
)
def test_awkward_pastes_are_answered_within_seconds(raw):
    started = time.perf_counter()
    read(raw)
    assert time.perf_counter() - started < 20
