"""Adding a source by URL, its status, Archive now, the archived copy and its WARC download."""

from __future__ import annotations

import hashlib
import html

import pytest
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from tests.evidence.pages import Route
from tests.evidence.test_archive import NILE, url_source
from tests.factories import SourceFactory, UserFactory
from timeline.evidence.archive import request_archive, run_archive
from timeline.models import ArchiveState, Snapshot, Source

pytestmark = pytest.mark.django_db

NEW = "/sources/new/"


@pytest.fixture(autouse=True)
def storage(media_root):
    return media_root


@pytest.fixture
def editor_client(timeline, editor):
    client = Client()
    client.force_login(editor)
    return client


def htmx(client, url, data=None):
    if data is None:
        return client.get(url, headers={"HX-Request": "true"})
    return client.post(url, data, headers={"HX-Request": "true"})


def archived_source(page_server, django_capture_on_commit_callbacks, body=NILE) -> Source:
    page_server.routes["/story"] = Route(body=body)
    source = url_source(page_server.url("/story"))
    with django_capture_on_commit_callbacks(execute=False):
        request_archive(source)
    run_archive(source.pk)
    source.refresh_from_db()
    return source


def test_the_form_offers_a_url_field_and_add_source(editor_client):
    page = editor_client.get(NEW).content.decode()
    assert '<label for="id_by_url-url">URL</label>' in page
    assert ">Add source</button>" in page
    assert "Paste the article" in page  # pasting still works


def test_add_source_creates_it_at_once_and_queues_its_archive(
    editor_client, timeline, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = htmx(
            editor_client,
            NEW,
            {
                "step": "url",
                "by_url-url": "https://news.example.org/a?utm_source=x",
                "by_url-timeline": "ceasefire",
            },
        )
    assert response.status_code == 200
    source = Source.objects.get()
    assert source.archive_state == ArchiveState.QUEUED
    assert DBTaskResult.objects.get().args_kwargs["args"] == [source.pk]
    page = response.content.decode()
    assert "Added" in page and "Queued" in page
    status_url = reverse("timeline:source_archive_status", args=[source.pk])
    assert f'hx-get="{status_url}?timeline=ceasefire"' in page
    assert 'hx-trigger="every 2s"' in page


def test_a_url_already_known_gives_the_existing_source(editor_client):
    known = SourceFactory(url="https://www.news.example.org/a/")
    response = htmx(editor_client, NEW, {"step": "url", "by_url-url": "http://news.example.org/a"})
    assert response.status_code == 200
    assert Source.objects.get() == known
    assert "Already a source" in response.content.decode()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("", "Give the article&#x27;s address"),
        ("ftp://files.example.org/a", "Only http:// and https:// links"),
        ("https://" + "a" * 2100, "at most 2000 characters"),
    ],
)
def test_a_bad_url_is_refused_next_to_the_field(editor_client, url, message):
    response = htmx(editor_client, NEW, {"step": "url", "by_url-url": url})
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Source.objects.exists()
    plain = editor_client.post(NEW, {"step": "url", "by_url-url": url})
    assert plain.status_code == 400
    assert message in plain.content.decode()


def test_adding_by_url_without_javascript_goes_to_the_source_page(
    editor_client, django_capture_on_commit_callbacks
):
    response = editor_client.post(NEW, {"step": "url", "by_url-url": "https://example.org/b"})
    source = Source.objects.get()
    assert response.status_code == 302
    assert response["Location"] == source.get_absolute_url()


@pytest.mark.parametrize(("role", "status"), [("anonymous", 302), ("reader", 403)])
def test_only_editors_add_sources_and_archive(timeline, role, status):
    source = SourceFactory()
    client = Client()
    if role == "reader":
        client.force_login(UserFactory(username="reader"))
    add = client.post(NEW, {"step": "url", "by_url-url": "https://example.org/c"})
    archive = client.post(reverse("timeline:source_archive", args=[source.pk]))
    status_page = client.get(reverse("timeline:source_archive_status", args=[source.pk]))
    assert (add.status_code, archive.status_code, status_page.status_code) == (status,) * 3
    assert Source.objects.count() == 1
    source.refresh_from_db()
    assert source.archive_state == ""


def test_archive_now_needs_the_csrf_token(timeline, editor):
    source = SourceFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    url = reverse("timeline:source_archive", args=[source.pk])
    assert client.post(url).status_code == 403
    assert htmx(client, url, {}).status_code == 403
    source.refresh_from_db()
    assert source.archive_state == ""


def test_archive_now_queues_one_job_however_often_pressed(
    editor_client, django_capture_on_commit_callbacks
):
    source = SourceFactory()
    url = reverse("timeline:source_archive", args=[source.pk])
    with django_capture_on_commit_callbacks(execute=True):
        first = htmx(editor_client, url, {})
        htmx(editor_client, url, {})
    assert "Queued" in first.content.decode()
    assert DBTaskResult.objects.count() == 1


def test_the_status_stops_polling_once_archived_and_links_the_review(
    editor_client, page_server, django_capture_on_commit_callbacks
):
    source = archived_source(page_server, django_capture_on_commit_callbacks)
    url = reverse("timeline:source_archive_status", args=[source.pk]) + "?timeline=ceasefire"
    page = htmx(editor_client, url).content.decode()
    assert "Archived" in page
    assert "hx-trigger" not in page
    assert reverse("timeline:suggestions", args=["ceasefire", source.pk]) in page
    assert "Review suggested events" in page


def test_a_failed_archive_shows_its_reason(
    editor_client, page_server, django_capture_on_commit_callbacks
):
    page_server.routes["/gone"] = Route(404, b"")
    source = url_source(page_server.url("/gone"))
    with django_capture_on_commit_callbacks(execute=False):
        request_archive(source)
    run_archive(source.pk)
    page = htmx(editor_client, reverse("timeline:source_archive_status", args=[source.pk]))
    assert "Failed" in page.content.decode() and "404" in page.content.decode()


def test_the_source_page_gives_the_archived_copy_hash_final_url_and_warc(
    page_server, django_capture_on_commit_callbacks
):
    source = archived_source(page_server, django_capture_on_commit_callbacks)
    snapshot = Snapshot.objects.get()
    page = Client().get(source.get_absolute_url()).content.decode()
    assert f'href="{snapshot.get_absolute_url()}">Archived copy</a>' in page
    assert snapshot.sha256 in page
    assert page_server.url("/story") in page
    assert "Download WARC" in page
    assert "Archive now" not in page


def test_editors_get_archive_now_on_the_source_page(
    editor_client, page_server, django_capture_on_commit_callbacks
):
    source = archived_source(page_server, django_capture_on_commit_callbacks)
    page = editor_client.get(source.get_absolute_url()).content.decode()
    assert "Archive now" in page


def test_the_archived_copy_is_our_text_page_never_the_archived_html(
    page_server, django_capture_on_commit_callbacks
):
    hostile = NILE.replace(
        b"<p>The agreement", b"<script>alert('archived')</script><p>The agreement"
    )
    source = archived_source(page_server, django_capture_on_commit_callbacks, body=hostile)
    response = Client().get(Snapshot.objects.get().get_absolute_url())
    page = response.content.decode()
    assert response["Content-Type"].startswith("text/html")
    assert "seven-day humanitarian truce" in page
    assert "alert(" not in page
    assert '<div class="story-body">' not in page
    assert html.escape(source.title) in page


def test_the_warc_downloads_as_an_attachment_with_its_hash(
    page_server, django_capture_on_commit_callbacks
):
    archived_source(page_server, django_capture_on_commit_callbacks)
    snapshot = Snapshot.objects.get()
    response = Client().get(
        reverse("timeline:snapshot_warc", args=[snapshot.source_id, snapshot.pk])
    )
    body = b"".join(response.streaming_content)
    assert response["Content-Type"] == "application/warc"
    assert response["Content-Disposition"].startswith("attachment;")
    assert hashlib.sha256(body).hexdigest() == snapshot.warc_sha256


def test_a_snapshot_of_another_source_is_not_found(page_server, django_capture_on_commit_callbacks):
    archived_source(page_server, django_capture_on_commit_callbacks)
    other = SourceFactory()
    snapshot = Snapshot.objects.get()
    assert Client().get(f"/sources/{other.pk}/snapshots/{snapshot.pk}/").status_code == 404
    assert Client().get(f"/sources/{other.pk}/snapshots/{snapshot.pk}/warc/").status_code == 404


def test_the_review_warns_of_a_quote_not_in_the_archived_copy(
    editor_client, page_server, django_capture_on_commit_callbacks
):
    from tests.ingesting import SEED_TEXT, known_actors_and_places

    known_actors_and_places()
    page_server.routes["/story"] = Route(body=b"<html><body><p>Another story.</p></body></html>")
    source = url_source(page_server.url("/story"), text=SEED_TEXT)
    with django_capture_on_commit_callbacks(execute=False):
        request_archive(source)
    run_archive(source.pk)
    page = editor_client.get(reverse("timeline:suggestions", args=["ceasefire", source.pk]))
    assert "Suggested events" in page.content.decode()
    assert "Quote not found in the archived copy" in page.content.decode()


def test_a_pasted_article_with_an_address_is_archived_too(
    editor_client, django_capture_on_commit_callbacks
):
    from tests.ingesting import paste_and_save

    with django_capture_on_commit_callbacks(execute=True):
        source, _ = paste_and_save(
            editor_client, timeline="ceasefire", url="https://news.example.org/ceasefire"
        )
    assert source.archive_state == ArchiveState.QUEUED
    assert DBTaskResult.objects.get().args_kwargs["args"] == [source.pk]
    assert source.text  # the pasted text stays the source's


def test_a_pasted_article_without_an_address_queues_nothing(
    editor_client, django_capture_on_commit_callbacks
):
    from tests.ingesting import paste_and_save

    with django_capture_on_commit_callbacks(execute=True):
        source, _ = paste_and_save(editor_client, timeline="ceasefire")
    assert source.archive_state == ""
    assert not DBTaskResult.objects.exists()


def test_the_archived_copy_of_a_source_cited_only_by_drafts_is_not_found_by_readers(
    page_server, django_capture_on_commit_callbacks
):
    from tests.factories import CitationFactory, EventFactory
    from timeline.models import PublicationStatus

    source = archived_source(page_server, django_capture_on_commit_callbacks)
    CitationFactory(source=source, event=EventFactory(status=PublicationStatus.DRAFT))
    snapshot = Snapshot.objects.get()
    page = f"/sources/{source.pk}/snapshots/{snapshot.pk}/"
    assert Client().get(page).status_code == 404
    assert Client().get(f"{page}warc/").status_code == 404
