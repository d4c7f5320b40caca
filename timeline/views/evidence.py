"""Evidence pages: a source's archive status and "Archive now" (editors), its archived copies.

The archived copy is shown as the text we extracted, on a page of ours: the archived HTML is
never served (no script of the archived page ever runs on our origin). The WARC file is a
download (``Content-Disposition: attachment``, ``application/warc``).
"""

from __future__ import annotations

import hashlib
import tempfile
import zipfile

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from timeline.evidence.archive import request_archive
from timeline.formats import lossless, snapshot_json
from timeline.models import Event, Snapshot, Source, Timeline
from timeline.rights import source_adder_required


def _status_context(request, source: Source) -> dict:
    timeline = None
    slug = request.GET.get("timeline") or request.POST.get("timeline")
    if slug:
        timeline = Timeline.objects.editable_by(request.user).filter(slug=slug[:100]).first()
    latest = source.snapshots.order_by("-fetched_at", "-pk").first()
    return {"source": source, "snapshot": latest, "timeline": timeline}


@require_GET
@source_adder_required
def source_archive_status(request, pk):
    """The status of a source's archive job, polled by htmx while a job is queued or running."""
    source = get_object_or_404(Source.objects.visible_to(request.user), pk=pk)
    return render(request, "timeline/sources/archive_status.html", _status_context(request, source))


@require_POST
@source_adder_required
def source_archive(request, pk):
    """Archive now: queue a fetch of the source (nothing happens twice while one is queued)."""
    source = get_object_or_404(Source.objects.visible_to(request.user), pk=pk)
    request_archive(source)
    if request.htmx:
        return render(
            request, "timeline/sources/archive_status.html", _status_context(request, source)
        )
    return redirect(source)


def _snapshot(request, pk: int, snapshot: int) -> Snapshot:
    # As the source page: a source cited only by drafts is not found by those who may not see them.
    source = get_object_or_404(Source.objects.visible_to(request.user), pk=pk)
    return get_object_or_404(Snapshot.objects.select_related("source"), pk=snapshot, source=source)


@require_GET
def snapshot_detail(request, pk, snapshot):
    """The archived copy: the text read from the page, with its date, final URL and hash."""
    found = _snapshot(request, pk, snapshot)
    context = {"snapshot": found, "source": found.source}
    return render(request, "timeline/snapshot.html", context)


@require_GET
def snapshot_warc(request, pk, snapshot):
    found = _snapshot(request, pk, snapshot)
    if not found.warc:
        raise Http404("This snapshot was imported without its WARC file.")
    try:
        handle = found.warc.open("rb")
    except FileNotFoundError:
        raise Http404("The WARC file of this snapshot is missing from the storage.") from None
    name = f"source-{found.source_id}-snapshot-{found.pk}.warc.gz"
    return FileResponse(handle, as_attachment=True, filename=name, content_type="application/warc")


def _exported_events(request, slug):
    """As the other exports: published events of a timeline the user may see; drafts too for
    its editors with ``?drafts=1``; 404 where the user may not look."""
    timeline = get_object_or_404(Timeline.objects.visible_to(request.user), slug=slug)
    drafts = request.GET.get("drafts") == "1" and timeline.can_edit(request.user)
    events = Event.objects.filter(timeline=timeline).for_export(include_drafts=drafts)
    return timeline, events, drafts


@require_GET
def evidence_zip(request, slug):
    """The timeline's evidence for offline checking: the lossless JSON export, every snapshot's
    WARC file, and ``manifest.txt`` of SHA-256 sums (``sha256sum -c manifest.txt`` checks it)."""
    timeline, events, drafts = _exported_events(request, slug)
    events = list(events)
    document = lossless.export_document(timeline, events)
    source_ids = {c.source_id for event in events for c in event.citations.all()}
    spool = tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024)  # noqa: SIM115 (FileResponse closes it)
    sums = []
    with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        data = lossless.dumps(document).encode("utf-8")
        bundle.writestr("export.json", data)
        sums.append((hashlib.sha256(data).hexdigest(), "export.json"))
        snapshots = Snapshot.objects.filter(source_id__in=source_ids).exclude(warc="")
        for snapshot in snapshots.order_by("source_id", "fetched_at", "pk"):
            path = snapshot_json.snapshot_path(snapshot)
            digest = hashlib.sha256()
            try:
                with snapshot.warc.open("rb") as stored, bundle.open(path, "w") as out:
                    for chunk in iter(lambda stored=stored: stored.read(1024 * 1024), b""):
                        digest.update(chunk)
                        out.write(chunk)
            except FileNotFoundError:
                continue
            sums.append((digest.hexdigest(), path))
        manifest = "".join(f"{digest}  {path}\n" for digest, path in sums)
        bundle.writestr("manifest.txt", manifest)
    spool.seek(0)
    response = FileResponse(
        spool,
        as_attachment=True,
        filename=f"{timeline.slug}-evidence.zip",
        content_type="application/zip",
    )
    if drafts:
        response["Cache-Control"] = "private, no-store"
    return response
