"""check_sources: drift (changed), dead links, usurped links, politeness, the status filters."""

from __future__ import annotations

import io
import time

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from tests.evidence.pages import Route
from tests.evidence.test_archive import NILE, archive, url_source
from tests.factories import CitationFactory, SourceFactory
from timeline.evidence.checks import check_sources
from timeline.models import Snapshot, UrlStatus

pytestmark = pytest.mark.django_db

QUOTE = "agreed on Saturday to a seven-day humanitarian truce"


@pytest.fixture(autouse=True)
def storage(media_root):
    return media_root


def check(*args) -> str:
    out = io.StringIO()
    call_command("check_sources", *args, "--concurrency", "1", "--rate", "0", stdout=out)
    return out.getvalue()


def test_drift_then_death_keeps_every_snapshot(page_server, django_capture_on_commit_callbacks):
    page_server.routes["/sudan"] = Route(body=NILE)
    source = url_source(page_server.url("/sudan"))
    citation = CitationFactory(source=source, quote=QUOTE)
    archive(source, django_capture_on_commit_callbacks)
    first = Snapshot.objects.get()

    page_server.routes["/sudan"] = Route(body=NILE.replace(QUOTE.encode(), b"agreed to talk"))
    assert "Checked 1 source(s): 1 answered" in check("--older-than", "0")
    source.refresh_from_db()
    citation.refresh_from_db()
    assert source.url_status == UrlStatus.CHANGED
    assert Snapshot.objects.filter(source=source).count() == 2
    assert citation.quote_archived is True and citation.quote_current is False
    assert citation.anchor_snapshot_id == first.pk
    card = Client().get(citation.event.get_absolute_url()).content.decode()
    assert "quote missing from the current page" in card

    page_server.routes["/sudan"] = Route(404, b"gone")
    check("--older-than", "0")
    source.refresh_from_db()
    assert source.url_status == UrlStatus.CHANGED  # one failure is not yet dead
    check("--older-than", "0")
    source.refresh_from_db()
    assert source.url_status == UrlStatus.DEAD
    for snapshot in Snapshot.objects.filter(source=source):
        response = Client().get(f"/sources/{source.pk}/snapshots/{snapshot.pk}/warc/")
        assert response.status_code == 200
        assert b"".join(response.streaming_content)


def test_an_unchanged_page_records_no_new_snapshot(page_server, django_capture_on_commit_callbacks):
    page_server.routes["/sudan"] = Route(body=NILE)
    source = url_source(page_server.url("/sudan"))
    archive(source, django_capture_on_commit_callbacks)
    check("--older-than", "0")
    source.refresh_from_db()
    assert source.url_status == UrlStatus.LIVE
    assert Snapshot.objects.count() == 1


def test_a_redirect_to_another_site_is_usurped(page_server, django_capture_on_commit_callbacks):
    page_server.routes["/sudan"] = Route(body=NILE)
    source = url_source(page_server.url("/sudan"))
    archive(source, django_capture_on_commit_callbacks)
    other = page_server.url("/parked").replace("127.0.0.1", "localhost")
    page_server.routes["/sudan"] = Route(301, headers={"Location": other})
    page_server.routes["/parked"] = Route(body=b"<html><body><p>This domain is for sale.</p>")
    from django.conf import settings

    settings.FETCH_ALLOW_HOSTS = [*settings.FETCH_ALLOW_HOSTS, f"localhost:{page_server.port}"]
    check("--source", str(source.pk))
    source.refresh_from_db()
    assert source.url_status == UrlStatus.USURPED


def test_only_sources_not_checked_lately_are_checked(
    page_server, django_capture_on_commit_callbacks
):
    page_server.routes["/sudan"] = Route(body=NILE)
    source = url_source(page_server.url("/sudan"))
    archive(source, django_capture_on_commit_callbacks)
    requests = len(page_server.requests)
    assert "Checked 0 source(s)" in check("--older-than", "7")
    assert len(page_server.requests) == requests


def test_an_unknown_source_is_a_clear_error():
    with pytest.raises(CommandError, match="No source 999"):
        call_command("check_sources", "--source", "999")


def test_one_host_gets_at_most_rate_requests_a_second(page_server):
    for n in range(6):
        page_server.routes[f"/p{n}"] = Route(body=b"<p>same</p>")
    ids = [url_source(page_server.url(f"/p{n}")).pk for n in range(6)]
    started = time.monotonic()
    check_sources(ids, rate=4, concurrency=1)
    elapsed = time.monotonic() - started
    assert len(page_server.requests) == 6
    assert elapsed >= 5 / 4 - 0.05


def test_the_sources_list_filters_by_status(client):
    live = SourceFactory(title="Live one", url_status=UrlStatus.LIVE)
    dead = SourceFactory(title="Dead one", url_status=UrlStatus.DEAD)
    gone = SourceFactory(title="Quote gone", url_status=UrlStatus.CHANGED)
    CitationFactory(source=gone, quote="q", quote_archived=True, quote_current=False)
    page = client.get("/sources/?status=dead").content.decode()
    assert dead.title in page and live.title not in page
    page = client.get("/sources/?status=quote-missing").content.decode()
    assert gone.title in page and dead.title not in page
    page = client.get("/sources/?status=nonsense").content.decode()
    assert live.title in page and dead.title in page


@pytest.mark.parametrize("status", ["dead", "quote-missing"])
def test_the_filtered_sources_list_costs_the_same_queries_for_10_or_60(
    client, status, django_assert_max_num_queries
):
    for count in (10, 60):
        for n in range(count):
            source = SourceFactory(title=f"Report {count}-{n}", url_status=UrlStatus.DEAD)
            CitationFactory(source=source, quote="q", quote_archived=True, quote_current=False)
        with django_assert_max_num_queries(4):
            response = client.get(f"/sources/?status={status}")
        assert f"Report {count}-0" in response.content.decode()
