"""A pasted HTML article: trafilatura for the main text, title, author and site name; htmldate
and the page's own markup for the publication date and language.
"""

from __future__ import annotations

import copy
import datetime
import re

import lxml.etree

from timeline.ingest.article_parts import (
    NO_TEXT_MESSAGE,
    ArticleError,
    ArticleMetadata,
    _agency_name,
    _detect_language,
    _finish_text,
    _FoundDate,
    _hostname,
    _is_junk,
    _paragraphs,
    _strip_dateline,
    _strip_tags,
)


def parse_html(html: str):
    """The pasted HTML as an lxml tree (None when it is no HTML at all).

    Parsed here, once, and only trees are handed to trafilatura and htmldate: given a string
    that starts with "http" and has no space, htmldate *downloads* it (issue 13: a pasted
    "http://127.0.0.1:8766/probe?<p>a</p><p>b</p>" made the server fetch that address).
    trafilatura's loader, the one trafilatura itself uses on a string, never fetches.
    """
    from trafilatura.utils import load_html

    try:
        return load_html(html)
    except (ValueError, TypeError, lxml.etree.LxmlError):
        return None


def _from_html(html: str, url: str) -> ArticleMetadata:
    tree = parse_html(html)
    # trafilatura edits the tree it reads; htmldate reads a copy of its own.
    date_tree = copy.deepcopy(tree) if tree is not None else None
    document = _bare_extraction(tree, url) if tree is not None else None
    title = _clean(getattr(document, "title", None))
    author = _clean(getattr(document, "author", None))
    publisher = _clean(getattr(document, "sitename", None))
    raw_text = getattr(document, "text", None) or ""
    lines = raw_text.split("\n")
    if not raw_text.strip():
        lines = _fallback_text(html).split("\n")
    if lines and title and lines[0].strip() == title:
        lines = lines[1:]
    lines = [line for line in lines if not _is_junk(line)] if any(lines) else []
    paragraphs = _paragraphs(lines)
    dateline = None
    if paragraphs:
        paragraphs[0], dateline = _strip_dateline(paragraphs[0])
    text = _finish_text(paragraphs)
    if not text:
        raise ArticleError(NO_TEXT_MESSAGE)
    if dateline and not publisher:
        publisher = _agency_name(dateline.agency)
    if not publisher and url:
        publisher = _hostname(url)
    if publisher and title:
        title = re.sub(rf"\s+[|\-–—:]\s+{re.escape(publisher)}$", "", title)
    found = _html_date(date_tree, html, url) or _document_date(getattr(document, "date", None))
    return ArticleMetadata(
        title=title,
        publisher=publisher,
        author=author,
        published_at=found.value if found else None,
        date_precision=found.precision if found else "",
        language=_html_language(html) or _detect_language(text),
        text=text,
        url=url,
    )


def _bare_extraction(tree, url: str):
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    return trafilatura.bare_extraction(
        tree,
        url=url or None,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        include_formatting=False,
        deduplicate=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )


def _clean(value: object) -> str:
    if not isinstance(value, str):
        return ""
    return " ".join(_strip_tags(value).split())


_BLOCK_TAGS = ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "br", "section", "article")


def _fallback_text(html: str) -> str:
    """Visible text of small HTML fragments that trafilatura declines to extract."""
    import lxml.html

    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return ""
    for element in tree.xpath(
        "//script|//style|//noscript|//template|//nav|//header|//footer|//aside|//form|//head"
    ):
        element.drop_tree()
    for element in tree.iter(*_BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
    return tree.text_content()


# Machine-readable publication times, most trusted first: JSON-LD, meta tags, <time> elements.
_PUBLISHED_TIMES = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"\"datePublished\"\s*:\s*\"(?P<value>\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}[^\"]*)\"",
        r"<meta\b[^>]*?(?:property|name|itemprop)\s*=\s*[\"'](?:article:published_time|"
        r"og:published_time|datePublished|pubdate|publish-date|date)[\"'][^>]*?content\s*=\s*"
        r"[\"'](?P<value>\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}[^\"']*)",
        r"<time\b[^>]*?datetime\s*=\s*[\"'](?P<value>\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}[^\"']*)",
    )
)


def _published_time(html: str, day: str) -> datetime.datetime | None:
    """The exact publication time the page states for `day` (YYYY-MM-DD), if it states one."""
    for pattern in _PUBLISHED_TIMES:
        for match in pattern.finditer(html):
            value = match.group("value").strip()
            if not value.startswith(day):
                continue
            try:
                parsed = datetime.datetime.fromisoformat(value.replace(" ", "T", 1))
            except ValueError:
                continue
            if parsed.tzinfo is None:
                parsed = parsed.replace(tzinfo=datetime.UTC)
            return parsed.replace(second=0, microsecond=0)
    return None


def _html_date(tree, html: str, url: str) -> _FoundDate | None:
    """The publication date htmldate reads from the page's tree (never from a string, which
    htmldate would download when it looks like an address)."""
    import htmldate

    if tree is None:
        return None
    # The page's own dates first: a date in the URL has no time and would hide them.
    for number, source_url in enumerate((None, url or None)):
        found = htmldate.find_date(
            tree if number else copy.deepcopy(tree),
            extensive_search=False,
            original_date=True,
            outputformat="%Y-%m-%dT%H:%M:%S%z",
            url=source_url,
        )
        if found:
            break
    else:
        return None
    exact = _published_time(html, found[:10])
    if exact:
        return _FoundDate(exact, "minute")
    if len(found) > 19:
        value = datetime.datetime.strptime(found, "%Y-%m-%dT%H:%M:%S%z")
    else:
        value = datetime.datetime.strptime(found, "%Y-%m-%dT%H:%M:%S").replace(tzinfo=datetime.UTC)
    if value.time() != datetime.time(0, 0):
        return _FoundDate(value, "minute")
    return _FoundDate(value, "day")


def _document_date(value: object) -> _FoundDate | None:
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        day = datetime.datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=datetime.UTC)
        return _FoundDate(day, "day")
    return None


_LANG_ATTRIBUTE = re.compile(
    r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})(?:[-_][\w-]+)?", re.I
)
_LANG_META = re.compile(
    r"<meta\b[^>]*?(?:property|name|http-equiv)\s*=\s*[\"'](?:og:locale|content-language|"
    r"language|dc\.language)[\"'][^>]*?content\s*=\s*[\"']([A-Za-z]{2})",
    re.I,
)
_LANG_JSON = re.compile(r"\"inLanguage\"\s*:\s*\"([A-Za-z]{2})", re.I)


def _html_language(html: str) -> str:
    for pattern in (_LANG_ATTRIBUTE, _LANG_META, _LANG_JSON):
        match = pattern.search(html)
        if match and len(match.group(1)) == 2:
            return match.group(1).lower()
    return ""


# --- Plain text ----------------------------------------------------------------------------------
