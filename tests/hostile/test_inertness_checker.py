"""The inertness checker itself: it must catch what a browser would run."""

from __future__ import annotations

import pytest

from tests.hostile import inertness

DANGEROUS = {
    "inline script": "<p>x</p><script>alert(1)</script>",
    "script from elsewhere": '<script src="https://evil.example/x.js"></script>',
    "protocol-relative script": '<script src="//evil.example/x.js"></script>',
    "event handler": "<img src=x onerror=alert(1)>",
    "mixed-case handler": "<IMG SRC=x OnErRoR=alert(1)>",
    "svg onload": "<svg/onload=alert(1)>",
    "javascript link": '<a href="javascript:alert(1)">x</a>',
    "entity-encoded javascript": '<a href="&#106;avascript:alert(1)">x</a>',
    "tab inside javascript": '<a href="java\tscript:alert(1)">x</a>',
    "leading control": '<a href="\x01javascript:alert(1)">x</a>',
    "data link": '<a href="data:text/html,x">x</a>',
    "xlink": '<svg><a xlink:href="javascript:alert(1)">x</a></svg>',
    "formaction": '<button formaction="javascript:alert(1)">x</button>',
    "iframe": '<iframe src="https://example.org"></iframe>',
    "srcdoc": '<div srcdoc="x"></div>',
    "base": '<base href="https://evil.example/">',
    "meta refresh": '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    "style element": "<style>*{display:none}</style>",
    "htmx handler": '<div hx-on:click="alert(1)">x</div>',
    "htmx evaluated vals": "<div hx-vals='js:{a: alert(1)}'>x</div>",
    "unclosed override": "<p>According to \u202eIndia: confirmed</p>",
    "NUL": "<p>a\x00b</p>",
    "bad JSON block": '<script type="application/json">{"a": </script><script>alert(1)</script>',
}


@pytest.mark.parametrize("html", DANGEROUS.values(), ids=DANGEROUS.keys())
def test_checker_catches_dangerous_markup(html):
    assert inertness.problems(html)


def test_checker_accepts_our_kind_of_page():
    html = (
        '<!doctype html><html><head><link rel="stylesheet" href="/static/css/timeline.css">'
        '<script src="/static/js/htmx.min.js" defer></script></head>'
        '<body hx-headers=\'{"X-CSRFToken": "abc"}\'><p dir="rtl">\u202bپاکستان\u202c</p>'
        '<a href="https://example.org/" rel="nofollow">x</a> <a href="/sources/1/">y</a>'
        '<a href="mailto:desk@example.org">z</a>'
        '<script type="application/json" id="d">{"a": "</b>"}</script></body></html>'
    )
    assert inertness.problems(html) == []


def test_checker_reports_markup_the_benign_page_lacks():
    baseline = inertness.inspect('<a href="/x">x</a>')
    assert inertness.problems('<a href="/x" hx-post="/delete/" hx-trigger="load">x</a>', baseline)
    assert inertness.problems('<a href="/x">y</a>', baseline) == []
