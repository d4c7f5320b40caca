"""The editor's daily path (issue 17): publishing drafts quickly, forms that do not fight back,
reachable features and the small things (items 4, 5, 6 and 10), through the test client.

The browser-only parts (Publish in place without a reload, counted interactions) are in
tests/browser/test_daily_desk_browser.py.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from tests.editing import event_form_data
from tests.factories import (
    CitationFactory,
    EventFactory,
    SourceFactory,
    TimelineFactory,
    UserFactory,
)
from timeline.dates import Precision
from timeline.models import Event, PublicationStatus, Source, Timeline

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(editor):
    return TimelineFactory(slug="ceasefire", title="Ceasefire", editors=[editor])


def htmx(client, url, data=None, *, current=None):
    headers = {"HX-Request": "true"}
    if current:
        headers["HX-Current-URL"] = f"http://testserver{current}"
    if data is None:
        return client.get(url, headers=headers)
    return client.post(url, data, headers=headers)


# 4. Publishing at the speed of news -----------------------------------------------------------


def test_draft_card_offers_publish_and_a_published_card_does_not(client, editor, story):
    draft = EventFactory(timeline=story, title="Shelling reported", status="draft")
    EventFactory(timeline=story, title="Talks begin", status="published")
    client.force_login(editor)
    text = client.get(story.get_absolute_url()).text
    publish = reverse("timeline:event_publish", kwargs={"slug": story.slug, "pk": draft.pk})
    assert text.count(">Publish</button>") == 1
    assert f'hx-post="{publish}"' in text


def test_publish_from_the_card_returns_the_card_in_place_now_public(client, editor, story):
    draft = EventFactory(timeline=story, title="Shelling reported", status="draft")
    client.force_login(editor)
    url = reverse("timeline:event_publish", kwargs={"slug": story.slug, "pk": draft.pk})
    response = htmx(client, url, {"version": draft.version}, current=story.get_absolute_url())
    assert response.status_code == 200
    text = response.text
    assert text.lstrip().startswith("<article") or 'id="event-' in text[:400]
    assert "Shelling reported" in text
    assert ">Publish</button>" not in text
    assert 'class="badge draft"' not in text
    draft.refresh_from_db()
    assert draft.status == PublicationStatus.PUBLISHED
    assert draft.history.first().history_change_reason == "Published"
    # Readers see it now.
    client.logout()
    assert "Shelling reported" in client.get(story.get_absolute_url()).text


def test_publish_without_javascript_redirects_to_the_card(client, editor, story):
    draft = EventFactory(timeline=story, title="Shelling reported", status="draft")
    client.force_login(editor)
    url = reverse("timeline:event_publish", kwargs={"slug": story.slug, "pk": draft.pk})
    response = client.post(url, {"version": draft.version}, follow=True)
    assert response.redirect_chain[-1][0] == f"{story.get_absolute_url()}#event-{draft.pk}"
    assert "Published “Shelling reported”: readers can see it." in response.text


def test_publishing_a_draft_changed_since_the_card_was_loaded_is_refused(client, editor, story):
    draft = EventFactory(timeline=story, title="Shelling reported", status="draft")
    shown_version = draft.version
    Event.objects.filter(pk=draft.pk).update(title="Shelling denied", version=shown_version + 1)
    client.force_login(editor)
    url = reverse("timeline:event_publish", kwargs={"slug": story.slug, "pk": draft.pk})
    response = htmx(client, url, {"version": shown_version}, current=story.get_absolute_url())
    assert response.status_code == 409
    assert "Shelling denied" in response.text  # the card as it is now, to check
    assert "changed since you loaded it" in response.headers["HX-Trigger"]
    assert Event.objects.get(pk=draft.pk).status == PublicationStatus.DRAFT


def test_status_draft_is_an_editors_filter(client, editor, story):
    EventFactory(timeline=story, title="Shelling reported", status="draft")
    EventFactory(timeline=story, title="Talks begin", status="published")
    client.force_login(editor)
    text = client.get(story.get_absolute_url(), {"status": "draft"}).text
    results = text[text.index('id="results"') :]
    assert "Shelling reported" in results
    assert "Talks begin" not in results
    assert "Status: Draft" in results  # the active filter, removable
    assert '<option value="draft" selected dir="auto">Draft</option>' in text


def test_readers_get_no_status_filter_and_never_a_draft(client, story):
    story.status = "published"
    story.save()
    EventFactory(timeline=story, title="Shelling reported", status="draft")
    EventFactory(timeline=story, title="Talks begin", status="published")
    text = client.get(story.get_absolute_url(), {"status": "draft"}).text
    assert "Shelling reported" not in text
    assert "Talks begin" in text
    assert 'name="status"' not in text


def test_new_event_form_shows_the_timelines_default_status(client, editor, story):
    client.force_login(editor)
    url = reverse("timeline:event_new", kwargs={"slug": story.slug})
    text = client.get(url).text
    assert '<option value="draft" selected>Draft</option>' in text
    assert "New events in this timeline start as draft" in text

    Timeline.objects.filter(pk=story.pk).update(default_event_status="published")
    text = client.get(url).text
    assert '<option value="published" selected>Published</option>' in text
    assert "New events in this timeline start as published" in text


def test_timeline_form_sets_the_default_status(client, editor, story):
    client.force_login(editor)
    url = reverse("timeline:timeline_edit", kwargs={"slug": story.slug})
    assert "New events start as" in client.get(url).text
    data = {
        "title": "Ceasefire",
        "slug": "ceasefire",
        "summary": "",
        "what_we_know": "",
        "language": "en",
        "default_event_status": "published",
        "editors": [editor.pk],
    }
    assert client.post(url, data).status_code == 302
    assert Timeline.objects.get(pk=story.pk).default_event_status == "published"


# 5. Forms that do not fight back -------------------------------------------------------------


def test_blank_added_actor_and_citation_rows_are_ignored(client, editor, story):
    client.force_login(editor)
    url = reverse("timeline:event_new", kwargs={"slug": story.slug})
    data = event_form_data(title="Talks resume")
    # Two blank rows of each, as "Add another" leaves them, with whatever choices they show.
    data |= {
        "actors-TOTAL_FORMS": "2",
        "actors-1-actor": "",
        "actors-1-role": "mediator",
        "actors-1-new_kind": "state",
        "citations-TOTAL_FORMS": "2",
        "citations-1-source": "",
        "citations-1-quote": "",
        "citations-1-attribution": "",
    }
    data.pop("citations-1-stance", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.text[:3000]
    event = Event.objects.get(title="Talks resume")
    assert event.event_actors.count() == 0
    assert event.citations.count() == 0


def test_an_added_row_starts_with_the_same_choices_as_the_first(client, editor, story):
    client.force_login(editor)
    url = reverse("timeline:event_new", kwargs={"slug": story.slug})
    data = event_form_data(title="Talks resume")
    data["citations-0-stance"] = ""
    text = client.post(url, data | {"_add": "actors"}).text
    assert 'name="actors-1-role"' in text
    for prefix in ("actors-0", "actors-1"):
        role = text[text.index(f'name="{prefix}-role"') :]
        assert '<option value="initiator" selected>' in role[: role.index("</select>")]
        kind = text[text.index(f'name="{prefix}-new_kind"') :]
        assert '<option value="other" selected>' in kind[: kind.index("</select>")]
    text = client.post(url, data | {"_add": "citations"}).text
    for prefix in ("citations-0", "citations-1"):
        radio = text[text.index(f'name="{prefix}-stance" value="asserts"') :]
        assert " checked" in radio[: radio.index(">")]


def test_a_citation_without_a_chosen_stance_asserts(client, editor, story):
    source = SourceFactory(title="Dawn report")
    client.force_login(editor)
    url = reverse("timeline:event_new", kwargs={"slug": story.slug})
    data = event_form_data(
        title="Shelling reported",
        citations=[{"source": f"Dawn report [#{source.pk}]", "quote": "Shells fell."}],
    )
    data.pop("citations-0-stance")
    assert client.post(url, data).status_code == 302
    assert Event.objects.get(title="Shelling reported").citations.get().stance == "asserts"


@pytest.mark.parametrize(
    ("typed", "precision", "shown"),
    [
        ("2025", Precision.YEAR, "2025"),
        ("May 2025", Precision.MONTH, "May 2025"),
        ("12 May 2025", Precision.DAY, "12 May 2025"),
    ],
)
def test_published_on_takes_partial_dates(client, editor, story, typed, precision, shown):
    client.force_login(editor)
    url = reverse("timeline:event_new", kwargs={"slug": story.slug})
    data = event_form_data(
        title="Shelling reported",
        citations=[
            {
                "new_source_title": "Army says posts fired on",
                "new_source_published": typed,
                "quote": "Troops opened fire.",
            }
        ],
    )
    assert client.post(url, data).status_code == 302
    source = Source.objects.get(title="Army says posts fired on")
    assert source.published_precision == precision
    assert source.published_display == shown
    assert shown in client.get(story.get_absolute_url()).text


def test_published_on_that_is_not_a_date_is_explained_next_to_it(client, editor, story):
    client.force_login(editor)
    url = reverse("timeline:event_new", kwargs={"slug": story.slug})
    data = event_form_data(
        title="Shelling reported",
        citations=[{"new_source_title": "Army", "new_source_published": "soon", "quote": "x"}],
    )
    response = client.post(url, data)
    assert response.status_code == 422
    assert 'id="edit-new-citations-0-new_source_published_error"' in response.text
    assert not Event.objects.filter(title="Shelling reported").exists()


# 6. Reachable features ------------------------------------------------------------------------


def test_editor_controls_link_the_import_page_and_unpublish_is_not_first(client, editor, story):
    story.status = "published"
    story.save()
    client.force_login(editor)
    text = client.get(story.get_absolute_url()).text
    bar = text[text.index('class="editor-bar"') :]
    bar = bar[: bar.index("</section>")]
    import_url = reverse("timeline:import", kwargs={"slug": story.slug})
    assert f'href="{import_url}"' in bar
    assert bar.index("Add event") < bar.index("Unpublish timeline")
    assert bar.index("Import events") < bar.index("Unpublish timeline")


def test_new_timeline_address_is_made_from_the_title_when_left_empty(client, admin_user_account):
    client.force_login(admin_user_account)
    url = reverse("timeline:timeline_new")
    assert 'data-slug-from="id_title"' in client.get(url).text
    response = client.post(url, {"title": "Sudan talks, Jeddah 2025", "slug": "", "language": "en"})
    assert response.status_code == 302
    assert Timeline.objects.filter(slug="sudan-talks-jeddah-2025").exists()
    response = client.post(url, {"title": "Sudan talks, Jeddah 2025", "slug": "", "language": "en"})
    assert Timeline.objects.filter(slug="sudan-talks-jeddah-2025-2").exists()


# 10. Small things -----------------------------------------------------------------------------


def test_403_page_says_why_and_offers_a_way_back(client, story):
    client.force_login(UserFactory(username="reader"))
    response = client.get(reverse("timeline:timeline_new"))
    assert response.status_code == 403
    assert "<title>Not allowed" in response.text
    assert "You may not create timelines." in response.text
    assert f'href="{reverse("timeline:index")}"' in response.text
    assert 'href="/static/css/timeline.css"' in response.text or "timeline.css" in response.text


def test_pages_have_a_favicon(client):
    text = client.get("/").text
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in text


def test_history_link_has_no_stray_question_mark(client, editor, story):
    event = EventFactory(timeline=story)
    client.force_login(editor)
    text = client.get(story.get_absolute_url()).text
    history = reverse("timeline:event_history", kwargs={"slug": story.slug, "pk": event.pk})
    assert f'href="{history}"' in text
    assert 'method="get" action="' + history not in text


def test_move_buttons_appear_only_where_there_is_a_neighbour(client, editor, story):
    alone = EventFactory(timeline=story, title="Alone", date=datetime.date(2025, 5, 1))
    first = EventFactory(timeline=story, title="First", date=datetime.date(2025, 5, 2), position=0)
    last = EventFactory(timeline=story, title="Last", date=datetime.date(2025, 5, 2), position=1)
    client.force_login(editor)
    text = client.get(story.get_absolute_url()).text
    assert f'id="move-up-{alone.pk}"' not in text
    assert f'id="move-down-{alone.pk}"' not in text
    assert f'id="move-up-{first.pk}"' not in text
    assert f'id="move-down-{first.pk}"' in text
    assert f'id="move-up-{last.pk}"' in text
    assert f'id="move-down-{last.pk}"' not in text


def test_activity_log_says_deleted_once_and_names_demo_data(client, editor, demo):
    demo.editors.add(editor)
    event = demo.events.first()
    client.force_login(editor)
    client.post(reverse("timeline:event_delete", kwargs={"slug": demo.slug, "pk": event.pk}))
    text = client.get(reverse("timeline:timeline_activity", kwargs={"slug": demo.slug})).text
    assert "Deleted: Deleted" not in text
    assert ">Deleted<" in text
    assert ">unknown<" not in text
    assert "demo data" in text


def test_import_errors_name_the_type_as_the_interface_does(client, editor, story):
    client.force_login(editor)
    from django.core.files.uploadedfile import SimpleUploadedFile

    csv = b"date,title,event_type\n10 May 2025,Talks,no-such-type\n"
    url = reverse("timeline:import", kwargs={"slug": story.slug})
    response = client.post(url, {"file": SimpleUploadedFile("e.csv", csv), "format": "auto"})
    assert "Talks (negotiation)" in response.text


# 12. Attribution -------------------------------------------------------------------------------


def test_a_source_without_publisher_does_not_put_its_headline_in_the_attribution(client, story):
    story.status = "published"
    story.save()
    source = SourceFactory(
        title="India Pakistan Ceasefire News: Tensions Rise",
        publisher="",
        url="",
        published_at=None,
    )
    event = EventFactory(timeline=story, title="Ceasefire")
    CitationFactory(event=event, source=source, attribution="Pakistan", quote="x")
    text = client.get(story.get_absolute_url()).text
    claims = text[text.index('<p class="claims">') :]
    claims = claims[: claims.index("</p>")]
    assert "According to <bdi>Pakistan</bdi>" in claims
    assert "Tensions Rise" not in claims


def test_an_unattributed_source_without_publisher_is_the_cited_article_or_its_site(client, story):
    story.status = "published"
    story.save()
    offline = SourceFactory(title="Seed article", publisher="", url="", published_at=None)
    online = SourceFactory(
        title="Headline", publisher="", url="https://www.dawn.com/news/1", published_at=None
    )
    first = EventFactory(timeline=story, title="One", date=datetime.date(2025, 5, 1))
    second = EventFactory(timeline=story, title="Two", date=datetime.date(2025, 5, 2))
    CitationFactory(event=first, source=offline, attribution="", quote="x")
    CitationFactory(event=second, source=online, attribution="", quote="y")
    text = client.get(story.get_absolute_url()).text
    assert "According to <bdi>the cited article</bdi></p>" in text
    assert "According to <bdi>dawn.com</bdi></p>" in text


def test_footer_says_what_is_true_for_sources_without_a_url(client):
    text = client.get("/").text
    assert "Every statement links to the article that reports it." not in text
    assert "sources that are online link to the article" in text


def test_publish_all_accepted_publishes_the_drafts_accepted_from_the_article(client, editor, story):
    from tests.factories import SourceFactory as Sources
    from tests.ingesting import SEED_TEXT, known_actors_and_places
    from timeline.ingest.article import extract_article
    from timeline.services.suggestions import suggestion_accept
    from timeline.suggestions.review import review

    known_actors_and_places()
    source = Sources(url="", text=extract_article(SEED_TEXT).text, published_at=None)
    items = review(source, story).items
    accepted = [
        suggestion_accept(source=source, timeline=story, item=item, user=editor).pk
        for item in items[:2]
    ]
    client.force_login(editor)
    page = reverse("timeline:suggestions", kwargs={"slug": story.slug, "pk": source.pk})
    assert "Publish all 2 accepted" in client.get(page).text
    url = reverse(
        "timeline:suggestions_publish_accepted", kwargs={"slug": story.slug, "pk": source.pk}
    )
    response = htmx(client, url, {})
    assert "Published 2 events: readers see them." in response.text
    assert "Added and published" in response.text
    assert "Publish all" not in response.text
    assert set(Event.objects.filter(pk__in=accepted).values_list("status", flat=True)) == {
        "published"
    }
    assert Event.objects.get(pk=accepted[0]).history.first().history_change_reason == "Published"
