"""Every piece of user text is rendered inside an isolating element: `<bdi>` or an element
with a `dir` attribute (issue 13, "Also"), so that a bidi control or right-to-left text in it
cannot reorder the words around it, as the HTML standard advises for user-generated text."""

from __future__ import annotations

import lxml.html
import pytest

from tests.factories import (
    ActorFactory,
    CitationFactory,
    EventActorFactory,
    EventFactory,
    PlaceFactory,
    SourceFactory,
    TimelineFactory,
)

pytestmark = pytest.mark.django_db

OVERRIDE = "\u202e"
MARK = "ZQX"  # in every piece of user text, so the test finds each one


def spoof(what: str) -> str:
    return f"{what} {MARK} {OVERRIDE}deny\u202c it"


@pytest.fixture
def world():
    timeline = TimelineFactory(slug="story", title=spoof("Timeline"), summary=spoof("Summary"))
    place = PlaceFactory(name=spoof("Place"), slug="spoof-place")
    event = EventFactory(
        timeline=timeline, title=spoof("Event"), summary=spoof("Event summary"), place=place
    )
    actor = ActorFactory(name=spoof("Actor"), slug="spoof-actor")
    EventActorFactory(event=event, actor=actor)
    source = SourceFactory(title=spoof("Source"), publisher=spoof("Publisher"), author=spoof("By"))
    CitationFactory(event=event, source=source, quote=spoof("Quote"), attribution=spoof("Says"))
    return {"event": event, "source": source, "actor": actor}


# Markup a user's Markdown renders to (timeline.text.markup), and the containers it is put in:
# inside one, paragraphs and inline elements hold the user's text alone.
MARKDOWN_TAGS = {"p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "a"}
MARKDOWN_TAGS |= {"h3", "h4"}
MARKDOWN_CONTAINERS = {"event-summary", "timeline-summary", "summary"}


def _isolates(element) -> bool:
    return element.tag == "bdi" or bool(element.get("dir"))


def _sole_content(element) -> bool:
    """The element is all its parent holds (a link that is the whole heading)."""
    parent = element.getparent()
    return len(parent) == 1 and not (parent.text or "").strip() and not (element.tail or "").strip()


def _isolated(holder) -> bool:
    """The element holding the text isolates it; or it is all that an isolating parent holds;
    or it is the user's own Markdown inside an isolating summary container."""
    if _isolates(holder):
        return True
    parent = holder.getparent()
    if parent is not None and _isolates(parent) and _sole_content(holder):
        return True
    element = holder
    while element is not None and element.tag in MARKDOWN_TAGS:
        element = element.getparent()
    return (
        element is not None
        and _isolates(element)
        and bool(set((element.get("class") or "").split()) & MARKDOWN_CONTAINERS)
    )


def unisolated(html: str) -> list[str]:
    """User text (holding MARK) whose nearest element is neither <bdi> nor has a dir."""
    tree = lxml.html.document_fromstring(html)
    found = []
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in {"title", "script", "style"}:
            continue
        if element.getparent() is not None and element.getparent().tag == "head":
            continue
        for text, holder in ((element.text, element), (element.tail, element.getparent())):
            if not text or MARK not in text or holder is None:
                continue
            if _isolated(holder):
                continue
            found.append(f"<{holder.tag} class={holder.get('class')!r}>: {text.strip()[:60]}")
    return found


def pages(world) -> dict[str, tuple[str, dict]]:
    event, source, actor = world["event"], world["source"], world["actor"]
    return {
        "index": ("/", {}),
        "chronology": ("/timelines/story/", {}),
        "chronology fragment": ("/timelines/story/", {"HX-Request": "true"}),
        "embed": ("/timelines/story/embed/", {}),
        "event": (f"/timelines/story/events/{event.pk}/", {}),
        "source": (f"/sources/{source.pk}/", {}),
        "sources": ("/sources/", {}),
        "actor": (f"/actors/{actor.slug}/", {}),
    }


@pytest.mark.parametrize(
    "name",
    ["index", "chronology", "chronology fragment", "embed", "event", "source", "sources", "actor"],
)
def test_user_text_is_isolated(client, world, name):
    path, headers = pages(world)[name]
    response = client.get(path, headers=headers)
    assert response.status_code == 200
    assert MARK in response.text
    assert unisolated(response.text) == []
