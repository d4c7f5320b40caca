"""Sources: the list, and adding one by its URL or from a pasted article.

"Add source" with just a URL creates the source at once (or finds the existing one with the
same normalised address) and queues the archive job; the answer shows its status, which
updates itself (htmx polling) until the page is archived and its events can be reviewed.

``/sources/new/`` works in two steps on one URL: "Extract" reads the pasted article and shows
what it found in an editable form; "Save" creates the source (or reuses the one with the same
address) and goes to the review of the events it suggests. Bad input comes back as the form
with a message next to the field: 422 for htmx (which swaps it in), 400 otherwise.
"""

from __future__ import annotations

import re

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import HttpResponseClientRedirect

from timeline.evidence.archive import request_archive
from timeline.forms.articles import ArticlePasteForm, SourceMetadataForm
from timeline.forms.source_url import SourceUrlForm
from timeline.models import Source, Timeline
from timeline.rights import (
    may_add_sources,
    may_change_source,
    source_adder_required,
    visible_sources,
)
from timeline.services.sources import (
    DuplicateSource,
    article_source_create,
    article_source_reuse,
    existing_source,
    source_add_by_url,
)
from timeline.suggestions.review import review, review_url

SOURCES_PER_PAGE = 25
# /sources/?status=: the link status in Wikipedia's words, or a quote gone from the page.
STATUS_FILTERS = {
    "live": "Live",
    "changed": "Changed",
    "dead": "Dead",
    "usurped": "Usurped",
    "quote-missing": "Quote missing from the current page",
}


def bad_input_status(request) -> int:
    return 422 if request.htmx else 400


@require_GET
def source_list(request):
    # No NUL: PostgreSQL refuses it in any text, a query's included.
    query = request.GET.get("q", "").replace("\x00", "").strip()[:200]
    status = request.GET.get("status", "")
    status = status if status in STATUS_FILTERS else ""
    sources = Source.objects.visible_to(request.user).search(query).with_status(status).for_list()
    page = Paginator(sources, SOURCES_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "query": query,
        "status": status,
        "status_filters": STATUS_FILTERS,
        "may_add": may_add_sources(request.user),
    }
    template = "timeline/sources/list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(request, template, context)


def render_step(request, *, paste_form=None, metadata_form=None, existing=None, status=200):
    context = {
        "paste_form": paste_form,
        "metadata_form": metadata_form,
        "existing": existing,
        "url_form": SourceUrlForm(user=request.user, initial=paste_form.initial)
        if paste_form is not None
        else None,
    }
    template = "timeline/sources/new.html"
    if request.htmx:
        template += "#ingest-step"
    return render(request, template, context, status=status)


def add_by_url(request):
    """ "Add source" with a URL: the source now, its archive job queued, its status shown."""
    form = SourceUrlForm(request.POST, user=request.user)
    if not form.is_valid():
        context = {"url_form": form}
        template = "timeline/sources/new.html#url-step" if request.htmx else None
        if template is None:
            paste = ArticlePasteForm(user=request.user)
            context.update(paste_form=paste)
            template = "timeline/sources/new.html"
        return render(request, template, context, status=bad_input_status(request))
    source, created = source_add_by_url(url=form.cleaned_data["url"], user=request.user)
    if created or not source.snapshots.exists():
        request_archive(source)
    timeline = form.cleaned_data.get("timeline")
    if not request.htmx:
        messages.success(
            request,
            f"Added the source “{source.title}”; it is being archived."
            if created
            else f"This address is already a source: “{source.title}”.",
        )
        return redirect(source)
    context = {
        "url_form": SourceUrlForm(user=request.user),
        "added": source,
        "created": created,
        "timeline": timeline,
        "snapshot": source.snapshots.order_by("-fetched_at", "-pk").first(),
    }
    return render(request, "timeline/sources/new.html#url-step", context)


@require_http_methods(["GET", "POST"])
@source_adder_required
def source_new(request):
    if request.method == "GET":
        form = ArticlePasteForm(
            user=request.user, initial={"timeline": request.GET.get("timeline")}
        )
        return render_step(request, paste_form=form)
    if request.POST.get("step") == "save":
        return save_source(request)
    if request.POST.get("step") == "url":
        return add_by_url(request)
    form = ArticlePasteForm(request.POST, request.FILES, user=request.user)
    if not form.is_valid():
        return render_step(request, paste_form=form, status=bad_input_status(request))
    article = form.cleaned_data["article"]
    metadata = SourceMetadataForm(
        initial=SourceMetadataForm.initial_for(article, form.cleaned_data["timeline"]),
        user=request.user,
    )
    return render_step(request, metadata_form=metadata, existing=existing_source(article.url))


def go_to_review(request, source: Source, timeline: Timeline):
    url = review_url(source, timeline)
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


def reusable_source(request, form, reuse: str) -> Source:
    """The source "Use the existing source" names: one the user may see, or the one stored
    under the address they gave (they know it); any other id is not found (issue 13)."""
    pk = int(reuse) if re.fullmatch(r"[0-9]{1,18}", reuse) else 0
    source = visible_sources(request.user).filter(pk=pk).first()
    if source is None and form.existing is not None and form.existing.pk == pk:
        source = form.existing
    if source is None:
        raise Http404("No such source.")
    return source


def save_source(request):
    form = SourceMetadataForm(request.POST, user=request.user)
    valid = form.is_valid()
    reuse = request.POST.get("use_existing", "")
    if reuse:
        source = reusable_source(request, form, reuse)
        timeline = form.cleaned_data.get("timeline")
        if timeline is None:
            return render_step(
                request, metadata_form=form, existing=source, status=bad_input_status(request)
            )
        text = form.cleaned_data.get("text", "") if "text" not in form.errors else ""
        article_source_reuse(
            source,
            text=text,
            user=request.user,
            may_change=may_change_source(request.user, source),
        )
        messages.success(request, f"Using the existing source “{source.title}”.")
        return go_to_review(request, source, timeline)
    if valid and form.existing is not None:
        form.duplicate_error()
        valid = False
    if not valid:
        return render_step(
            request, metadata_form=form, existing=form.existing, status=bad_input_status(request)
        )
    timeline = form.cleaned_data["timeline"]
    try:
        source = article_source_create(**form.source_values(), user=request.user)
    except DuplicateSource as duplicate:
        form.existing = duplicate.source
        form.duplicate_error()
        return render_step(
            request, metadata_form=form, existing=form.existing, status=bad_input_status(request)
        )
    # Find the events now, while the editor watches the progress message: the review page
    # then reads them from the cache.
    review(source, timeline)
    # A pasted article with an address is archived too (its pasted text stays the source's).
    request_archive(source)
    messages.success(request, f"Saved the source “{source.title}”.")
    return go_to_review(request, source, timeline)


@require_GET
@source_adder_required
def source_suggestions_start(request, pk):
    """Pick the timeline to review a source's suggested events for."""
    source = get_object_or_404(visible_sources(request.user), pk=pk)
    timelines = Timeline.objects.editable_by(request.user).order_by("title")
    chosen = request.GET.get("timeline")
    if chosen:
        timeline = timelines.filter(slug=chosen).first()
        if timeline is not None:
            return redirect(review_url(source, timeline))
    elif len(options := list(timelines[:2])) == 1:
        return redirect(review_url(source, options[0]))
    context = {"source": source, "timelines": timelines, "chosen": chosen}
    return render(request, "timeline/sources/choose_timeline.html", context)
