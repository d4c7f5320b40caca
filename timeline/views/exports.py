"""A timeline's data for other programs and sites: TimelineJS, CSV, lossless JSON, embed.

Everyone gets the published events of a timeline they may see; its editors (and admins) get
drafts too with ``?drafts=1``. Each view reads its events in a constant number of queries.
"""

from __future__ import annotations

from csp.decorators import csp_replace
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET

from timeline.caching.responses import cached_for_readers, timeline_version
from timeline.formats import csv_rows, lossless
from timeline.formats.timelinejs import timelinejs_document
from timeline.models import Event, Timeline
from timeline.rights import may_edit_timeline


def exported_events(request, slug, *, allow_drafts: bool = True):
    """(timeline, events, drafts included?) for a request; 404 where the user may not look."""
    timeline = get_object_or_404(Timeline.objects.visible_to(request.user), slug=slug)
    include_drafts = (
        allow_drafts
        and request.GET.get("drafts") == "1"
        and may_edit_timeline(request.user, timeline)
    )
    events = Event.objects.filter(timeline=timeline).for_export(include_drafts=include_drafts)
    return timeline, events, include_drafts


def _private_if_drafts(response, include_drafts: bool):
    if include_drafts:
        response["Cache-Control"] = "private, no-store"
    else:
        # Published data only: any site may load it (TimelineJS fetches it from the browser).
        response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
@cached_for_readers(timeline_version)
def timelinejs_export(request, slug):
    timeline, events, drafts = exported_events(request, slug)
    response = JsonResponse(
        timelinejs_document(timeline, events), json_dumps_params={"ensure_ascii": False}
    )
    return _private_if_drafts(response, drafts)


@require_GET
@cached_for_readers(timeline_version)
def csv_export(request, slug):
    timeline, events, drafts = exported_events(request, slug)
    response = HttpResponse(csv_rows.csv_text(events), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{timeline.slug}-events.csv"'
    return _private_if_drafts(response, drafts)


@require_GET
@cached_for_readers(timeline_version)
def lossless_export(request, slug):
    timeline, events, drafts = exported_events(request, slug)
    response = HttpResponse(
        lossless.dumps(lossless.export_document(timeline, events)),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{timeline.slug}-export.json"'
    return _private_if_drafts(response, drafts)


@require_GET
@cached_for_readers(timeline_version)
@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"]})
def embed(request, slug):
    """The only page other sites may frame: published events, no site chrome."""
    timeline, events, _ = exported_events(request, slug, allow_drafts=False)
    return render(request, "timeline/embed.html", {"timeline": timeline, "events": events})
