"""Source URLs: only http/https are accepted, and duplicates are found after normalisation."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.core.exceptions import ValidationError

ALLOWED_SCHEMES = ("http", "https")
# Query parameters that only track the click and never change the document.
TRACKING_PARAMETERS = {"fbclid", "gclid", "mc_cid", "mc_eid", "ocid", "cmpid", "ref", "ref_src"}


def validate_web_url(value: str) -> None:
    """Refuse anything but an absolute http(s) URL, with a message an editor understands."""
    if not value:
        return
    parts = urlsplit(value.strip())
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        raise ValidationError(
            "Only http:// and https:// links are allowed (got %(scheme)s).",
            code="url_scheme",
            params={"scheme": f"{parts.scheme}:" if parts.scheme else "no scheme"},
        )
    if not parts.hostname:
        raise ValidationError("This link has no host name.", code="url_host")
    if any(ord(ch) < 33 for ch in value.strip()):
        raise ValidationError(
            "A link cannot contain spaces or control characters.", code="url_space"
        )


def normalize_url(value: str) -> str:
    """The form of a URL used to find duplicates: same page, same string.

    Lower-cases scheme and host, drops default ports, fragments, tracking parameters and a
    trailing slash, and sorts the remaining query parameters.
    """
    value = (value or "").strip()
    if not value:
        return ""
    parts = urlsplit(value)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    port = parts.port
    netloc = (
        host
        if port is None or (scheme, port) in {("http", 80), ("https", 443)}
        else (f"{host}:{port}")
    )
    query = sorted(
        (key, val)
        for key, val in parse_qsl(parts.query, keep_blank_values=True)
        if not key.lower().startswith("utm_") and key.lower() not in TRACKING_PARAMETERS
    )
    path = parts.path.rstrip("/") or ""
    # http and https versions of one article are the same article.
    return urlunsplit(("https" if scheme == "http" else scheme, netloc, path, urlencode(query), ""))
