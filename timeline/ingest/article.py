"""Turn a pasted article (HTML or plain text) into metadata and plain text.

Offline only: nothing is fetched, the URL is recorded as given. HTML goes through trafilatura
(main text, title, author, site name) and htmldate (publication date); plain text is read line by
line (headline, "Updated :" and "Published:" lines, datelines, bylines, junk lines). The result
never holds HTML.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

import dateparser

from . import rules

MAX_TEXT_BYTES = 2 * 1024 * 1024

EMPTY_MESSAGE = "Paste the article's text or HTML."
BINARY_MESSAGE = "The pasted content looks binary, not text."
NOT_UTF8_MESSAGE = "The pasted content is not UTF-8 text; save it as UTF-8 and paste it again."
TOO_LARGE_MESSAGE = "The article is larger than 2 MB; paste only the article itself."
NO_TEXT_MESSAGE = "No article text could be found in the pasted HTML."


class ArticleError(ValueError):
    """Pasted content that cannot be read as an article; the message is shown to the editor."""


@dataclass
class ArticleMetadata:
    title: str
    publisher: str
    author: str
    published_at: datetime.datetime | None  # aware (UTC when the source gives no zone)
    date_precision: str  # "day", "minute" or "" when unknown
    language: str  # ISO 639-1, "" when unknown
    text: str  # plain-text paragraphs separated by blank lines
    url: str


def extract_article(raw: str | bytes, url: str = "") -> ArticleMetadata:
    """Read a pasted article. Raises ArticleError with an editor-facing message."""
    content = _decode(raw)
    if _looks_like_html(content):
        return _from_html(content, url)
    return _from_plain_text(content, url)


# --- Input checks --------------------------------------------------------------------------------

_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")


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
    controls = sum(
        1
        for char in content
        if unicodedata.category(char) == "Cc" and char not in _ALLOWED_CONTROLS
    )
    if controls > 0.1 * len(content):
        raise ArticleError(BINARY_MESSAGE)
    content = "".join(
        char for char in content if unicodedata.category(char) != "Cc" or char in _ALLOWED_CONTROLS
    )
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
_TAG_LIKE = re.compile(r"<!--.*?-->|</?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>", re.S)


def _looks_like_html(content: str) -> bool:
    return bool(_HTML_STRONG.search(content)) or len(_HTML_TAG.findall(content)) >= 2


# --- Shared text clean-up ------------------------------------------------------------------------


@cache
def _junk_prefixes() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in rules.JUNK_LINE_PREFIXES)


def _is_junk(line: str) -> bool:
    normalised = re.sub(r"[\s:|\-–—.…•]+$", "", line.strip()).lower()
    if not normalised or normalised in rules.JUNK_LINES:
        return True
    return any(pattern.search(line.strip()) for pattern in _junk_prefixes())


@dataclass
class _Dateline:
    date_words: str
    agency: str


def _strip_dateline(paragraph: str) -> tuple[str, _Dateline | None]:
    match = re.match(rules.DATELINE_PATTERN, paragraph)
    if not match or len(paragraph) - match.end() < 20:
        return paragraph, None
    place = match.group("place").strip()
    has_details = match.group("date") or match.group("agency")
    # Without a date or an agency only an all-capitals place ("YEREVAN —") is a dateline.
    if not has_details and not re.fullmatch(r"[A-Z .'’\-]+(?:,\s*[A-Z][a-z]+.*)?", place):
        return paragraph, None
    if not has_details and not re.match(r"[A-Z .'’\-]{3,}(?:,|$)", place):
        return paragraph, None
    agency = (match.group("agency") or "").strip()
    return paragraph[match.end() :], _Dateline(match.group("date") or "", agency)


def _hostname(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").removeprefix("www.")
    except ValueError:
        return ""


def _agency_name(name: str) -> str:
    return rules.NEWS_AGENCIES.get(name.strip().lower(), "")


def _paragraphs(lines: list[str]) -> list[str]:
    """Group lines into paragraphs: blank lines separate them; hard-wrapped lines are joined."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            blocks[-1].append(" ".join(line.split()))
        elif blocks[-1]:
            blocks.append([])
    paragraphs: list[str] = []
    for block in blocks:
        if not block:
            continue
        unterminated = sum(1 for line in block[:-1] if not re.search(r"[.!?:\"”’)]$", line))
        if len(block) > 1 and unterminated * 2 >= len(block) - 1:
            paragraphs.append(" ".join(block))
        else:
            paragraphs.extend(block)
    return paragraphs


def _finish_text(paragraphs: list[str]) -> str:
    cleaned = []
    for paragraph in paragraphs:
        paragraph = " ".join(_TAG_LIKE.sub(" ", paragraph).split())
        if paragraph:
            cleaned.append(paragraph)
    return "\n\n".join(cleaned)


def _detect_language(text: str) -> str:
    letters = [char for char in text if char.isalpha()]
    if not letters:
        return ""
    for code, first, last in rules.LANGUAGE_SCRIPTS:
        if sum(1 for c in letters if first <= ord(c) <= last) > 0.3 * len(letters):
            return code
    arabic = sum(1 for c in letters if 0x0600 <= ord(c) <= 0x06FF)
    if arabic > 0.3 * len(letters):
        return "ur" if any(c in rules.URDU_LETTERS for c in text) else "ar"
    cyrillic = sum(1 for c in letters if 0x0400 <= ord(c) <= 0x04FF)
    if cyrillic > 0.3 * len(letters):
        return "uk" if re.search(r"[іїєґ]", text, re.I) else "ru"
    words = re.findall(r"[^\W\d_]+", text.lower())
    if len(words) < 5:
        return ""
    scores = {
        code: sum(1 for word in words if word in stopwords) / len(words)
        for code, stopwords in rules.LANGUAGE_STOPWORDS.items()
    }
    code, score = max(sorted(scores.items()), key=lambda item: item[1])
    return code if score >= 0.08 else ""


# --- Dates ---------------------------------------------------------------------------------------


@dataclass
class _FoundDate:
    value: datetime.datetime
    precision: str


_HAS_TIME = re.compile(r"\d{1,2}[:.]\d{2}|\d\s*[ap]\.?m\b", re.IGNORECASE)
_HAS_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def _replace_zones(words: str) -> str:
    for abbreviation, offset in rules.TIMEZONE_ABBREVIATIONS.items():
        words = re.sub(rf"\b{abbreviation}\b(?![+\-−]\d)", offset, words)
    return words


def _parse_date_words(words: str, *, year_required: bool = True) -> _FoundDate | None:
    words = words.strip(" .,|:-–—")
    if not words or (year_required and not _HAS_YEAR.search(words)):
        return None
    if not re.search(r"\d", words):
        return None
    settings = {"PREFER_DAY_OF_MONTH": "first", "PREFER_DATES_FROM": "past"}
    parsed = dateparser.parse(_replace_zones(words), languages=["en"], settings=settings)
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=datetime.UTC)
    if _HAS_TIME.search(words):
        return _FoundDate(parsed.replace(second=0, microsecond=0), "minute")
    return _FoundDate(parsed.replace(hour=0, minute=0, second=0, microsecond=0), "day")


# --- HTML ----------------------------------------------------------------------------------------


def _from_html(html: str, url: str) -> ArticleMetadata:
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    document = trafilatura.bare_extraction(
        html,
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
    found = _html_date(html, url) or _document_date(getattr(document, "date", None))
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


def _clean(value: object) -> str:
    if not isinstance(value, str):
        return ""
    return " ".join(_TAG_LIKE.sub(" ", value).split())


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


def _html_date(html: str, url: str) -> _FoundDate | None:
    import htmldate

    # The page's own dates first: a date in the URL has no time and would hide them.
    for source_url in (None, url or None):
        found = htmldate.find_date(
            html,
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


@cache
def _date_line_patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in rules.DATE_LINE_PATTERNS)


def _from_plain_text(content: str, url: str) -> ArticleMetadata:
    lines = content.split("\n")
    title = ""
    author = ""
    agency = ""
    original: _FoundDate | None = None
    standalone: _FoundDate | None = None
    updated: _FoundDate | None = None
    body: list[str] = []
    for line in lines:
        stripped = line.strip()
        if not stripped:
            body.append("")
            continue
        if _is_junk(stripped):
            continue
        date_line = _date_line(stripped)
        if date_line is not None:
            label, found = date_line
            if found and label in rules.ORIGINAL_DATE_LABELS:
                original = original or found
            elif found:
                updated = updated or found
            continue
        if len(stripped) <= 60 and re.fullmatch(rules.STANDALONE_DATE_LINE, stripped):
            found = _parse_date_words(stripped)
            if found:
                standalone = standalone or found
                continue
        byline = re.match(rules.BYLINE_PATTERN, stripped)
        if byline and len(stripped) <= 100:
            author = author or byline.group("name")
            agency = agency or _agency_name(byline.group("org") or "")
            continue
        if not title and not any(body) and len(stripped) <= 250:
            title = " ".join(stripped.split())
            continue
        body.append(stripped)
    paragraphs = _paragraphs(body)
    dateline = None
    if paragraphs:
        paragraphs[0], dateline = _strip_dateline(paragraphs[0])
    found = original or standalone
    if dateline:
        agency = agency or _agency_name(dateline.agency)
        if not found and dateline.date_words:
            found = _parse_date_words(dateline.date_words, year_required=False)
    found = found or updated
    if not agency and url:
        agency = _hostname(url)
    text = _finish_text(paragraphs)
    if not text:
        text = _finish_text([title])
    return ArticleMetadata(
        title=_TAG_LIKE.sub("", title).strip(),
        publisher=agency,
        author=author,
        published_at=found.value if found else None,
        date_precision=found.precision if found else "",
        language=_detect_language(text),
        text=text,
        url=url,
    )


def _date_line(line: str) -> tuple[str, _FoundDate | None] | None:
    """A "Published: ..." or "Updated : ..." line: its label and date (None when it has none)."""
    if len(line) > 80:
        return None
    for pattern in _date_line_patterns():
        match = pattern.match(line)
        if not match:
            continue
        words = match.group("date").strip()
        label = match.group("label").lower()
        if not words:
            return label, None
        found = _parse_date_words(words)
        if found:
            return label, found
    return None
