"""The one safe fetcher: the only code in the app that makes outbound HTTP requests.

Rules (issue 12), all enforced here:

- http and https only, ports 80 and 443 unless the host is in ``FETCH_ALLOW_HOSTS``;
- the host is resolved once and every address checked (``timeline.evidence.addresses``); the
  connection is made to that checked address, with the host name kept for the ``Host`` header,
  TLS server name (SNI) and certificate check;
- at most ``FETCH_MAX_REDIRECTS`` (5) redirects, each one checked again like the first URL;
- connect within 5 s, the whole fetch (all redirects and the body) within 20 s;
- the body at most 10 MB as transferred and 10 MB after decompression (a gzip bomb stops at
  the cap); only HTML, XHTML, plain text and PDF are read;
- a User-Agent naming the app and a contact URL (``FETCH_USER_AGENT``).

The result keeps every exchange (request and response headers, the body as transferred) so the
caller can write them as WARC records (``timeline.evidence.warc``).
"""

from __future__ import annotations

import time
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urljoin

import urllib3
from django.conf import settings
from django.utils import timezone

from .addresses import DNSFailure, FetchRefused, Target, check_url

CONNECT_TIMEOUT = 5.0
TOTAL_TIMEOUT = 20.0
MAX_BODY_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 5
ERROR_BODY_BYTES = 64 * 1024
CHUNK = 64 * 1024
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
TRANSIENT_STATUSES = {408, 425, 429, 500, 502, 503, 504}
ACCEPTED_TYPES = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "text",
    "application/pdf": "pdf",
}
ACCEPT = "text/html,application/xhtml+xml,text/plain;q=0.9,application/pdf;q=0.8"

__all__ = ["FetchError", "FetchRefused", "FetchResult", "Exchange", "fetch"]


class FetchError(Exception):
    """A fetch that failed; ``transient`` failures are worth retrying later."""

    def __init__(self, message: str, *, transient: bool = False, exchanges=None):
        super().__init__(message)
        self.transient = transient
        self.exchanges = exchanges or []


@dataclass
class Exchange:
    """One request and its response, as sent and as received (for the WARC records)."""

    url: str
    address: str
    request_line: str
    request_headers: list[tuple[str, str]]
    status: int = 0
    reason: str = ""
    protocol: str = "HTTP/1.1"
    response_headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""  # as transferred (still content-encoded)
    fetched_at: datetime = field(default_factory=timezone.now)

    def header(self, name: str) -> str:
        name = name.lower()
        for key, value in self.response_headers:
            if key.lower() == name:
                return value
        return ""


@dataclass
class FetchResult:
    url: str
    final_url: str
    status: int
    exchanges: list[Exchange]
    body: bytes  # decoded (no content encoding), at most MAX_BODY_BYTES
    media_type: str  # "text/html", ... ("" for a non-2xx answer)
    kind: str  # "html", "text", "pdf" or ""
    charset: str
    fetched_at: datetime

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def redirected_elsewhere(self) -> bool:
        """Whether the redirects ended on another site (usurped, in Wikipedia's words)."""
        return _site(self.final_url) != _site(self.url)


def _site(url: str) -> str:
    from urllib.parse import urlsplit

    host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    return host


def user_agent() -> str:
    return settings.FETCH_USER_AGENT


def fetch(url: str) -> FetchResult:
    """Fetch ``url`` under the rules above. Raises FetchRefused or FetchError."""
    started = time.monotonic()
    deadline = started + getattr(settings, "FETCH_TOTAL_TIMEOUT", TOTAL_TIMEOUT)
    exchanges: list[Exchange] = []
    seen: set[str] = set()
    current = url.strip()
    max_redirects = getattr(settings, "FETCH_MAX_REDIRECTS", MAX_REDIRECTS)
    for _hop in range(max_redirects + 1):
        seen.add(current)
        try:
            target = check_url(current)
        except DNSFailure as error:
            raise FetchError(str(error), transient=error.transient, exchanges=exchanges) from None
        except FetchRefused as refused:
            if exchanges:
                raise FetchRefused(f"It redirects to {current}: {refused}") from None
            raise
        exchange, response = _request(target, deadline, exchanges)
        exchanges.append(exchange)
        location = exchange.header("location")
        if exchange.status in REDIRECT_STATUSES and location:
            _finish(response, exchange, deadline, limit=ERROR_BODY_BYTES)
            following = urljoin(current, location.strip())
            if following in seen:
                raise FetchError(
                    f"The page redirects in a loop (back to {following}).", exchanges=exchanges
                )
            current = following
            continue
        return _result(url, target, exchange, response, deadline, exchanges)
    raise FetchError(f"The page redirects more than {max_redirects} times.", exchanges=exchanges)


def _pool(target: Target, deadline: float) -> urllib3.HTTPConnectionPool:
    remaining = max(0.1, deadline - time.monotonic())
    timeout = urllib3.Timeout(connect=min(CONNECT_TIMEOUT, remaining), read=remaining)
    common = {"port": target.port, "timeout": timeout, "retries": False, "maxsize": 1}
    if target.scheme == "https":
        return urllib3.HTTPSConnectionPool(
            target.address,
            cert_reqs="CERT_REQUIRED",
            server_hostname=target.host,
            assert_hostname=target.host,
            **common,
        )
    return urllib3.HTTPConnectionPool(target.address, **common)


def _request(target: Target, deadline: float, exchanges: list[Exchange]):
    headers = {
        "Host": target.host_header,
        "User-Agent": user_agent(),
        "Accept": ACCEPT,
        "Accept-Encoding": "gzip, deflate",
        "Connection": "close",
    }
    exchange = Exchange(
        url=target.url,
        address=target.address,
        request_line=f"GET {target.path} HTTP/1.1",
        request_headers=list(headers.items()),
    )
    pool = _pool(target, deadline)
    try:
        response = pool.urlopen(
            "GET",
            target.path,
            headers=headers,
            redirect=False,
            retries=False,
            preload_content=False,
            decode_content=False,
            assert_same_host=False,
            release_conn=False,
        )
    except urllib3.exceptions.NewConnectionError:
        raise _network_error(f"{target.host} could not be reached.", exchanges) from None
    except urllib3.exceptions.ConnectTimeoutError:
        raise _network_error(f"{target.host} did not answer within 5 seconds.", exchanges) from None
    except urllib3.exceptions.ReadTimeoutError:
        raise _network_error("The page took longer than 20 seconds.", exchanges) from None
    except urllib3.exceptions.SSLError as error:
        raise FetchError(f"The secure connection failed: {error}", exchanges=exchanges) from None
    except (urllib3.exceptions.HTTPError, OSError) as error:
        raise _network_error(f"The connection failed: {error}", exchanges) from None
    exchange.status = response.status
    exchange.reason = response.reason or ""
    exchange.protocol = "HTTP/1.0" if response.version == 10 else "HTTP/1.1"
    exchange.response_headers = list(response.headers.iteritems())
    return exchange, response


def _network_error(message: str, exchanges) -> FetchError:
    return FetchError(message, transient=True, exchanges=exchanges)


def _media_type(value: str) -> tuple[str, str]:
    media, _, params = value.partition(";")
    charset = ""
    for param in params.split(";"):
        key, _, val = param.strip().partition("=")
        if key.strip().lower() == "charset":
            charset = val.strip().strip("\"'").lower()
    return media.strip().lower(), charset


def _sniff(prefix: bytes) -> str:
    head = prefix[:1024].lstrip().lower()
    if head.startswith(b"%pdf-"):
        return "application/pdf"
    if head.startswith((b"<!doctype html", b"<html", b"<head", b"<body")):
        return "text/html"
    return ""


class _Decoder:
    """Content-Encoding decoding with a cap on what comes out (gzip bombs stop at the cap)."""

    def __init__(self, encoding: str, limit: int):
        self.limit = limit
        self.out = bytearray()
        encoding = encoding.strip().lower()
        if encoding in ("", "identity"):
            self.zlib = None
        elif encoding in ("gzip", "x-gzip"):
            self.zlib = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self.zlib = zlib.decompressobj()
        else:
            raise FetchError(f"The page is sent with an encoding we do not read ({encoding}).")
        self.raw_deflate_tried = False

    def feed(self, data: bytes) -> None:
        if self.zlib is None:
            self._add(data)
            return
        while data:
            room = self.limit - len(self.out)
            try:
                chunk = self.zlib.decompress(data, room + 1)
            except zlib.error:
                raise FetchError("The page's compressed body is damaged.") from None
            self._add(chunk)
            data = self.zlib.unconsumed_tail
            if self.zlib.eof:
                break

    def _add(self, data: bytes) -> None:
        if len(self.out) + len(data) > self.limit:
            raise FetchError(
                f"The page is larger than {self.limit // (1024 * 1024)} MB once decompressed."
            )
        self.out += data


def _finish(response, exchange: Exchange, deadline: float, *, limit: int) -> bytes:
    """Read the body as transferred, up to ``limit`` bytes, within the deadline; close."""
    raw = bytearray()
    try:
        while len(raw) < limit:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise FetchError("The page took longer than 20 seconds.", transient=True)
            connection = response.connection
            if connection is not None and connection.sock is not None:
                connection.sock.settimeout(remaining)
            chunk = response.read1(CHUNK, decode_content=False)
            if not chunk:
                break
            raw += chunk
    except (urllib3.exceptions.HTTPError, OSError) as error:
        message = f"The page could not be read to its end: {error}"
        raise FetchError(message, transient=True) from None
    finally:
        response.release_conn()
        response.close()
    exchange.body = bytes(raw[:limit])
    return exchange.body


def _result(url, target, exchange, response, deadline, exchanges) -> FetchResult:
    status = exchange.status
    media_type, charset = _media_type(exchange.header("content-type"))
    if not 200 <= status < 300:
        _finish(response, exchange, deadline, limit=ERROR_BODY_BYTES)
        return FetchResult(
            url=url,
            final_url=target.url,
            status=status,
            exchanges=exchanges,
            body=b"",
            media_type="",
            kind="",
            charset="",
            fetched_at=exchange.fetched_at,
        )
    limit = getattr(settings, "FETCH_MAX_BYTES", MAX_BODY_BYTES)
    length = exchange.header("content-length")
    if length.isdigit() and int(length) > limit:
        response.close()
        raise FetchError(
            f"The page is larger than {limit // (1024 * 1024)} MB ({int(length):,} bytes).",
            exchanges=exchanges,
        )
    if media_type and media_type not in ACCEPTED_TYPES:
        response.close()
        raise FetchError(
            f"The page is {media_type}, not HTML, text or PDF; it is not archived.",
            exchanges=exchanges,
        )
    try:
        decoder = _Decoder(exchange.header("content-encoding"), limit)
        raw = bytearray()
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise FetchError("The page took longer than 20 seconds.", transient=True)
            connection = response.connection
            if connection is not None and connection.sock is not None:
                connection.sock.settimeout(remaining)
            try:
                chunk = response.read1(CHUNK, decode_content=False)
            except (urllib3.exceptions.HTTPError, OSError) as error:
                if isinstance(error, TimeoutError | urllib3.exceptions.ReadTimeoutError):
                    raise FetchError(
                        "The page took longer than 20 seconds.", transient=True
                    ) from None
                raise FetchError(
                    f"The page could not be read to its end: {error}", transient=True
                ) from None
            if not chunk:
                break
            raw += chunk
            if len(raw) > limit:
                raise FetchError(f"The page is larger than {limit // (1024 * 1024)} MB.")
            decoder.feed(chunk)
    except FetchError as error:
        error.exchanges = exchanges
        raise
    finally:
        response.release_conn()
        response.close()
    exchange.body = bytes(raw)
    body = bytes(decoder.out)
    if not media_type:
        media_type = _sniff(body)
        if media_type not in ACCEPTED_TYPES:
            raise FetchError(
                "The page does not say what it is and does not look like HTML, text or PDF.",
                exchanges=exchanges,
            )
    return FetchResult(
        url=url,
        final_url=target.url,
        status=status,
        exchanges=exchanges,
        body=body,
        media_type=media_type,
        kind=ACCEPTED_TYPES[media_type],
        charset=charset,
        fetched_at=exchange.fetched_at,
    )
