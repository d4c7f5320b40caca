"""``Cache-Control: private, no-store`` on every page answered to a logged-in user.

What an editor sees holds drafts; no browser cache, shared proxy or CDN may keep it (issue 13).
Responses that say they are public (the event-type stylesheet, static files) keep their
header; reader pages for anonymous readers are unaffected.
"""

from __future__ import annotations

from django.utils.cache import patch_cache_control, patch_vary_headers


class PrivatePagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        said = response.get("Cache-Control", "")
        if user is not None and user.is_authenticated and "public" not in said:
            patch_cache_control(response, private=True, no_store=True)
            patch_vary_headers(response, ["Cookie"])
        return response
