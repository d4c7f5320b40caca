"""HEAD answered as GET without the body (RFC 9110 section 9.3.2), for every page.

Views declare the methods they take with ``require_GET``; rather than each one learning HEAD,
this middleware hands them a GET and drops the body on the way out, keeping the headers
(Content-Length, ETag, Cache-Control) a GET would get. Link checkers and monitors send HEAD.
"""

from __future__ import annotations


class HeadAsGetMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "HEAD":
            return self.get_response(request)
        request.method = "GET"
        request.META["REQUEST_METHOD"] = "GET"
        response = self.get_response(request)
        request.method = "HEAD"
        request.META["REQUEST_METHOD"] = "HEAD"
        if response.streaming:
            response.streaming_content = []
        else:
            length = len(response.content)
            response.content = b""
            response["Content-Length"] = str(length)
        return response
