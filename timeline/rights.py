"""Who may change what. Views call these before they touch anything; templates only mirror them.

The roles, each defined once here:

- A timeline's editors and admins (superusers) may change the timeline and its events, review
  the suggestions of sources for it, and import into it (``Timeline.can_edit``).
- An *editor* is the editor of at least one timeline, or an admin (`is_editor`): they add
  sources from articles (the events go into a timeline).
- Users with the ``timeline.add_timeline`` permission (and admins) may create timelines
  (`may_create_timelines`).
- The editing helpers (previews, autocomplete) are for editors and timeline creators alike
  (`uses_editor`).
- Anonymous users are sent to the login page (htmx requests through ``HX-Redirect``); a
  logged-in user without the right gets 403, or 404 for what they may not even see (a draft
  timeline, a source cited only by other timelines' drafts).
- Sources are shared by timelines. Anyone sees a source a published event cites; the editors of
  the timelines that cite it, and whoever added it, see it and may change its stored text;
  citing a source a user may see changes nothing in it (`Source.objects.visible_to`,
  `changeable_by`).
"""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.http import HttpResponseClientRedirect

from timeline.models import Source, Timeline


def may_create_timelines(user) -> bool:
    return user.is_authenticated and user.has_perm("timeline.add_timeline")


def is_editor(user) -> bool:
    """Editors of at least one timeline, and admins."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or Timeline.objects.editable_by(user).exists()


def may_edit_timeline(user, timeline: Timeline) -> bool:
    """The timeline's editors and admins."""
    return timeline.can_edit(user)


def may_create_event_types(user) -> bool:
    """Admins: an import may bring event types the site does not have yet."""
    return user.is_authenticated and user.is_superuser


def may_add_sources(user) -> bool:
    """Editors add sources from articles: the events they suggest go into a timeline."""
    return is_editor(user)


def uses_editor(user) -> bool:
    """Anyone who can edit something: the editing helpers (previews, autocomplete) are theirs."""
    return may_create_timelines(user) or is_editor(user)


def visible_sources(user):
    """The sources a user may see: public ones, plus their own timelines' drafts'."""
    return Source.objects.visible_to(user)


def may_change_source(user, source: Source) -> bool:
    return Source.objects.changeable_by(user).filter(pk=source.pk).exists()


def login_redirect(request, fallback: str = "/"):
    """Send an anonymous writer to the login page, coming back to where they were."""
    if request.method == "GET":
        next_url = request.get_full_path()
    elif request.htmx and request.htmx.current_url_abs_path:
        next_url = request.htmx.current_url_abs_path
    else:
        next_url = fallback
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = fallback
    url = f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': next_url})}"
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


def timeline_editor_required(view):
    """Resolve ``slug`` to a timeline the user may change, then call ``view(request, timeline)``."""

    @wraps(view)
    def wrapper(request, slug, **kwargs):
        if not request.user.is_authenticated:
            return login_redirect(request, reverse("timeline:chronology", kwargs={"slug": slug}))
        # A draft the user may not see is not found, as an unknown address would be: a 403
        # would tell that it exists (issue 13).
        timeline = get_object_or_404(Timeline.objects.visible_to(request.user), slug=slug)
        if not timeline.can_edit(request.user):
            raise PermissionDenied("You may not change this timeline.")
        return view(request, timeline, **kwargs)

    return wrapper


def timeline_importer_required(view):
    """Imports: as `timeline_editor_required`, but a draft the user may not see is not found
    (a 403 would tell that it exists), and an anonymous user comes back to the import page."""

    @wraps(view)
    def wrapper(request, slug, **kwargs):
        if not request.user.is_authenticated:
            return login_redirect(request, request.get_full_path())
        timeline = get_object_or_404(Timeline.objects.visible_to(request.user), slug=slug)
        if not timeline.can_edit(request.user):
            raise PermissionDenied("Only this timeline's editors may import into it.")
        return view(request, timeline, **kwargs)

    return wrapper


def editor_required(view):
    """For the editing helpers that belong to no one timeline."""

    @wraps(view)
    def wrapper(request, **kwargs):
        if not request.user.is_authenticated:
            return login_redirect(request)
        if not uses_editor(request.user):
            raise PermissionDenied("Only editors use this.")
        return view(request, **kwargs)

    return wrapper


def timeline_creator_required(view):
    @wraps(view)
    def wrapper(request, **kwargs):
        if not request.user.is_authenticated:
            return login_redirect(request)
        if not may_create_timelines(request.user):
            raise PermissionDenied("You may not create timelines.")
        return view(request, **kwargs)

    return wrapper


def source_adder_required(view):
    @wraps(view)
    def wrapper(request, **kwargs):
        if not request.user.is_authenticated:
            return login_redirect(request)
        if not may_add_sources(request.user):
            raise PermissionDenied("Only the editors of a timeline add sources from articles.")
        return view(request, **kwargs)

    return wrapper


def visible_timeline_or_404(user, slug) -> tuple[Timeline, bool]:
    """The timeline if ``user`` may read it (published, or a draft they edit), and whether they
    may edit it. Views that are not async-aware pass ``request.user``; async ones its ``auser()``.
    """
    timeline = get_object_or_404(Timeline.objects.visible_to(user), slug=slug)
    return timeline, may_edit_timeline(user, timeline)
