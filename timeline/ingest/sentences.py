"""Split article text into sentences and clauses, keeping their offsets in the text.

Every span is a verbatim slice of the text, so a quote taken from it can be found again in the
stored article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from . import rules


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


_END_CANDIDATE = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s|$)")
_INITIAL = re.compile(r"^[A-Z]\.$")


@cache
def _clause_break() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{pattern})" for pattern in rules.CLAUSE_BREAKS))


def _span(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return None
    return Span(start, end, text[start:end])


def _ends_sentence(line: str, match: re.Match[str]) -> bool:
    punctuation = match.group(0).rstrip("\"'”’)]")
    rest = line[match.end() :].lstrip()
    if not rest:
        return True
    if rest[0].islower():
        return False
    closed_quote = len(punctuation) < len(match.group(0))
    if "?" in punctuation or "!" in punctuation or len(punctuation) > 1 or closed_quote:
        return True
    token_start = line.rfind(" ", 0, match.start()) + 1
    token = line[token_start : match.start() + 1].lstrip("(\"'“‘[")
    lowered = token.lower()
    if _INITIAL.match(token):
        return False
    if lowered in rules.ABBREVIATIONS:
        next_word = re.match(r"[\w'’]+", rest)
        return (
            lowered in rules.SENTENCE_FINAL_ABBREVIATIONS
            and next_word is not None
            and next_word.group(0) in rules.SENTENCE_STARTERS
        )
    return True


def split_sentences(text: str) -> list[Span]:
    """Sentences of `text`; a line break always ends a sentence."""
    sentences: list[Span] = []
    for line_match in re.finditer(r"[^\n]+", text):
        line = line_match.group(0)
        offset = line_match.start()
        start = 0
        for match in _END_CANDIDATE.finditer(line):
            if _ends_sentence(line, match):
                span = _span(text, offset + start, offset + match.end())
                if span:
                    sentences.append(span)
                start = match.end()
        span = _span(text, offset + start, offset + len(line))
        if span:
            sentences.append(span)
    return sentences


def split_clauses(text: str, sentence: Span) -> list[Span]:
    """Clauses of one sentence, cut at "; ", ", but ", ", while ", ", and the ..." and so on."""
    clauses: list[Span] = []
    start = sentence.start
    for match in _clause_break().finditer(sentence.text):
        end = sentence.start + match.start()
        span = _span(text, start, end)
        if span:
            clauses.append(span)
        start = sentence.start + match.end()
    span = _span(text, start, sentence.end)
    if span:
        clauses.append(span)
    return clauses
