"""What reading an article needs in both its forms (HTML and plain text): the result, the
editor-facing errors, junk lines, datelines, paragraphs, language and date words.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

import dateparser

from . import rules
from .datelines import YearlessDate

MAX_TEXT_BYTES = 2 * 1024 * 1024

EMPTY_MESSAGE = "Paste the article's text or HTML."
BINARY_MESSAGE = "The pasted content looks binary, not text."
NOT_UTF8_MESSAGE = "The pasted content is not UTF-8 text; save it as UTF-8 and paste it again."
TOO_LARGE_MESSAGE = "The article is larger than 2 MB; paste only the article itself."
NO_TEXT_MESSAGE = "No article text could be found in the pasted HTML."

# How many dates one plain-text article may have parsed ("Published: ...", date lines).
MAX_DATE_LINES = 20

# Tags left in text (a fragment pasted into plain text, a title with markup); comments are
# removed by `_strip_tags` without a regex.
_TAG = re.compile(r"</?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>")


def _strip_tags(text: str, replacement: str = " ") -> str:
    """`text` without HTML comments and tags, in time linear in its length.

    Comments are found with `str.find`, not a lazy regex: `<!--.*?-->` rescanned to the end of
    the text from every unclosed `<!--`, so 100 KB of them took 12 seconds (issue 13). A
    comment left open is kept as text, as before.
    """
    if "<!--" not in text:
        return _TAG.sub(replacement, text)
    parts = []
    position = 0
    while (start := text.find("<!--", position)) >= 0:
        end = text.find("-->", start + 4)
        if end < 0:
            break
        parts.extend((text[position:start], replacement))
        position = end + 3
    parts.append(text[position:])
    return _TAG.sub(replacement, "".join(parts))


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
    # A dateline without a year ("ISLAMABAD, May 12 (Reuters)") when nothing else dates the
    # article: the year is found later, from the timeline (see timeline.ingest.datelines).
    yearless_date: YearlessDate | None = None


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
        paragraph = " ".join(_strip_tags(paragraph).split())
        if paragraph:
            cleaned.append(paragraph)
    return "\n\n".join(cleaned)


# Language detection reads the start of the text: enough to tell, and a bound on its cost.
LANGUAGE_SAMPLE = 20_000


def _detect_language(text: str) -> str:
    text = text[:LANGUAGE_SAMPLE]
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


class _DateBudget:
    """How many more dates one article may have parsed (each is a dateparser call, about a
    millisecond: 2 MB of "Published: ..." lines took 73 seconds without a bound)."""

    def __init__(self, left: int = MAX_DATE_LINES):
        self.left = left

    def take(self) -> bool:
        self.left -= 1
        return self.left >= 0


def _parse_date_words(
    words: str, *, year_required: bool = True, budget: _DateBudget | None = None
) -> _FoundDate | None:
    words = words.strip(" .,|:-–—")
    if not words or (year_required and not _HAS_YEAR.search(words)):
        return None
    if not re.search(r"\d", words):
        return None
    if budget is not None and not budget.take():
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
