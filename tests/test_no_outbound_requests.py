"""No code path fetches a URL it was handed (issue 13, finding 1: server-side request forgery).

htmldate downloads any string that starts with "http" and has no space, so a pasted
"http://127.0.0.1:.../probe?<p>a</p><p>b</p>" made the server fetch it. The article reader now
parses the HTML itself and hands the libraries a tree. These tests point the pasted text at a
real listener on this machine and count the connections it receives: there must be none, and
the editor gets a page (never a 500).
"""

from __future__ import annotations

import contextlib
import socket
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import TimelineFactory, UserFactory
from tests.ingesting import NEW_URL, extract
from timeline.ingest.article import ArticleError, extract_article

pytestmark = pytest.mark.django_db


class Listener:
    """A TCP listener on 127.0.0.1 that counts the connections made to it."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.05)
        self.port = self.server.getsockname()[1]
        self.connections = 0
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while not self.stopping.is_set():
            try:
                conn, _ = self.server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            try:
                conn.recv(4096)
                conn.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n"
                    b"<html><head><meta name='date' content='2001-02-03'></head>"
                    b"<body><p>fetched</p></body></html>"
                )
            finally:
                conn.close()

    def url(self, path: str = "/probe") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def close(self):
        self.stopping.set()
        self.server.close()
        self.thread.join(timeout=2)


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


@pytest.fixture
def editor_client(client):
    user = UserFactory(username="ssrf-editor")
    TimelineFactory(slug="story", editors=[user])
    client.force_login(user)
    return client


def url_like_pastes(listener: Listener) -> list[str]:
    return [
        listener.url("/probe?<p>a</p><p>b</p>"),
        listener.url("/probe?<html><body><p>a</p></body></html>"),
        listener.url("/probe?<article><p>a</p><p>b</p></article>"),
        listener.url("/probe").replace("http://", "https://") + "?<p>a</p><p>b</p>",
        listener.url("/probe"),
    ]


def test_pasting_a_url_like_string_makes_no_request(editor_client, listener):
    for content in url_like_pastes(listener):
        response = extract(editor_client, timeline="story", content=content)
        assert response.status_code in {200, 400}, (content, response.status_code)
    assert listener.connections == 0


def test_uploading_a_url_like_file_makes_no_request(editor_client, listener):
    for content in url_like_pastes(listener):
        upload = SimpleUploadedFile("article.html", content.encode(), content_type="text/html")
        response = editor_client.post(
            NEW_URL, {"step": "extract", "timeline": "story", "file": upload}
        )
        assert response.status_code in {200, 400}, (content, response.status_code)
    assert listener.connections == 0


def test_a_closed_port_and_an_open_port_get_the_same_answer(editor_client, listener):
    """No port scanning: the answer does not depend on what listens at the pasted address."""
    with socket.create_server(("127.0.0.1", 0)) as probe:
        closed_port = probe.getsockname()[1]
    closed = extract(
        editor_client,
        timeline="story",
        content=f"http://127.0.0.1:{closed_port}/probe?<p>a</p><p>b</p>",
    )
    opened = extract(
        editor_client, timeline="story", content=listener.url("/probe?<p>a</p><p>b</p>")
    )
    assert closed.status_code == opened.status_code == 200
    assert "2001" not in opened.text
    assert listener.connections == 0


def test_the_article_reader_never_fetches_whatever_it_is_given(listener):
    for content in url_like_pastes(listener):
        for url in ("", listener.url("/page")):
            with contextlib.suppress(ArticleError):
                extract_article(content, url=url)
            with contextlib.suppress(ArticleError):
                extract_article(content.encode(), url=url)
    assert listener.connections == 0
