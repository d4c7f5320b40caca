"""A fetch as WARC records (ISO 28500, written by warcio): what a researcher verifies offline.

One gzipped WARC file a snapshot: a ``warcinfo`` record naming the software, then for every
hop (redirects included) the ``request`` as sent and the ``response`` as received, body as
transferred (still gzip-compressed when the server compressed it). ``Transfer-Encoding`` is
renamed ``X-Archive-Orig-Transfer-Encoding``: the body is stored de-chunked, as replay tools
expect.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date
from warcio.warcwriter import WARCWriter

from .fetcher import Exchange

SOFTWARE = "timeline evidence archiver (warcio)"


def warc_bytes(exchanges: list[Exchange], *, filename: str = "") -> bytes:
    """The gzipped WARC file of these exchanges."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True, warc_version="1.1")
    info = {"software": SOFTWARE, "format": "WARC File Format 1.1"}
    writer.write_record(writer.create_warcinfo_record(filename, info))
    for exchange in exchanges:
        date = datetime_to_iso_date(exchange.fetched_at.replace(tzinfo=None), use_micros=True)
        common = {"WARC-Date": date, "WARC-IP-Address": exchange.address}
        request = writer.create_warc_record(
            exchange.url,
            "request",
            payload=io.BytesIO(b""),
            length=0,
            http_headers=StatusAndHeaders(
                exchange.request_line, exchange.request_headers, is_http_request=True
            ),
            warc_headers_dict=dict(common),
        )
        headers = [
            ("X-Archive-Orig-Transfer-Encoding" if key.lower() == "transfer-encoding" else key, v)
            for key, v in exchange.response_headers
        ]
        response = writer.create_warc_record(
            exchange.url,
            "response",
            payload=io.BytesIO(exchange.body),
            length=len(exchange.body),
            http_headers=StatusAndHeaders(
                f"{exchange.status} {exchange.reason}".strip(),
                headers,
                protocol=exchange.protocol,
            ),
            warc_headers_dict=dict(common),
        )
        request.rec_headers.add_header(
            "WARC-Concurrent-To", response.rec_headers.get_header("WARC-Record-ID")
        )
        writer.write_record(request)
        writer.write_record(response)
    return buffer.getvalue()


@dataclass
class StoredResponse:
    url: str
    status: int
    headers: list[tuple[str, str]]
    payload: bytes  # decoded from its content encoding


def read_responses(stream) -> Iterator[StoredResponse]:
    """The response records of a WARC file, payloads decoded (for tests and verification)."""
    for record in ArchiveIterator(stream):
        if record.rec_type != "response":
            continue
        yield StoredResponse(
            url=record.rec_headers.get_header("WARC-Target-URI"),
            status=int(record.http_headers.get_statuscode()),
            headers=list(record.http_headers.headers),
            payload=record.content_stream().read(),
        )
