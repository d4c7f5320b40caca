"""A fetched page into text and metadata, offline: the fetched bytes are all there is.

The body is decoded with the charset the server names, else the one the page declares, else
UTF-8, else the best guess of charset-normalizer (legacy pages in windows-1252 or Shift_JIS
read right). HTML is parsed once with lxml, scripts and styles dropped, and the cleaned
document handed to the article reader (trafilatura and htmldate, which never fetch here: they
get the document, not an address). PDF is kept in the archive, its text not extracted.
"""

from __future__ import annotations

import codecs
import re

from timeline.ingest.article import (
    BINARY_MESSAGE,
    MAX_TEXT_BYTES,
    ArticleError,
    ArticleMetadata,
    extract_article,
)

from .fetcher import FetchResult

_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_\-:.]+)", re.I)
# Scripts go (JSON-LD stays: it holds the publication date and author).
_DROPPED = (
    "//script[not(@type='application/ld+json')]|//style|//noscript|//template|//svg"
    "|//iframe|//object|//embed|//canvas"
)

NO_TEXT = "The page has no text to read."
PDF_NOT_READ = "The PDF is archived; its text is not extracted (paste the text to use it)."


class ReadingError(ValueError):
    """The page was archived but no article could be read from it; the message says why."""


def _known(charset: str) -> str:
    try:
        return codecs.lookup(charset).name if charset else ""
    except LookupError:
        return ""


def decode(result: FetchResult) -> str:
    body = result.body
    candidates = [_known(result.charset)]
    if result.kind == "html":
        match = _META_CHARSET.search(body[:4096])
        if match:
            candidates.append(_known(match.group(1).decode("ascii", "ignore")))
    for charset in filter(None, candidates):
        try:
            return body.decode(charset)
        except (UnicodeDecodeError, LookupError):
            continue
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(body[:200_000]).best()
    charset = best.encoding if best is not None else "windows-1252"
    return body.decode(charset, errors="replace")


def _clean_html(text: str) -> str:
    import lxml.etree
    import lxml.html

    try:
        tree = lxml.html.document_fromstring(text.encode("utf-8"), parser=_parser())
    except (ValueError, lxml.etree.ParserError):
        raise ReadingError(NO_TEXT) from None
    for element in tree.xpath(_DROPPED):
        element.drop_tree()
    for comment in tree.xpath("//comment()"):
        comment.drop_tree()
    return lxml.html.tostring(tree, encoding="unicode")


def _parser():
    import lxml.html

    return lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, no_network=True)


def read_page(result: FetchResult) -> ArticleMetadata:
    """Metadata and text of a fetched page; ReadingError when there is no article to read."""
    if result.kind == "pdf":
        raise ReadingError(PDF_NOT_READ)
    text = decode(result)
    if result.kind == "html":
        text = _clean_html(text)
    if len(text.encode("utf-8")) > MAX_TEXT_BYTES:
        # Very long pages: keep the start, which holds the article (the archive keeps it all).
        text = text.encode("utf-8")[:MAX_TEXT_BYTES].decode("utf-8", "ignore")
    if not text.strip():
        raise ReadingError(NO_TEXT)
    try:
        article = extract_article(text, url=result.final_url)
    except ArticleError as error:
        # The reader's messages speak of pasting; a fetched page gets its own words.
        message = "The page looks binary, not text." if str(error) == BINARY_MESSAGE else NO_TEXT
        raise ReadingError(message) from None
    if not article.text.strip():
        raise ReadingError(NO_TEXT)
    return article
