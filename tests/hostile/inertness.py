"""Is an HTML document inert? The checks a browser-minded attacker would try to defeat.

The document is tokenised with the standard library's HTMLParser, which follows the HTML5
tokeniser closely enough for these checks (script and style contents are raw text, attribute
quoting, case folding). A document is inert when:

- every ``<script>`` loads a same-origin file (``src="/..."``) or is a JSON data block;
- no element carries an event-handler attribute (``on*``), ``srcdoc``, or an ``hx-on`` handler;
- no URL attribute (``href``, ``src``, ``action``, ``formaction``, ``xlink:href``...) has a
  scheme other than http, https or mailto, after the whitespace and control characters a
  browser ignores are removed;
- there is no ``<iframe>``, ``<object>``, ``<embed>``, ``<base>``, ``<meta http-equiv>``,
  ``<style>`` or cross-origin stylesheet;
- no text a reader sees leaves a bidi override or isolate open at the end of its paragraph;
- no NUL character reaches the browser;
- and, compared with the same page filled with benign text, no new kind of element or
  attribute appears (an injected ``hx-post`` or ``style`` is as bad as a script).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from timeline.text.bidi import unclosed_bidi_controls

URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "background",
    "cite",
    "ping",
    "srcset",
    "manifest",
    "codebase",
    "longdesc",
    "lowsrc",
    "dynsrc",
    "icon",
    "profile",
    "usemap",
    "archive",
    "classid",
}
SAFE_SCHEMES = {"http", "https", "mailto"}
FORBIDDEN_ELEMENTS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal"}
VOID_ELEMENTS = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
# Elements that end a bidi paragraph (or isolate their content): an override left open inside
# one of them cannot reach text outside it.
BIDI_CONTAINERS = {
    "html",
    "head",
    "body",
    "title",
    "main",
    "header",
    "footer",
    "nav",
    "section",
    "article",
    "aside",
    "div",
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "table",
    "tr",
    "td",
    "th",
    "caption",
    "form",
    "fieldset",
    "legend",
    "label",
    "select",
    "option",
    "textarea",
    "button",
    "bdi",
    "details",
    "summary",
    "figure",
    "figcaption",
}
_SCHEME_RE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f\u200b\ufeff]")


@dataclass
class Document:
    """What the tokeniser saw: problems found, and the kinds of markup used."""

    problems: list[str] = field(default_factory=list)
    features: set[tuple[str, str]] = field(default_factory=set)


def url_scheme(value: str) -> str | None:
    """The scheme a browser would see (it drops ASCII whitespace and controls first)."""
    cleaned = _IGNORED_IN_URLS.sub("", value)
    match = _SCHEME_RE.match(cleaned)
    return match.group(1).lower() if match else None


def _same_origin_path(value: str) -> bool:
    value = value.strip()
    return value.startswith("/") and not value.startswith("//") and "\\" not in value


# The test client's host: canonical links (and link previews) name the page's own absolute URL.
OWN_ORIGIN = "http://testserver/"
# Data blocks a browser never runs: checked to be well-formed JSON instead.
DATA_BLOCK_TYPES = {"application/json", "application/ld+json"}


def _own_origin_url(value: str) -> bool:
    value = value.strip()
    return value.startswith(OWN_ORIGIN) and _same_origin_path(value[len(OWN_ORIGIN) - 1 :])


class _InertnessParser(HTMLParser):
    def __init__(self, document: Document):
        super().__init__(convert_charrefs=True)
        self.document = document
        self.open_containers: list[tuple[str, list[str]]] = [("#document", [])]
        self.in_script: dict[str, str | None] | None = None
        self.script_text: list[str] = []

    def problem(self, text: str) -> None:
        self.document.problems.append(text)

    def handle_starttag(self, tag, attrs):
        self._element(tag, attrs)
        if tag in BIDI_CONTAINERS and tag not in VOID_ELEMENTS:
            self.open_containers.append((tag, []))

    def handle_startendtag(self, tag, attrs):
        self._element(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "script" and self.in_script is not None:
            self._check_script_content("".join(self.script_text))
            self.in_script = None
            self.script_text = []
        if tag in BIDI_CONTAINERS and any(name == tag for name, _ in self.open_containers[1:]):
            while True:
                name, texts = self.open_containers.pop()
                self._check_bidi(name, texts)
                if name == tag:
                    break

    def handle_data(self, data):
        if self.in_script is not None:
            self.script_text.append(data)
            return
        if "\x00" in data:
            self.problem(f"NUL character in text: {data[:80]!r}")
        self.open_containers[-1][1].append(data)

    def close(self):
        super().close()
        while self.open_containers:
            name, texts = self.open_containers.pop()
            self._check_bidi(name, texts)

    def _check_bidi(self, name, texts):
        text = "".join(texts)
        unclosed = unclosed_bidi_controls(text)
        if unclosed:
            shown = text.strip()[:80]
            self.problem(f"<{name}> text leaves bidi controls {unclosed!r} open: {shown!r}")

    def _element(self, tag, attrs):
        values = dict(attrs)
        for name, value in attrs:
            self.document.features.add((tag, name))
            value = value or ""
            if "\x00" in value:
                self.problem(f"NUL character in <{tag} {name}>")
            if name.startswith("on"):
                self.problem(f"event handler <{tag} {name}={value[:60]!r}>")
            elif name in {"srcdoc"} or name.startswith(("hx-on", "data-hx-on")):
                self.problem(f"script-bearing attribute <{tag} {name}={value[:60]!r}>")
            elif name in URL_ATTRIBUTES:
                scheme = url_scheme(value)
                if name == "srcset" and re.search(r"(javascript|data|vbscript):", value, re.I):
                    self.problem(f"dangerous srcset <{tag} srcset={value[:60]!r}>")
                elif scheme is not None and scheme not in SAFE_SCHEMES:
                    self.problem(f"{scheme}: URL in <{tag} {name}={value[:60]!r}>")
            elif name in {
                "hx-vals",
                "hx-headers",
                "data-hx-vals",
                "data-hx-headers",
            } and value.strip().startswith(("js:", "javascript:")):
                self.problem(f"evaluated htmx value <{tag} {name}={value[:60]!r}>")
        if tag in FORBIDDEN_ELEMENTS:
            self.problem(f"forbidden element <{tag}>")
        elif tag == "style":
            self.problem("inline <style> element")
        elif tag == "meta" and "http-equiv" in values:
            self.problem(f"<meta http-equiv={values['http-equiv']!r}>")
        elif tag == "link" and not (
            _same_origin_path(values.get("href") or "")
            or (values.get("rel") == "canonical" and _own_origin_url(values.get("href") or ""))
        ):
            self.problem(f"<link> to another origin: {values.get('href')!r}")
        elif tag == "script":
            self._check_script_tag(values)

    def _check_script_tag(self, values):
        src = values.get("src")
        if src is not None:
            if not _same_origin_path(src):
                self.problem(f"<script src={src!r}> from another origin")
            self.in_script = values
        elif (values.get("type") or "").strip().lower() in DATA_BLOCK_TYPES:
            self.in_script = values
        else:
            self.problem("inline <script> element")
            self.in_script = values

    def _check_script_content(self, text):
        assert self.in_script is not None
        if self.in_script.get("src") is not None:
            if text.strip():
                self.problem(f"<script src> with inline content: {text[:60]!r}")
        elif (self.in_script.get("type") or "").strip().lower() in DATA_BLOCK_TYPES:
            try:
                json.loads(text)
            except ValueError:
                self.problem(f"JSON data block that is not JSON: {text[:60]!r}")


def inspect(html: str) -> Document:
    document = Document()
    parser = _InertnessParser(document)
    parser.feed(html)
    parser.close()
    return document


def problems(html: str, baseline: Document | None = None) -> list[str]:
    """Everything that makes ``html`` not inert; empty when it is. See the module docstring."""
    document = inspect(html)
    found = list(document.problems)
    if baseline is not None:
        for tag, attribute in sorted(document.features - baseline.features):
            found.append(f"markup not in the benign page: <{tag} {attribute}>")
    return found
