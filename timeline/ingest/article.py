"""Turn a pasted article (HTML or plain text) into metadata and plain text.

Offline only: nothing is fetched, the URL is recorded as given. HTML goes through trafilatura
(main text, title, author, site name) and htmldate (publication date); plain text is read line by
line (headline, "Updated :" and "Published:" lines, datelines, bylines, junk lines). The result
never holds HTML.
"""

from __future__ import annotations

import re

from timeline.ingest.article_html import _from_html
from timeline.ingest.article_parts import (
    BINARY_MESSAGE,
    EMPTY_MESSAGE,
    MAX_TEXT_BYTES,
    NO_TEXT_MESSAGE,
    NOT_UTF8_MESSAGE,
    TOO_LARGE_MESSAGE,
    ArticleError,
    ArticleMetadata,
)
from timeline.ingest.article_text import _from_plain_text

__all__ = [
    "EMPTY_MESSAGE",
    "MAX_TEXT_BYTES",
    "NO_TEXT_MESSAGE",
    "TOO_LARGE_MESSAGE",
    "ArticleError",
    "ArticleMetadata",
    "extract_article",
]


def extract_article(raw: str | bytes, url: str = "") -> ArticleMetadata:
    """Read a pasted article. Raises ArticleError with an editor-facing message."""
    content = _decode(raw)
    if _looks_like_html(content):
        return _from_html(content, url)
    return _from_plain_text(content, url)


# --- Input checks --------------------------------------------------------------------------------

# Unicode's control characters (category Cc: C0, DEL and C1) but tab, line feed, vertical tab,
# form feed and carriage return (U+0009-000D),
# as one character class: a regex scans 2 MB in milliseconds, a loop in Python in seconds.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _decode(raw: str | bytes) -> str:
    if raw is None:
        raise ArticleError(EMPTY_MESSAGE)
    if isinstance(raw, bytes | bytearray):
        if len(raw) > MAX_TEXT_BYTES:
            raise ArticleError(TOO_LARGE_MESSAGE)
        if b"\x00" in raw:
            raise ArticleError(BINARY_MESSAGE)
        try:
            content = bytes(raw).decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ArticleError(
                BINARY_MESSAGE if _mostly_non_text(bytes(raw)) else NOT_UTF8_MESSAGE
            ) from None
    elif isinstance(raw, str):
        if len(raw) > MAX_TEXT_BYTES or len(raw.encode("utf-8", "replace")) > MAX_TEXT_BYTES:
            raise ArticleError(TOO_LARGE_MESSAGE)
        content = raw.removeprefix("\ufeff")
    else:
        raise ArticleError(EMPTY_MESSAGE)
    if "\x00" in content:
        raise ArticleError(BINARY_MESSAGE)
    controls = len(_CONTROLS.findall(content))
    if controls > 0.1 * len(content):
        raise ArticleError(BINARY_MESSAGE)
    content = _CONTROLS.sub("", content)
    content = re.sub(r"\r\n?|[\u2028\u2029\v\f]", "\n", content).replace("\xa0", " ")
    if not content.strip():
        raise ArticleError(EMPTY_MESSAGE)
    return content


def _mostly_non_text(data: bytes) -> bool:
    sample = data[:65536]
    text_like = sum(1 for byte in sample if byte >= 0x20 or byte in b"\t\n\r\f\v")
    return text_like < 0.7 * len(sample)


_HTML_STRONG = re.compile(r"<(?:!doctype\s+html|html|head|body|article|meta|title)\b", re.I)
_HTML_TAG = re.compile(r"</?(?:p|div|span|h[1-6]|a|br|section|main|ul|li|em|strong|time)\b", re.I)


def _looks_like_html(content: str) -> bool:
    return bool(_HTML_STRONG.search(content)) or len(_HTML_TAG.findall(content)) >= 2
