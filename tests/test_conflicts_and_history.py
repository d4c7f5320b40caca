"""No lost updates (409 conflict view, admin too), history with diffs, restore, activity."""

from __future__ import annotations

import pytest
from django.contrib.admin.sites import site
from django.urls import reverse

from tests.editing import event_form_data, snapshot
from tests.factories import CitationFactory, EventFactory, SourceFactory, UserFactory
from timeline.models import Event
from timeline.services.events import EventChanges, StaleEdit, event_update

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def url(name, event, **kwargs):
    return reverse(
        f"timeline:{name}", kwargs={"slug": event.timeline.slug, "pk": event.pk, **kwargs}
    )


@pytest.fixture
def second_editor(timeline):
    user = UserFactory(username="second")
    timeline.editors.add(user)
    return user


def save_as(client, user, event, **fields):
    client.force_login(user)
    return client.post(url("event_edit", event), event_form_data(event, **fields), headers=HTMX)


# --- Conflicts ------------------------------------------------------------------------------


def test_stale_edit_is_refused_with_conflict_view(client, timeline, editor, second_editor):
    event = EventFactory(timeline=timeline, title="Original", summary="Original summary")
    loaded = Event.objects.get(pk=event.pk)  # both editors load version 1
    assert save_as(client, editor, loaded, title="Theirs").status_code == 200
    before = snapshot()

    response = save_as(client, second_editor, loaded, title="Mine", summary="My summary")

    assert response.status_code == 409
    assert snapshot() == before
    html = response.text
    assert "Someone else saved “Theirs” while you were editing" in html
    assert "by editor" in html and "(version 2)" in html
    assert (
        '<th scope="row">Title</th><td class="theirs">Theirs</td><td class="mine">Mine</td>' in html
    )
    assert "My summary" in html
    assert ">Keep theirs</button>" in html and ">Overwrite with mine</button>" in html
    assert html.lstrip().startswith(f'<section id="event-{event.pk}"')


def test_overwrite_with_mine_saves_a_new_version(client, timeline, editor, second_editor):
    event = EventFactory(timeline=timeline, title="Original")
    source = SourceFactory(title="Paper")
    loaded = Event.objects.get(pk=event.pk)
    save_as(client, editor, loaded, title="Theirs")
    conflict = save_as(
        client,
        second_editor,
        loaded,
        title="Mine",
        citations=[{"source": f"Paper [#{source.pk}]", "quote": "My quote"}],
    ).text
    # The conflict view re-posts everything the editor typed, with the version now saved.
    hidden = dict(
        pair
        for pair in __import__("re").findall(
            r'<input type="hidden" name="([^"]+)" value="([^"]*)">', conflict
        )
        if pair[0] != "csrfmiddlewaretoken"
    )
    assert hidden["version"] == "2" and hidden["title"] == "Mine"

    response = client.post(url("event_edit", event), hidden, headers=HTMX)

    event.refresh_from_db()
    assert response.status_code == 200
    assert event.title == "Mine" and event.version == 3
    assert event.citations.get().quote == "My quote"
    # Their version is not lost: it is in the history.
    assert list(event.history.order_by("history_date").values_list("title", flat=True)) == [
        "Original",
        "Theirs",
        "Mine",
    ]


def test_keep_theirs_brings_back_the_saved_card(editor_client, timeline):
    event = EventFactory(timeline=timeline, title="Saved title")
    response = editor_client.get(url("event_card", event), headers=HTMX)
    assert "Saved title" in response.text and f'id="event-{event.pk}"' in response.text


def test_conflict_without_javascript_is_a_full_page_409(editor_client, timeline):
    event = EventFactory(timeline=timeline, version=5)
    response = editor_client.post(
        url("event_edit", event), {**event_form_data(event), "version": "4"}
    )
    assert response.status_code == 409
    assert "<html" in response.text and "Edit conflict" in response.text


def test_saving_an_event_deleted_meanwhile_is_a_conflict(editor_client, timeline):
    event = EventFactory(timeline=timeline)
    loaded = Event.objects.get(pk=event.pk)
    editor_client.post(url("event_delete", event))
    response = editor_client.post(url("event_edit", event), event_form_data(loaded), headers=HTMX)
    assert response.status_code == 409
    assert "Someone else deleted" in response.text
    assert "Overwrite with mine" not in response.text


def test_service_refuses_a_stale_version(timeline, editor):
    event = EventFactory(timeline=timeline, version=2)
    with pytest.raises(StaleEdit) as refused:
        event_update(
            event,
            changes=EventChanges(values={"title": "Lost?"}),
            expected_version=1,
            user=editor,
        )
    event.refresh_from_db()
    assert refused.value.current.version == 2
    assert event.title != "Lost?" and event.version == 2


def test_admin_refuses_a_stale_edit(client, admin_user_account, timeline):
    event = EventFactory(timeline=timeline, title="Original", version=1)
    client.force_login(admin_user_account)
    change_url = reverse("admin:timeline_event_change", args=[event.pk])
    page = client.get(change_url)
    assert 'name="loaded_version" value="1"' in page.text
    form = page.context["adminform"].form
    data = {
        name: value
        for name, value in {**form.initial, "loaded_version": 1, "title": "Admin edit"}.items()
        if value is not None
    }
    data |= {
        "event_actors-TOTAL_FORMS": "0",
        "event_actors-INITIAL_FORMS": "0",
        "citations-TOTAL_FORMS": "0",
        "citations-INITIAL_FORMS": "0",
    }
    Event.objects.filter(pk=event.pk).update(version=2, title="Someone else's")

    response = client.post(change_url, data)

    event.refresh_from_db()
    assert response.status_code == 200
    assert "Someone else saved this event (now version 2)" in response.text
    assert event.title == "Someone else's"

    data["loaded_version"] = 2
    response = client.post(change_url, data)
    event.refresh_from_db()
    assert response.status_code == 302, response.text[:3000]
    assert event.title == "Admin edit" and event.version == 3
    assert site.is_registered(Event)


# --- History --------------------------------------------------------------------------------


def test_history_lists_every_revision_with_field_diffs_and_citations(
    editor_client, timeline, editor
):
    editor_client.post(
        reverse("timeline:event_new", kwargs={"slug": timeline.slug}),
        event_form_data(title="First title", date="10 May 2025"),
    )
    event = Event.objects.get(title="First title")
    source = SourceFactory(title="The Hindu report")
    editor_client.post(
        url("event_edit", event),
        event_form_data(
            event,
            title="Second title",
            date="May 2025",
            citations=[{"source": f"x [#{source.pk}]", "quote": "Quoted words"}],
        ),
    )
    response = editor_client.get(url("event_history", event))
    html = response.text
    assert response.status_code == 200
    assert html.count('class="revision"') == 2
    assert '<th scope="row">Title</th><td class="before">First title</td>' in html
    assert '<td class="after">Second title</td>' in html
    assert '<td class="before">10 May 2025</td><td class="after">May 2025</td>' in html
    assert "Citation added: The Hindu report: “Quoted words”" in html
    assert "by editor" in html
    assert html.count(">Restore this version</button>") == 1  # not on the current version


def test_restore_this_version_makes_a_new_revision(editor_client, timeline):
    event = EventFactory(timeline=timeline, title="Version one")
    old_citation = CitationFactory(event=event, quote="Old quote")
    editor_client.post(url("event_edit", event), event_form_data(event, title="Version two"))
    event.refresh_from_db()
    assert not event.citations.exists()
    first = event.history.order_by("history_date").first()

    response = editor_client.post(
        url("event_history_restore", event, history_id=first.history_id),
        {"version": str(event.version)},
    )

    event.refresh_from_db()
    assert response.status_code == 302
    assert event.title == "Version one" and event.version == 3
    restored = event.citations.get()
    assert (restored.source_id, restored.quote) == (old_citation.source_id, "Old quote")
    assert event.history.count() == 3
    assert event.history.first().history_change_reason.startswith("Restored the version of")


def test_restore_against_a_newer_version_is_refused(editor_client, timeline):
    event = EventFactory(timeline=timeline, title="One")
    event.title = "Two"
    event.version = 2
    event.save()
    first = event.history.order_by("history_date").first()
    before = snapshot()
    response = editor_client.post(
        url("event_history_restore", event, history_id=first.history_id), {"version": "1"}
    )
    assert response.status_code == 409
    assert "nothing was restored" in response.text
    assert snapshot() == before


def test_activity_lists_recent_changes_with_links(client, timeline, editor, second_editor):
    event = EventFactory(timeline=timeline, title="Watched event")
    client.force_login(second_editor)
    client.post(url("event_edit", event), event_form_data(event, title="Watched event, renamed"))
    client.post(url("event_delete", event))
    response = client.get(reverse("timeline:timeline_activity", kwargs={"slug": timeline.slug}))
    html = response.text
    assert response.status_code == 200
    assert html.index("Deleted") < html.index("Changed: Title")
    assert "second" in html
    assert url("event_history", event) in html


def test_history_page_query_count_does_not_grow_with_revisions(
    editor_client, timeline, django_assert_max_num_queries
):
    event = EventFactory(timeline=timeline)
    for n in range(15):
        CitationFactory(event=event, quote=f"quote {n}")
        event.title = f"Title {n}"
        event.save()
    with django_assert_max_num_queries(15):
        assert editor_client.get(url("event_history", event)).status_code == 200


def test_form_without_a_version_is_a_conflict_not_a_hidden_error(editor_client, timeline):
    event = EventFactory(timeline=timeline)
    data = {**event_form_data(event), "version": "garbled"}
    response = editor_client.post(url("event_edit", event), data, headers=HTMX)
    assert response.status_code == 409
    assert ">Overwrite with mine</button>" in response.text
