"""Quotes anchored to the archived text: W3C Web Annotation TextQuoteSelector.

A citation's quote is looked for in a snapshot's extracted text after normalising both the
same way: runs of whitespace become one space, curly and angled quotes become straight ones,
dashes become a hyphen, soft hyphens and zero-width characters go. When found, the selector
keeps the quote as it stands in the archived text (``exact``) with up to 32 characters either
side (``prefix``, ``suffix``), so a reader of the archive finds the same place again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CONTEXT = 32
_MAP = {
    **dict.fromkeys("‘’‚‛′‹›`´", "'"),
    **dict.fromkeys("“”„‟″«»", '"'),
    **dict.fromkeys("‐‑‒–—―−﹘﹣－", "-"),
    **dict.fromkeys("\u00ad\u200b\u200c\u200d\u2060\ufeff", ""),
}
_SPACE = re.compile(r"\s")


@dataclass(frozen=True)
class TextQuoteSelector:
    exact: str
    prefix: str
    suffix: str


def normalise(text: str) -> tuple[str, list[int]]:
    """The normalised text and, for each of its characters, its offset in ``text``."""
    out: list[str] = []
    offsets: list[int] = []
    last_space = True  # drop leading whitespace
    for index, char in enumerate(text):
        if _SPACE.match(char):
            if not last_space:
                out.append(" ")
                offsets.append(index)
                last_space = True
            continue
        mapped = _MAP.get(char, char)
        for piece in mapped:
            out.append(piece)
            offsets.append(index)
        if mapped:
            last_space = False
    while out and out[-1] == " ":
        out.pop()
        offsets.pop()
    return "".join(out), offsets


def normalised(text: str) -> str:
    return normalise(text)[0]


def anchor(quote: str, text: str) -> TextQuoteSelector | None:
    """Where ``quote`` stands in ``text``, or None when it is not there."""
    needle = normalised(quote).strip(" \"'")
    if not needle or not text:
        return None
    haystack, offsets = normalise(text)
    at = haystack.find(needle)
    if at < 0:
        return None
    start = offsets[at]
    end = offsets[at + len(needle) - 1] + 1
    return TextQuoteSelector(
        exact=text[start:end],
        prefix=text[max(0, start - CONTEXT) : start],
        suffix=text[end : end + CONTEXT],
    )


def found_in(quote: str, text: str) -> bool:
    return anchor(quote, text) is not None
