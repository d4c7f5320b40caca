"""Security headers added by the front server (nginx, `make serve`) instead of the app.

Every response carries the same security headers (Content-Security-Policy, X-Frame-Options,
X-Content-Type-Options, Referrer-Policy, Cross-Origin-Opener-Policy) unless its view asks for
others (the embed page: any site may frame it). Behind nginx they are added by nginx to every
response that brings no Content-Security-Policy of its own, static files and nginx's own error
pages included, and with `SECURITY_HEADERS_FROM_FRONT=1` (deploy/serve.py sets it) the app
leaves them out of the responses that would carry exactly these.

Why: nginx parses a stored page's headers again on every cache hit, and these five are half of
the page's header lines and most of their bytes (README, "Security headers at the front").

One source for both: nginx's values are `default_security_headers()`, what Django's own
middleware gives a response whose view asks for nothing (deploy/serve.py writes them into
nginx.conf when it starts), so the headers a reader receives are the same with or without
nginx. A response that asks for something else (its own policy, an exemption) keeps all of
its headers, and nginx, seeing its Content-Security-Policy, adds none.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.http import HttpRequest, HttpResponse
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.security import SecurityMiddleware


def default_security_headers() -> dict[str, str]:
    """The headers Django's security, clickjacking and CSP middleware add to a plain page."""
    from csp.middleware import CSPMiddleware

    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = "/"
    plain = HttpResponse()
    untouched = set(plain.headers)
    csp = CSPMiddleware(lambda request: plain)
    csp.process_request(request)
    csp.process_response(request, plain)
    XFrameOptionsMiddleware(lambda request: plain).process_response(request, plain)
    SecurityMiddleware(lambda request: plain).process_response(request, plain)
    return {name: value for name, value in plain.items() if name not in untouched}


class FrontSecurityHeadersMiddleware:
    """Leaves the default security headers to the front server (first in MIDDLEWARE, so it
    sees every header the others added). Only with SECURITY_HEADERS_FROM_FRONT=1."""

    def __init__(self, get_response):
        if not settings.SECURITY_HEADERS_FROM_FRONT:
            raise MiddlewareNotUsed
        self.get_response = get_response
        self.defaults = default_security_headers()
        if "Content-Security-Policy" not in self.defaults:
            raise MiddlewareNotUsed  # nginx adds them only to responses without one

    def __call__(self, request):
        response = self.get_response(request)
        if self.asks_for_defaults(response):
            for name in self.defaults:
                del response[name]
        return response

    def asks_for_defaults(self, response) -> bool:
        """No header differs from its default (a 304 may lack some: nginx adds them all), and
        no view exempted the response from one (the embed page has no X-Frame-Options)."""
        if getattr(response, "xframe_options_exempt", False):
            return False
        if getattr(response, "_csp_exempt", False):
            return False
        return all(response.get(name, value) == value for name, value in self.defaults.items())
