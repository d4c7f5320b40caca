"""Test data for adding sources from articles: the seed article, known actors, the two steps,
and the suggestion cards as an editor reads them on the review page."""

from __future__ import annotations

from dataclasses import dataclass, field

import lxml.html
from django.urls import reverse

from tests.factories import ActorFactory, PlaceFactory
from timeline.demo import ceasefire
from timeline.models import Source

SEED_TEXT = ceasefire.ARTICLE_PATH.read_text(encoding="utf-8")
NEW_URL = "/sources/new/"


def known_actors_and_places() -> None:
    """The demo's actors and places (with their aliases), without its events."""
    for name, slug, kind, country, aliases in ceasefire.ACTORS:
        ActorFactory(
            name=name, slug=slug, kind=kind, country_code=country, aliases="\n".join(aliases)
        )
    for name, slug, country, aliases in ceasefire.PLACES:
        PlaceFactory(name=name, slug=slug, country_code=country, aliases="\n".join(aliases))


def extract(client, *, timeline: str, content: str = "", url: str = "", htmx=False, **extra):
    data = {"step": "extract", "timeline": timeline, "url": url, "content": content, **extra}
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(NEW_URL, data, headers=headers)


def metadata_data(response, **changes) -> dict:
    """What the metadata form posts as the extract step filled it in, with ``changes``."""
    form = response.context["metadata_form"]
    data = {"step": "save"}
    for name, bound in form.initial.items():
        value = changes.get(name, bound)
        if value is None:
            value = ""
        elif hasattr(value, "isoformat") and name == "published_time":
            value = value.strftime("%H:%M")
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        data[name] = value
    for name, value in changes.items():
        data.setdefault(name, value)
    return data


def paste_and_save(client, *, timeline: str, content: str = SEED_TEXT, url: str = "", **changes):
    """Both steps as an editor does them; returns the new source and the review page's URL."""
    response = extract(client, timeline=timeline, content=content, url=url)
    assert response.status_code == 200, response.text[:3000]
    response = client.post(NEW_URL, metadata_data(response, **changes))
    assert response.status_code == 302, response.text[:3000]
    return Source.objects.order_by("-pk").first(), response["Location"]


def review_path(timeline_slug: str, source: Source) -> str:
    return reverse("timeline:suggestions", kwargs={"slug": timeline_slug, "pk": source.pk})


@dataclass
class Card:
    number: int
    key: str
    type: str
    title: str
    facts: dict
    actors: list[str]
    quote: str
    state: str
    buttons: list[str]
    links: list[str] = field(default_factory=list)
    denial: bool = False

    def action_url(self, timeline_slug: str, source: Source, action: str) -> str:
        return reverse(
            f"timeline:suggestion_{action}",
            kwargs={"slug": timeline_slug, "pk": source.pk, "key": self.key},
        )


def _text(element) -> str:
    return " ".join(element.text_content().split()) if element is not None else ""


def parse_card(article) -> Card:
    facts = {
        _text(dt): _text(dd) for dt, dd in zip(article.iter("dt"), article.iter("dd"), strict=True)
    }
    actions = [form.get("action", "") for form in article.iter("form")]
    key = next((a.rstrip("/").split("/")[-2] for a in actions if "/suggestions/" in a), "")
    return Card(
        number=int(article.get("id").removeprefix("suggestion-")),
        key=key,
        type=_text(article.find_class("type-badge")[0]),
        title=_text(article.find(".//h2")),
        facts=facts,
        actors=[_text(li) for li in article.xpath(".//ul[@class='suggestion-actors']/li")],
        quote=_text(article.find(".//blockquote")),
        state=_text(next(iter(article.find_class("suggestion-state")), None)),
        buttons=[_text(b) for b in article.iter("button")],
        links=[_text(a) for a in article.iter("a")],
        denial=bool(article.find_class("denies")),
    )


def cards(response) -> list[Card]:
    page = lxml.html.fromstring(response.text)
    return [parse_card(article) for article in page.find_class("suggestion")]


def card_of(all_cards: list[Card], type_label: str, *, denial: bool | None = None) -> Card:
    found = [
        c for c in all_cards if c.type == type_label and (denial is None or c.denial == denial)
    ]
    assert len(found) == 1, [(c.type, c.title) for c in all_cards]
    return found[0]
