"""Creating, editing, publishing and unpublishing timelines."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from timeline.forms.timelines import TimelineForm
from timeline.models import PublicationStatus
from timeline.rights import timeline_creator_required, timeline_editor_required
from timeline.services.timelines import timeline_create, timeline_set_status, timeline_update

TIMELINE_FIELDS = ("title", "slug", "summary", "language", "what_we_know", "default_event_status")


def timeline_values(form) -> dict:
    values = {name: form.cleaned_data[name] for name in TIMELINE_FIELDS}
    # "What we know" carries its own update time, moved only when its text changes.
    if "what_we_know" in form.changed_data:
        values["what_we_know_updated_at"] = timezone.now()
    return values


@require_http_methods(["GET", "POST"])
@timeline_creator_required
def timeline_new(request):
    form = TimelineForm(request.POST or None, initial={"editors": [request.user.pk]})
    if request.method == "POST":
        if form.is_valid():
            values = timeline_values(form)
            values["language"] = values["language"] or "en"
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
            timeline = timeline_update(
                timeline,
                values=timeline_values(form),
                editors=form.cleaned_data["editors"],
                user=request.user,
            )
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
