"""The chronology's JSON-LD (schema.org ItemList) comes from the cache for readers, and is
always what the page shows: an edit is in it at once, a draft never."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from tests.factories import EventFactory, TimelineFactory
from timeline.models import Event

pytestmark = pytest.mark.django_db


def json_ld_items(html: str) -> list[dict]:
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [item["item"] for item in json.loads(block.group(1))["itemListElement"]]


def test_an_edited_summary_is_in_the_json_ld_of_the_next_page(client, story):
    url = story.get_absolute_url() + "?page=1"
    client.get(url)
    event = Event.objects.get(title="Event on day 2")
    event.summary = "Talks **resumed** in Geneva"
    event.save()
    items = json_ld_items(client.get(url).text)
    described = {item["name"]: item.get("description") for item in items}
    assert described["Event on day 2"] == "Talks resumed in Geneva"


def test_a_draft_an_editor_saw_never_reaches_a_readers_json_ld(editor_client, story):
    EventFactory(timeline=story, title="Unannounced strike", status="draft")
    assert "Unannounced strike" in editor_client.get(story.get_absolute_url()).text
    reader = Client()
    names = [item["name"] for item in json_ld_items(reader.get(story.get_absolute_url()).text)]
    assert names == ["Event on day 1", "Event on day 2", "Event on day 3"]


def test_json_ld_urls_follow_the_host_asked_for(client, story):
    page = client.get(story.get_absolute_url(), headers={"Host": "localhost"}).text
    assert json_ld_items(page)[0]["url"].startswith("http://localhost/timelines/story/")
    again = client.get(story.get_absolute_url(), headers={"Host": "127.0.0.1"}).text
    assert json_ld_items(again)[0]["url"].startswith("http://127.0.0.1/timelines/story/")


def json_ld_list(html: str) -> dict:
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(block.group(1))


def test_a_renamed_timeline_without_events_is_named_in_the_json_ld_of_the_next_page(client):
    empty = TimelineFactory(slug="empty", title="Quiet front")
    client.get(empty.get_absolute_url())
    empty.title = "Quiet front, renamed"
    empty.save()
    assert json_ld_list(client.get(empty.get_absolute_url()).text)["name"] == (
        "Quiet front, renamed"
    )


def test_the_json_ld_of_a_filtered_page_lists_only_its_events_from_position_one(client, story):
    client.get(story.get_absolute_url())
    page = client.get(story.get_absolute_url() + "?q=day+2").text
    listed = json_ld_list(page)["itemListElement"]
    assert [(item["position"], item["item"]["name"]) for item in listed] == [(1, "Event on day 2")]
