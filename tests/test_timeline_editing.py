"""Creating, editing, publishing and unpublishing timelines."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import TimelineFactory, UserFactory
from timeline.models import Timeline

pytestmark = pytest.mark.django_db


def test_admin_creates_a_draft_timeline_and_becomes_its_editor(client, admin_user_account):
    client.force_login(admin_user_account)
    assert "New timeline" in client.get("/").text
    response = client.post(
        reverse("timeline:timeline_new"),
        {"title": "Sudan talks", "slug": "sudan-talks", "summary": "", "language": "en"},
    )
    timeline = Timeline.objects.get(slug="sudan-talks")
    assert response["Location"] == "/timelines/sudan-talks/"
    assert timeline.status == "draft"
    assert admin_user_account in timeline.editors.all()
    assert "Only this timeline's editors can see it." in client.get(response["Location"]).text


def test_timeline_form_errors_are_shown_next_to_fields(client, admin_user_account):
    TimelineFactory(slug="taken")
    client.force_login(admin_user_account)
    response = client.post(
        reverse("timeline:timeline_new"), {"title": "", "slug": "taken", "language": "en"}
    )
    assert response.status_code == 422
    assert "Give the timeline a title." in response.text
    assert "Another timeline already uses this address." in response.text
    response = client.post(reverse("timeline:timeline_new"), {"title": "X", "slug": "new"})
    assert "is reserved" in response.text


def test_editor_edits_title_summary_and_editors(editor_client, timeline, editor):
    colleague = UserFactory(username="colleague")
    url = reverse("timeline:timeline_edit", kwargs={"slug": timeline.slug})
    assert editor_client.get(url).status_code == 200
    response = editor_client.post(
        url,
        {
            "title": "Ceasefire, renamed",
            "slug": timeline.slug,
            "summary": "New *summary*",
            "language": "en",
            "editors": [editor.pk, colleague.pk],
        },
    )
    timeline.refresh_from_db()
    assert response.status_code == 302
    assert timeline.title == "Ceasefire, renamed"
    assert set(timeline.editors.all()) == {editor, colleague}


def test_publish_and_unpublish(editor_client, editor):
    timeline = TimelineFactory(slug="draft-story", status="draft", editors=[editor])
    editor_client.post(reverse("timeline:timeline_publish", kwargs={"slug": timeline.slug}))
    timeline.refresh_from_db()
    assert timeline.is_published
    editor_client.logout()
    assert editor_client.get(timeline.get_absolute_url()).status_code == 200
    editor_client.force_login(editor)
    editor_client.post(reverse("timeline:timeline_unpublish", kwargs={"slug": timeline.slug}))
    editor_client.logout()
    assert editor_client.get(timeline.get_absolute_url()).status_code == 404
