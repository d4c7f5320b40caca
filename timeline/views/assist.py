"""Small htmx endpoints that help while typing: date feedback, Markdown preview, suggestions.

None of them changes anything. The suggestion endpoints answer with ``<option>`` elements for a
``<datalist>``, which the browser offers as a keyboard-accessible list under the input. They read
the typed text from ``q`` or, as htmx sends it from a formset input, from the first parameter.
"""

from __future__ import annotations

from django.db.models import Q
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from timeline.forms.fields import date_feedback, source_ref
from timeline.models import Actor, Place, Source
from timeline.rights import editor_required
from timeline.text.markup import render_markdown

SUGGESTIONS = 10
OPTIONS = "timeline/editor/event_form.html#options"  # <option>s for the form's <datalist>s


def typed_text(request) -> str:
    text = request.GET.get("q")
    if text is None:
        text = next((value for value in request.GET.values() if value.strip()), "")
    # No NUL: PostgreSQL refuses it in any text, a query's included.
    return text.replace("\x00", "").strip()[:200]


@require_GET
@editor_required
def date_preview(request):
    return render(
        request, "timeline/editor/event_form.html#date-feedback", date_feedback(typed_text(request))
    )


@require_POST
@editor_required
def markdown_preview(request):
    html = render_markdown(request.POST.get("summary", ""))
    return render(request, "timeline/editor/event_form.html#markdown-preview", {"preview": html})


@require_GET
@editor_required
def actor_suggestions(request):
    text = typed_text(request)
    actors = Actor.objects.none()
    if text:
        actors = Actor.objects.visible_to(request.user).filter(
            Q(name__icontains=text) | Q(aliases__icontains=text)
        )
    options = [(a.name, f"{a.get_kind_display()}") for a in actors[:SUGGESTIONS]]
    return render(request, OPTIONS, {"options": options})


@require_GET
@editor_required
def place_suggestions(request):
    text = typed_text(request)
    places = Place.objects.none()
    if text:
        places = Place.objects.visible_to(request.user).filter(
            Q(name__icontains=text) | Q(aliases__icontains=text)
        )
    options = [(p.name, p.country_code) for p in places[:SUGGESTIONS]]
    return render(request, OPTIONS, {"options": options})


@require_GET
@editor_required
def source_suggestions(request):
    text = typed_text(request)
    sources = Source.objects.none()
    if text:
        sources = Source.objects.visible_to(request.user).filter(
            Q(title__icontains=text) | Q(publisher__icontains=text) | Q(url__icontains=text)
        )
    options = [(source_ref(s), s.credit) for s in sources[:SUGGESTIONS]]
    return render(request, OPTIONS, {"options": options})
