"""User-written Markdown to safe HTML: markdown-it with raw HTML off, then nh3 (ammonia)."""

from __future__ import annotations

import html

import nh3
from markdown_it import MarkdownIt

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_markdown.disable("image")

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h3",
    "h4",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


# Markdown's cost grows faster than its length on some inputs ("*_" * 250,000 took 30 s, issue
# 13): longer texts (saved before the limits, or typed into the preview) are shown as plain
# paragraphs, which costs time linear in the length. Twice the longest summary allowed.
MARKDOWN_MAX_CHARS = 10_000


def render_markdown(text: str) -> str:
    """Sanitised HTML for a Markdown text: only http(s) and mailto links, no images, no script.

    Past `MARKDOWN_MAX_CHARS` the text is shown as escaped paragraphs, not read as Markdown.
    """
    text = text or ""
    if len(text) > MARKDOWN_MAX_CHARS:
        return plain_paragraphs(text)
    html = _markdown.render(text)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )


def plain_paragraphs(text: str) -> str:
    """Text as HTML paragraphs (blank lines apart), every character escaped."""
    paragraphs = [" ".join(block.split()) for block in text.replace("\r", "").split("\n\n")]
    return "".join(f"<p>{html.escape(p)}</p>\n" for p in paragraphs if p)


def markdown_to_text(text: str) -> str:
    """Plain text of a Markdown text, for CSV cells, feeds summaries and search."""
    return html.unescape(nh3.clean(render_markdown(text), tags=set())).strip()
