"""Editors import events into a timeline: upload, preview the plan, confirm.

The preview is a dry run. The uploaded text waits in the editor's own session under a random
token (never in the page), and the confirm step reads and checks it all again against the
database as it is then, before applying it in one transaction.
"""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from timeline.formats.import_files import FORMAT_CHOICES, read_import
from timeline.formats.import_plan import import_plan
from timeline.formats.records import ImportFileError
from timeline.forms.imports import (
    ImportUploadForm,
    filters_from_session,
    filters_text,
    filters_to_session,
)
from timeline.rights import may_create_event_types, timeline_importer_required
from timeline.services.imports import ImportApplyError, import_apply

PENDING_IMPORT = "pending_import"
# The preview lists this many events; the counts above it cover them all.
PREVIEW_ROWS = 500
PREVIEW_NAMES = 100


def _page(
    request,
    timeline,
    form,
    *,
    plan=None,
    token="",
    name="",
    problems=(),
    status=200,
    valid_part=None,
    filters=None,
):
    """The import page; ``problems`` with the file as a whole are shown by the file field."""
    file_errors = list(form.errors.get("file", [])) + [str(p) for p in problems]
    context = {
        "shown_rows": PREVIEW_ROWS,
        "shown_names": PREVIEW_NAMES,
        "timeline": timeline,
        "form": form,
        "file_errors": file_errors,
        "plan": plan,
        "token": token,
        "name": name,
        # The same file without its problem rows, offered behind a checkbox.
        "valid_part": valid_part,
        "filters": filters_text(filters),
        # The GDELT filters start folded away unless they say something.
        "filters_open": bool(form.is_bound and form.filters_given)
        or any(form.errors.get(name) for name in form.fields if name.startswith("gdelt_")),
    }
    return render(request, "timeline/import.html", context, status=status)


@require_http_methods(["GET", "POST"])
@timeline_importer_required
def timeline_import(request, timeline):
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request, timeline)

    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "GET":
        return _page(request, timeline, form)
    if not form.is_valid():
        return _page(request, timeline, form, status=422)

    upload = form.cleaned_data["file"]
    raw = upload.read()
    filters = form.gdelt_filters()
    file_format = form.cleaned_data["format"]
    try:
        bundle = read_import(raw, name=upload.name, format=file_format, gdelt_filters=filters)
    except ImportFileError as error:
        return _page(request, timeline, form, problems=error.problems, status=422)
    if filters is not None and bundle.format != "gdelt":
        form.add_error(
            form.filters_given[0],
            f"These filters are for GDELT events files; this file was read as "
            f"{dict(FORMAT_CHOICES).get(bundle.format, bundle.format)}. Clear them, or choose "
            "a GDELT file.",
        )
        return _page(request, timeline, form, status=422)
    plan = import_plan(
        bundle, timeline=timeline, may_create_types=may_create_event_types(request.user)
    )
    valid_part = None
    if not plan.ok:
        valid_part = import_plan(
            read_import(raw, name=upload.name, format=file_format, gdelt_filters=filters),
            timeline=timeline,
            may_create_types=may_create_event_types(request.user),
            skip_problems=True,
        )
        if not (
            valid_part.ok and (valid_part.events or valid_part.updates or valid_part.refreshes)
        ):
            return _page(
                request, timeline, form, plan=plan, name=upload.name, status=422, filters=filters
            )

    token = secrets.token_urlsafe(24)
    request.session[PENDING_IMPORT] = {
        "token": token,
        "timeline": timeline.pk,
        "format": bundle.format,
        "name": upload.name,
        "content": raw.decode("utf-8-sig"),
        "gdelt_filters": filters_to_session(filters),
    }
    return _page(
        request,
        timeline,
        ImportUploadForm(),
        plan=plan,
        token=token,
        name=upload.name,
        valid_part=valid_part,
        status=422 if valid_part is not None else 200,
        filters=filters,
    )


def _confirm(request, timeline):
    form = ImportUploadForm()
    pending = request.session.get(PENDING_IMPORT) or {}
    if not (
        pending
        and secrets.compare_digest(
            pending.get("token", "").encode(), request.POST.get("token", "").encode()
        )
        and pending.get("timeline") == timeline.pk
    ):
        expired = "This preview has expired or was replaced by another: upload the file again."
        return _page(request, timeline, form, problems=[expired], status=409)

    name = pending["name"]
    filters = filters_from_session(pending.get("gdelt_filters"))
    try:
        raw = pending["content"].encode("utf-8")
        bundle = read_import(raw, name=name, format=pending["format"], gdelt_filters=filters)
    except ImportFileError as error:
        return _page(request, timeline, form, problems=error.problems, status=422)
    plan = import_plan(
        bundle,
        timeline=timeline,
        may_create_types=may_create_event_types(request.user),
        skip_problems=request.POST.get("skip_problems") == "1",
        overwrite=request.POST.get("overwrite") == "1",
    )
    if plan.ok:
        try:
            result = import_apply(plan, user=request.user)
        except ImportApplyError as error:
            plan.errors.append(error.problem)
    if not plan.ok:
        # The database changed since the preview: show what is wrong now; the file is kept.
        return _page(request, timeline, form, plan=plan, name=name, status=409, filters=filters)
    del request.session[PENDING_IMPORT]
    updated = f", updated {result.updated}" if result.updated else ""
    done = f"Imported {result.events} events{updated} from {name}."
    if result.unchanged or result.conflicts:
        done += (
            f" {result.unchanged} unchanged, {result.conflicts} edited here since the last "
            "import and skipped."
        )
    if result.refused:
        done += f" {result.refused} rows with problems were left out."
    messages.success(request, done)
    return redirect(result.timeline.get_absolute_url())
