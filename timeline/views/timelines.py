"""Creating, editing, publishing and unpublishing timelines."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from timeline.forms.timelines import TimelineForm
from timeline.models import PublicationStatus
from timeline.rights import timeline_creator_required, timeline_editor_required
from timeline.services.timelines import timeline_create, timeline_set_status


@require_http_methods(["GET", "POST"])
@timeline_creator_required
def timeline_new(request):
    form = TimelineForm(request.POST or None, initial={"editors": [request.user.pk]})
    if request.method == "POST":
        if form.is_valid():
            names = ("title", "slug", "summary", "what_we_know", "default_event_status")
            values = {name: form.cleaned_data[name] for name in names}
            if values["what_we_know"].strip():
                values["what_we_know_updated_at"] = timezone.now()
            values["language"] = form.cleaned_data["language"] or "en"
            timeline = timeline_create(
                values=values, editors=form.cleaned_data["editors"], user=request.user
            )
            messages.success(request, f"Created “{timeline.title}” as a draft.")
            return redirect(timeline)
        return render(request, "timeline/editor/timeline_form.html", {"form": form}, status=422)
    return render(request, "timeline/editor/timeline_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@timeline_editor_required
def timeline_edit(request, timeline):
    form = TimelineForm(request.POST or None, instance=timeline)
    context = {"form": form, "timeline": timeline}
    if request.method == "POST":
        if form.is_valid():
            if "what_we_know" in form.changed_data:
                form.instance.what_we_know_updated_at = timezone.now()
            with transaction.atomic():
                timeline = form.save()
            messages.success(request, f"Saved “{timeline.title}”.")
            return redirect(timeline)
        return render(request, "timeline/editor/timeline_form.html", context, status=422)
    return render(request, "timeline/editor/timeline_form.html", context)


@require_POST
@timeline_editor_required
def timeline_publish(request, timeline):
    timeline_set_status(timeline, status=PublicationStatus.PUBLISHED, user=request.user)
    messages.success(request, f"“{timeline.title}” is published: readers can see it.")
    return redirect(timeline)


@require_POST
@timeline_editor_required
def timeline_unpublish(request, timeline):
    timeline_set_status(timeline, status=PublicationStatus.DRAFT, user=request.user)
    messages.success(request, f"“{timeline.title}” is a draft again: only its editors see it.")
    return redirect(timeline)
