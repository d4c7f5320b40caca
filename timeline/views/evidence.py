"""Evidence pages: a source's archive status and "Archive now" (editors), its archived copies.

The archived copy is shown as the text we extracted, on a page of ours: the archived HTML is
never served (no script of the archived page ever runs on our origin). The WARC file is a
download (``Content-Disposition: attachment``, ``application/warc``).
"""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from timeline.evidence.archive import request_archive
from timeline.models import Snapshot, Source, Timeline
from timeline.rights import editor_required


def _status_context(request, source: Source) -> dict:
    timeline = None
    slug = request.GET.get("timeline") or request.POST.get("timeline")
    if slug:
        timeline = Timeline.objects.editable_by(request.user).filter(slug=slug[:100]).first()
    latest = source.snapshots.order_by("-fetched_at", "-pk").first()
    return {"source": source, "snapshot": latest, "timeline": timeline}


@require_GET
@editor_required
def source_archive_status(request, pk):
    """The status of a source's archive job, polled by htmx while a job is queued or running."""
    source = get_object_or_404(Source, pk=pk)
    return render(request, "timeline/sources/archive_status.html", _status_context(request, source))


@require_POST
@editor_required
def source_archive(request, pk):
    """Archive now: queue a fetch of the source (nothing happens twice while one is queued)."""
    source = get_object_or_404(Source, pk=pk)
    request_archive(source)
    if request.htmx:
        return render(
            request, "timeline/sources/archive_status.html", _status_context(request, source)
        )
    return redirect(source)


def _snapshot(pk: int, snapshot: int) -> Snapshot:
    return get_object_or_404(Snapshot.objects.select_related("source"), pk=snapshot, source_id=pk)


@require_GET
def snapshot_detail(request, pk, snapshot):
    """The archived copy: the text read from the page, with its date, final URL and hash."""
    found = _snapshot(pk, snapshot)
    context = {"snapshot": found, "source": found.source}
    return render(request, "timeline/snapshot.html", context)


@require_GET
def snapshot_warc(request, pk, snapshot):
    found = _snapshot(pk, snapshot)
    try:
        handle = found.warc.open("rb")
    except FileNotFoundError:
        raise Http404("The WARC file of this snapshot is missing from the storage.") from None
    name = f"source-{found.source_id}-snapshot-{found.pk}.warc.gz"
    return FileResponse(handle, as_attachment=True, filename=name, content_type="application/warc")
