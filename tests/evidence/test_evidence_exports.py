"""Evidence travels: snapshots in the lossless JSON (and back), CSV columns, evidence.zip."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.test import Client

from tests.evidence.pages import Route
from tests.evidence.test_archive import NILE, archive, url_source
from tests.factories import CitationFactory, EventFactory
from timeline.models import PublicationStatus, Snapshot, Source, Timeline, UrlStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def storage(media_root):
    return media_root


@pytest.fixture
def archived(page_server, timeline, django_capture_on_commit_callbacks):
    """A published timeline whose event cites an archived source."""
    timeline.status = PublicationStatus.PUBLISHED
    timeline.save()
    page_server.routes["/sudan"] = Route(body=NILE)
    source = url_source(page_server.url("/sudan"))
    CitationFactory(
        source=source, event=EventFactory(timeline=timeline), quote="humanitarian truce"
    )
    archive(source, django_capture_on_commit_callbacks)
    return timeline, source, Snapshot.objects.get()


def test_the_lossless_export_carries_each_sources_snapshots(archived):
    timeline, source, snapshot = archived
    document = json.loads(Client().get(f"/timelines/{timeline.slug}/export.json").content)
    (entry,) = document["sources"]
    assert entry["url_status"] == "live"
    (kept,) = entry["snapshots"]
    assert kept["sha256"] == snapshot.sha256
    assert kept["final_url"] == snapshot.final_url
    assert kept["http_status"] == 200
    assert kept["warc"] == f"warc/source-{source.pk}-snapshot-{snapshot.pk}.warc.gz"
    assert "text" not in kept


def test_importing_the_json_keeps_the_snapshot_metadata(archived, tmp_path):
    timeline, source, snapshot = archived
    exported = Client().get(f"/timelines/{timeline.slug}/export.json").content
    path = tmp_path / "export.json"
    path.write_bytes(exported)
    Snapshot.objects.all().delete()
    Timeline.objects.all().delete()
    Source.objects.all().delete()
    call_command("import_timeline", str(path), stdout=io.StringIO())
    imported = Snapshot.objects.get()
    assert (imported.sha256, imported.final_url, imported.http_status) == (
        snapshot.sha256,
        snapshot.final_url,
        200,
    )
    assert imported.fetched_at == snapshot.fetched_at
    assert imported.source.url_status == UrlStatus.LIVE
    again = Client().get(f"/timelines/{timeline.slug}/export.json").content
    assert json.loads(again)["sources"][0]["snapshots"][0]["sha256"] == snapshot.sha256


def test_the_csv_gives_archive_url_and_url_status(archived):
    timeline, source, snapshot = archived
    response = Client().get(f"/timelines/{timeline.slug}/events.csv")
    (row,) = csv.DictReader(io.StringIO(response.content.decode()))
    assert row["archive_url"] == f"http://testserver{snapshot.get_absolute_url()}"
    assert row["url_status"] == "live"


def test_the_evidence_zip_verifies_offline(archived):
    timeline, source, snapshot = archived
    response = Client().get(f"/timelines/{timeline.slug}/evidence.zip")
    assert response["Content-Type"] == "application/zip"
    bundle = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    lines = bundle.read("manifest.txt").decode().splitlines()
    paths = [line.split("  ", 1)[1] for line in lines]
    assert paths == ["export.json", f"warc/source-{source.pk}-snapshot-{snapshot.pk}.warc.gz"]
    for line in lines:
        digest, path = line.split("  ", 1)
        assert hashlib.sha256(bundle.read(path)).hexdigest() == digest
    assert hashlib.sha256(bundle.read(paths[1])).hexdigest() == snapshot.warc_sha256


def test_the_evidence_zip_of_a_draft_timeline_is_not_found_for_readers(archived):
    timeline, source, snapshot = archived
    timeline.status = PublicationStatus.DRAFT
    timeline.save()
    assert Client().get(f"/timelines/{timeline.slug}/evidence.zip").status_code == 404


def test_the_evidence_zip_leaves_out_sources_of_draft_events(archived):
    timeline, source, snapshot = archived
    event = source.citations.get().event
    event.status = PublicationStatus.DRAFT
    event.save()
    response = Client().get(f"/timelines/{timeline.slug}/evidence.zip")
    bundle = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert bundle.read("manifest.txt").decode().count("\n") == 1  # export.json alone
