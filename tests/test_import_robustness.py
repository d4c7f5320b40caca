"""Imports refuse at preview, with a message, what they could not take (issue 13, finding 7).

Before: JSON nested ~1,000 deep and an integer of more than 4,300 digits gave a 500; a CSV whose
title held a NUL passed the preview and failed on confirm (409 on PostgreSQL).
"""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import TimelineFactory, UserFactory

pytestmark = pytest.mark.django_db

HEADER = "date,title,event_type,initiators,targets,place,latitude,longitude,source_urls"


@pytest.fixture
def editor_client(client):
    user = UserFactory(username="import-editor")
    TimelineFactory(slug="story", editors=[user])
    client.force_login(user)
    return client


def upload(client, content: str, name: str = "events.json"):
    upload = SimpleUploadedFile(name, content.encode("utf-8", "surrogatepass"))
    return client.post("/timelines/story/import/", {"file": upload, "format": "auto"})


@pytest.mark.parametrize("depth", [100, 2000, 100_000])
def test_deeply_nested_json_is_refused_with_a_message(editor_client, depth):
    response = upload(editor_client, "[" * depth + "]" * depth)
    assert response.status_code == 422
    assert "is nested more than 64 levels deep" in response.text


def test_an_integer_of_thousands_of_digits_is_refused_with_a_message(editor_client):
    document = '{"format": "timeline-export", "version": ' + "9" * 5000 + ', "events": []}'
    response = upload(editor_client, document)
    assert response.status_code == 422
    assert "has a number of 5,000 digits" in response.text


def test_timelinejs_with_a_huge_year_is_refused_with_a_message(editor_client):
    document = '{"events": [{"start_date": {"year": ' + "1" * 4500 + '}, "text": {}}]}'
    response = upload(editor_client, document)
    assert response.status_code == 422
    assert "digits" in response.text


def test_a_csv_title_holding_nul_is_refused_at_preview(editor_client):
    content = f"{HEADER}\n2025-05-10,Bad\x00title,statement,,,,,,\n"
    response = upload(editor_client, content, name="events.csv")
    assert response.status_code == 422
    assert "contains a NUL character" in response.text
    assert "Line 2" in response.text


@pytest.mark.parametrize("escape", ["\\u0000", "\\ud800"])
def test_json_escapes_that_cannot_be_stored_are_refused_at_preview(editor_client, escape):
    document = json.dumps({"events": [{"start_date": {"year": 2025}, "text": {}}]})
    document = document.replace('"text": {}', f'"text": {{"headline": "bad{escape}"}}')
    response = upload(editor_client, document)
    assert response.status_code == 422
    assert "cannot be stored" in response.text
