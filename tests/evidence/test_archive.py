"""The archive job: a source's page fetched, kept as a snapshot, read; every failure a state."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from django_tasks_db.models import DBTaskResult

from tests.evidence.pages import Route
from tests.factories import CitationFactory, SourceFactory
from timeline.evidence.archive import request_archive, run_archive
from timeline.evidence.warc import read_responses
from timeline.models import ArchiveState, Snapshot, Source, UrlStatus

pytestmark = pytest.mark.django_db

ARTICLES = Path(__file__).resolve().parent.parent / "ingest" / "articles"
NILE = (ARTICLES / "nile-dispatch-sudan-truce.html").read_bytes()


def url_source(url: str, **fields) -> Source:
    """A source added by its URL only, as /sources/new/ makes it."""
    fields = {"title": url, "publisher": "", "published_at": None, "language": "", **fields}
    return SourceFactory(url=url, **fields)


def archive(source: Source, django_capture_on_commit_callbacks, **kwargs) -> str:
    with django_capture_on_commit_callbacks(execute=False):
        assert request_archive(source)
    return run_archive(source.pk, **kwargs)


@pytest.fixture(autouse=True)
def storage(media_root):
    return media_root


def test_a_page_becomes_a_snapshot_with_its_warc_hash_and_text(
    page_server, django_capture_on_commit_callbacks
):
    page_server.routes["/sudan"] = Route(body=NILE)
    source = url_source(page_server.url("/sudan"))
    assert archive(source, django_capture_on_commit_callbacks).startswith("archived")
    snapshot = Snapshot.objects.get(source=source)
    assert snapshot.http_status == 200
    assert snapshot.final_url == page_server.url("/sudan")
    assert snapshot.sha256 == hashlib.sha256(NILE).hexdigest()
    assert "seven-day humanitarian truce" in snapshot.text
    with snapshot.warc.open("rb") as warc:
        assert hashlib.sha256(warc.read()).hexdigest() == snapshot.warc_sha256
        warc.seek(0)
        (response,) = read_responses(warc)
    assert response.payload == NILE


def test_the_fetched_page_fills_the_source_metadata(
    page_server, django_capture_on_commit_callbacks
):
    page_server.routes["/sudan"] = Route(body=NILE)
    source = url_source(page_server.url("/sudan"))
    archive(source, django_capture_on_commit_callbacks)
    source.refresh_from_db()
    assert source.title == "Sudan's army and RSF agree seven-day truce after Jeddah talks"
    assert source.publisher == "Nile Dispatch"
    assert source.author == "Amira Osman"
    assert source.published_at.date().isoformat() == "2025-05-11"
    assert source.language == "en"
    assert "Jeddah" in source.text
    assert (source.archive_state, source.url_status) == (ArchiveState.ARCHIVED, UrlStatus.LIVE)


def test_what_the_editor_gave_is_never_overwritten(page_server, django_capture_on_commit_callbacks):
    page_server.routes["/sudan"] = Route(body=NILE)
    source = url_source(page_server.url("/sudan"), title="My headline", publisher="Desk copy")
    archive(source, django_capture_on_commit_callbacks)
    source.refresh_from_db()
    assert (source.title, source.publisher) == ("My headline", "Desk copy")


def test_a_snapshot_is_never_overwritten(page_server, django_capture_on_commit_callbacks):
    page_server.routes["/sudan"] = Route(body=NILE)
    source = url_source(page_server.url("/sudan"))
    archive(source, django_capture_on_commit_callbacks)
    snapshot = Snapshot.objects.get()
    snapshot.text = "rewritten"
    with pytest.raises(ValueError, match="never overwritten"):
        snapshot.save()
    archive(source, django_capture_on_commit_callbacks)
    assert Snapshot.objects.filter(source=source).count() == 2
    assert Snapshot.objects.order_by("pk").first().text != "rewritten"


def test_asking_twice_queues_one_job(page_server, django_capture_on_commit_callbacks):
    source = url_source(page_server.url("/a"))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert request_archive(source)
        assert not request_archive(source)
    assert len(callbacks) == 1
    assert DBTaskResult.objects.count() == 1


def test_a_job_that_runs_twice_archives_once(page_server, django_capture_on_commit_callbacks):
    page_server.routes["/sudan"] = Route(body=NILE)
    source = url_source(page_server.url("/sudan"))
    archive(source, django_capture_on_commit_callbacks)
    assert run_archive(source.pk) == "skipped: not queued"
    assert Snapshot.objects.count() == 1
    assert len(page_server.requests) == 1


def test_a_server_error_is_retried_later_then_fails(
    page_server, settings, django_capture_on_commit_callbacks
):
    settings.FETCH_RETRY_DELAYS = [30, 120]
    page_server.routes["/flaky"] = Route(503, b"busy")
    source = url_source(page_server.url("/flaky"))
    with django_capture_on_commit_callbacks(execute=True):
        request_archive(source)
    queued = DBTaskResult.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        assert run_archive(source.pk).startswith("retry in 30s")
    source.refresh_from_db()
    assert source.archive_state == ArchiveState.QUEUED
    assert "503" in source.archive_error and "attempt 2 of 3" in source.archive_error
    retry = DBTaskResult.objects.exclude(pk=queued.pk).get()
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    assert (retry.run_after - source.archive_requested_at).total_seconds() == pytest.approx(
        0, abs=1
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert run_archive(source.pk, attempt=2).startswith("retry in 120s")
        assert run_archive(source.pk, attempt=3).startswith("failed")
    source.refresh_from_db()
    assert source.archive_state == ArchiveState.FAILED
    assert "503" in source.archive_error


@pytest.mark.parametrize(
    ("route", "reason"),
    [
        (Route(404, b"no"), "answered 404"),
        (Route(body=b"\x89PNG", headers={"Content-Type": "image/png"}), "image/png, not HTML"),
    ],
)
def test_a_permanent_failure_fails_at_once_with_its_reason(
    page_server, route, reason, django_capture_on_commit_callbacks
):
    page_server.routes["/p"] = route
    source = url_source(page_server.url("/p"))
    assert archive(source, django_capture_on_commit_callbacks).startswith("failed")
    source.refresh_from_db()
    assert source.archive_state == ArchiveState.FAILED
    assert reason in source.archive_error
    assert not Snapshot.objects.exists()


def test_a_redirect_to_a_refused_address_fails_the_job(
    page_server, django_capture_on_commit_callbacks
):
    page_server.routes["/p"] = Route(302, headers={"Location": "http://169.254.169.254/latest"})
    source = url_source(page_server.url("/p"))
    archive(source, django_capture_on_commit_callbacks)
    source.refresh_from_db()
    assert source.archive_state == ArchiveState.FAILED
    assert "link-local" in source.archive_error


def test_two_failures_in_a_row_make_the_url_dead(page_server, django_capture_on_commit_callbacks):
    page_server.routes["/p"] = Route(404, b"no")
    source = url_source(page_server.url("/p"))
    archive(source, django_capture_on_commit_callbacks)
    source.refresh_from_db()
    assert source.url_status == ""
    archive(source, django_capture_on_commit_callbacks)
    source.refresh_from_db()
    assert source.url_status == UrlStatus.DEAD


@pytest.mark.parametrize(
    ("charset", "words"),
    [("windows-1252", "Café “crème” – déjà vu"), ("shift_jis", "停戦合意が発効した。")],
)
def test_a_page_in_a_legacy_charset_reads_right(
    page_server, charset, words, django_capture_on_commit_callbacks
):
    page = f"<html><head><title>T</title></head><body><p>{words} {words}</p></body></html>"
    page_server.routes["/legacy"] = Route(
        body=page.encode(charset), headers={"Content-Type": f"text/html; charset={charset}"}
    )
    source = url_source(page_server.url("/legacy"))
    archive(source, django_capture_on_commit_callbacks)
    assert words in Snapshot.objects.get().text


def test_a_legacy_charset_declared_only_in_the_page_reads_right(
    page_server, django_capture_on_commit_callbacks
):
    words = "Café “crème” – déjà vu, à Genève"
    page = f'<html><head><meta charset="windows-1252"><title>T</title></head><body><p>{words}</p>'
    page_server.routes["/legacy"] = Route(
        body=page.encode("windows-1252"), headers={"Content-Type": "text/html"}
    )
    source = url_source(page_server.url("/legacy"))
    archive(source, django_capture_on_commit_callbacks)
    assert words in Snapshot.objects.get().text


def test_a_page_with_no_text_is_archived_and_says_so(
    page_server, django_capture_on_commit_callbacks
):
    page_server.routes["/empty"] = Route(body=b"<html><body><script>x()</script></body></html>")
    source = url_source(page_server.url("/empty"))
    archive(source, django_capture_on_commit_callbacks)
    source.refresh_from_db()
    assert source.archive_state == ArchiveState.ARCHIVED
    assert "no text" in source.archive_error
    assert Snapshot.objects.get().text == ""


def test_a_citation_quote_is_anchored_in_the_archived_text(
    page_server, django_capture_on_commit_callbacks
):
    page_server.routes["/sudan"] = Route(body=NILE)
    source = url_source(page_server.url("/sudan"))
    citation = CitationFactory(
        source=source, quote="agreed on Saturday to a seven-day  humanitarian truce"
    )
    missing = CitationFactory(source=source, quote="words the page never said")
    archive(source, django_capture_on_commit_callbacks)
    citation.refresh_from_db()
    missing.refresh_from_db()
    assert citation.quote_archived and citation.quote_current
    assert citation.quote_exact == "agreed on Saturday to a seven-day humanitarian truce"
    assert citation.quote_prefix.endswith("Rapid Support Forces (RSF) ")
    assert citation.quote_suffix.startswith(", mediators")
    assert missing.quote_archived is False


def test_cards_show_whether_the_quote_is_in_the_archived_copy(
    page_server, django_capture_on_commit_callbacks, client
):
    page_server.routes["/sudan"] = Route(body=NILE)
    source = url_source(page_server.url("/sudan"))
    found = CitationFactory(source=source, quote="a seven-day humanitarian truce")
    missing = CitationFactory(source=source, quote="words the page never said")
    archive(source, django_capture_on_commit_callbacks)
    snapshot = Snapshot.objects.get()
    page = client.get(found.event.get_absolute_url()).content.decode()
    assert f'href="{snapshot.get_absolute_url()}">Quote found in the archived copy</a>' in page
    page = client.get(missing.event.get_absolute_url()).content.decode()
    assert "Quote not found in the archived copy" in page


def test_a_quote_changed_after_archiving_is_looked_for_again(
    page_server, django_capture_on_commit_callbacks
):
    page_server.routes["/sudan"] = Route(body=NILE)
    source = url_source(page_server.url("/sudan"))
    citation = CitationFactory(source=source, quote="not in the page")
    archive(source, django_capture_on_commit_callbacks)
    citation.refresh_from_db()
    assert citation.quote_archived is False
    citation.quote = "mediators from Saudi Arabia and the United States"
    citation.save()
    citation.refresh_from_db()
    assert citation.quote_archived and citation.quote_current
    assert citation.quote_suffix.startswith(" said in a joint statement")
