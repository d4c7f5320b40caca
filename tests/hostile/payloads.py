"""A corpus of hostile text: what an attacker (or a careless paste) puts into an editor's fields.

Each payload is written into every field an editor can write; every output must come out inert
(see tests/hostile/inertness.py). The corpus is grouped by the trick it tries, so a failure
names the trick. `python -m tests.hostile.payloads` prints the counts for the report.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Payload:
    name: str
    text: str


def _payloads(group: str, texts: dict[str, str]) -> list[Payload]:
    return [Payload(f"{group}/{name}", text) for name, text in texts.items()]


SCRIPT_TAGS = _payloads(
    "script",
    {
        "plain": "<script>alert(1)</script>",
        "upper": "<SCRIPT>alert(1)</SCRIPT>",
        "src": '<script src="https://evil.example/x.js"></script>',
        "split": "<scr<script>ipt>alert(1)</scr</script>ipt>",
        "unclosed": "<script>alert(1)",
        "close-then-open": "</script><script>alert(1)</script>",
        "close-title": "</title><script>alert(1)</script>",
        "close-textarea": "</textarea><script>alert(1)</script>",
        "close-style": "</style><script>alert(1)</script>",
        "noscript": '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
        "iframe": '<iframe src="javascript:alert(1)"></iframe>',
        "iframe-srcdoc": '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
        "object": '<object data="javascript:alert(1)"></object>',
        "embed": '<embed src="javascript:alert(1)">',
        "base": '<base href="https://evil.example/">',
        "meta-refresh": '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
        "form": '<form action="javascript:alert(1)"><button>Go</button></form>',
        "formaction": '<button formaction="javascript:alert(1)">Go</button>',
        "link-import": '<link rel="stylesheet" href="https://evil.example/x.css">',
        "style-tag": "<style>body{background:url(javascript:alert(1))}</style>",
        "style-attribute": '<p style="background:url(javascript:alert(1))">x</p>',
        "htmx-attribute": '<div hx-get="/admin/" hx-trigger="load" hx-on:click="alert(1)">x</div>',
        "template": "<template><script>alert(1)</script></template>",
    },
)

EVENT_HANDLERS = _payloads(
    "handler",
    {
        "img-onerror": "<img src=x onerror=alert(1)>",
        "img-onerror-quoted": '<img src="x" onerror="alert(1)">',
        "body-onload": "<body onload=alert(1)>",
        "svg-onload": "<svg onload=alert(1)>",
        "svg-slash": "<svg/onload=alert(1)>",
        "details-ontoggle": "<details open ontoggle=alert(1)>",
        "input-autofocus": "<input autofocus onfocus=alert(1)>",
        "marquee": "<marquee onstart=alert(1)>x</marquee>",
        "video-source": "<video><source onerror=alert(1)></video>",
        "a-onmouseover": '<a href="https://example.org" onmouseover="alert(1)">x</a>',
        "mixed-case": "<IMG SRC=x OnErRoR=alert(1)>",
        "tab-separated": "<img\tsrc=x\tonerror=alert(1)>",
        "newline-separated": "<img\nsrc=x\nonerror=alert(1)>",
        "slash-separated": "<img/src=x/onerror=alert(1)>",
    },
)

DANGEROUS_URLS = _payloads(
    "url",
    {
        "javascript": '<a href="javascript:alert(1)">x</a>',
        "javascript-upper": '<a href="JAVASCRIPT:alert(1)">x</a>',
        "javascript-mixed": '<a href="JaVaScRiPt:alert(1)">x</a>',
        "javascript-entity": '<a href="&#106;avascript:alert(1)">x</a>',
        "javascript-hex-entity": '<a href="&#x6A;&#x61;vascript:alert(1)">x</a>',
        "javascript-tab": '<a href="java\tscript:alert(1)">x</a>',
        "javascript-newline": '<a href="java\nscript:alert(1)">x</a>',
        "javascript-leading-space": '<a href=" javascript:alert(1)">x</a>',
        "javascript-leading-control": '<a href="\x01javascript:alert(1)">x</a>',
        "data-html": '<a href="data:text/html,<script>alert(1)</script>">x</a>',
        "data-base64": '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
        "vbscript": '<a href="vbscript:msgbox(1)">x</a>',
        "svg-xlink": '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
        "svg-use": '<svg><use href="data:image/svg+xml,<svg id=x onload=alert(1)>#x"/></svg>',
        "math": '<math><mtext><a href="javascript:alert(1)">x</a></mtext></math>',
        "bare-javascript": "javascript:alert(1)",
        "bare-data": "data:text/html,<script>alert(1)</script>",
    },
)

SVG = _payloads(
    "svg",
    {
        "script-inside": "<svg><script>alert(1)</script></svg>",
        "animate": '<svg><animate onbegin="alert(1)" attributeName="x" dur="1s"/></svg>',
        "set-href": (
            '<svg><a><set attributeName="href" to="javascript:alert(1)"/><text>x</text></a></svg>'
        ),
        "foreign-object": (
            "<svg><foreignObject><iframe src=javascript:alert(1)></iframe></foreignObject></svg>"
        ),
        "cdata": "<svg><![CDATA[<script>alert(1)</script>]]></svg>",
    },
)

MARKDOWN = _payloads(
    "markdown",
    {
        "link-javascript": "[x](javascript:alert(1))",
        "link-javascript-upper": "[x](JAVASCRIPT:alert(1))",
        "link-javascript-encoded": "[x](javascript&#58;alert(1))",
        "link-javascript-percent": "[x](javascript%3Aalert(1))",
        "link-javascript-angle": "[x](<javascript:alert(1)>)",
        "link-data": "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "link-vbscript": "[x](vbscript:msgbox(1))",
        "link-title-breakout": '[x](https://example.org "title\\" onmouseover=\\"alert(1))',
        "image-onerror": '![x](x" onerror="alert(1))',
        "image-javascript": "![x](javascript:alert(1))",
        "image-data": "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
        "autolink-javascript": "<javascript:alert(1)>",
        "autolink-data": "<data:text/html,alert(1)>",
        "autolink-https": '<https://example.org/?q="><script>alert(1)</script>>',
        "reference-link": "[x][evil]\n\n[evil]: javascript:alert(1)",
        "reference-image": "![x][evil]\n\n[evil]: javascript:alert(1)",
        "raw-html-block": "<div>\n<script>alert(1)</script>\n</div>",
        "raw-inline-html": "Before <img src=x onerror=alert(1)> after",
        "html-comment": "<!-- --><script>alert(1)</script><!-- -->",
        "code-span-escape": "`</code><script>alert(1)</script>`",
        "nested-brackets": "[[x](javascript:alert(1))](https://example.org)",
    },
)

BREAKOUTS = _payloads(
    "breakout",
    {
        "attribute-double": '"><img src=x onerror=alert(1)>',
        "attribute-single": "'><img src=x onerror=alert(1)>",
        "attribute-unquoted": " onmouseover=alert(1) x=",
        "attribute-backtick": "`><img src=x onerror=alert(1)>",
        "json-attribute": "\"}'><img src=x onerror=alert(1)>",
        "hx-headers-breakout": '\'}" hx-get="/admin/" hx-trigger="load',
        "template-variable": "{{ request.META }}{{ settings.SECRET_KEY }}",
        "template-tag": "{% debug %}{% load log %}{% get_admin_log 10 as log %}",
        "template-comment": "{# x #}{% csrf_token %}",
        "jinja-like": "${alert(1)}{{7*7}}#{7*7}",
        "script-close": "</script><script>alert(1)</script>",
        "script-close-case": "</ScRiPt ><script>alert(1)</script>",
        "html-comment-open": "<!--",
        "cdata-close": "]]><script>alert(1)</script>",
        "css-breakout": "</style><style>*{display:none}</style>",
        "csv-formula": '=HYPERLINK("https://evil.example","click")',
        "csv-formula-plus": "+cmd|' /C calc'!A0",
        "csv-formula-at": "@SUM(1+1)*cmd|' /C calc'!A0",
        "xml-entity": '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>&e;',
        "cdata-xml": "<![CDATA[</title><script>alert(1)</script>]]>",
    },
)

UNICODE = _payloads(
    "unicode",
    {
        "rlo": "Ceasefire \u202eelbisiv ton si txet siht\u202c holds",
        "rli": "\u2067Pakistan\u2069 welcomes mediation",
        "lri": "\u2066India\u2069 rejects mediation",
        "fsi-unclosed": "\u2068unterminated isolate",
        "rlo-unclosed": "\u202eunterminated override",
        "rle-pdf": "\u202bembedded\u202c text",
        "rlm-lrm": "\u200fمرحبا\u200e hello",
        "zero-width": "java\u200bscript:alert(1)",
        "zero-width-joiner": "Ind\u200dia",
        "bom": "\ufeffIndia",
        "homoglyph": "Іndia",  # Cyrillic capital I
        "combining-flood": "I" + "\u0301" * 200,
        "emoji-zwj": "🇮🇳🤝🇵🇰 👩‍👩‍👧",
        "urdu": "پاکستان نے ثالثی کا خیرمقدم کیا",
        "devanagari": "भारत ने मध्यस्थता अस्वीकार की",
        "line-separator": "first\u2028second\u2029third",
        "fullwidth-brackets": "＜script＞alert(1)＜/script＞",
    },
)

CONTROL = _payloads(
    "control",
    {
        "nul": "before\x00after",
        "nul-in-tag": "<scr\x00ipt>alert(1)</script>",
        "escape": "colour \x1b[31mred\x1b[0m",
        "bell-backspace": "a\x07b\x08c",
        "cr-only": "line one\rline two",
        "vertical-tab": "a\x0bb\x0cc",
        "lone-surrogate-escape": "\\ud800 not a real surrogate",
    },
)

LONG = _payloads(
    "long",
    {
        "long-word": "A" * 5000,
        "long-script": "<script>" + "x" * 3000 + "</script>",
        "many-tags": "<b>" * 500 + "deep" + "</b>" * 500,
        "many-links": " ".join(f"[l{i}](javascript:alert({i}))" for i in range(200)),
        "nested-quotes": "> " * 200 + "deep quote",
    },
)

CORPUS: list[Payload] = [
    *SCRIPT_TAGS,
    *EVENT_HANDLERS,
    *DANGEROUS_URLS,
    *SVG,
    *MARKDOWN,
    *BREAKOUTS,
    *UNICODE,
    *CONTROL,
    *LONG,
]

# Characters that can reorder the text around them (explicit embeddings, overrides, isolates).
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def fit(text: str, max_length: int | None) -> str:
    """The payload cut to a field's maximum length (a database would refuse the rest)."""
    if max_length is None or len(text) <= max_length:
        return text
    return text[:max_length]


def storable(text: str) -> str:
    """The payload as PostgreSQL can store it: text columns refuse NUL, so the forms strip it.

    Django's form fields refuse NUL characters (ProhibitNullCharactersValidator); stored via the
    ORM, a NUL would be a database error on PostgreSQL, not an XSS. The NUL payloads are tested
    through the forms instead (tests/test_bad_input.py); here they go in without the NUL.
    """
    return text.replace("\x00", "")


if __name__ == "__main__":
    groups: dict[str, int] = {}
    for payload in CORPUS:
        group = payload.name.split("/")[0]
        groups[group] = groups.get(group, 0) + 1
    for group, count in groups.items():
        print(f"{group:10} {count:4}")
    print(f"{'total':10} {len(CORPUS):4}")
