"""Sources: the list, and adding one from a pasted article (extract, check, save)."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import lxml.html
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.editing import snapshot
from tests.factories import CitationFactory, EventFactory, SourceFactory, TimelineFactory
from tests.ingesting import (
    NEW_URL,
    SEED_TEXT,
    cards,
    extract,
    metadata_data,
    paste_and_save,
    review_path,
)
from timeline.ingest.article import MAX_TEXT_BYTES
from timeline.models import Source

pytestmark = pytest.mark.django_db

ARTICLES = Path(__file__).parent / "ingest" / "articles"
NILE = (ARTICLES / "nile-dispatch-sudan-truce.html").read_text(encoding="utf-8")
SCRIPTED = """<!doctype html><html><head><title>Truce holds - Border Herald</title>
<meta property="og:site_name" content="Border Herald"></head><body><article>
<h1>Truce holds along the frontier</h1>
<p>Thailand and Cambodia agreed to a ceasefire on Monday after talks in Kuala Lumpur.</p>
<script>alert("pwned-by-script")</script>
<p onclick="alert('pwned-by-handler')">Officials said the truce held overnight along the border,
with no reports of <b>shelling</b> &lt;script&gt;alert("pwned-by-text")&lt;/script&gt;.</p>
<img src="x" onerror="alert('pwned-by-img')">
</article></body></html>"""


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


# --- The list ------------------------------------------------------------------------------------


def test_sources_list_shows_titles_publishers_and_how_many_events_cite_them(client):
    cited = SourceFactory(title="Ceasefire announced", publisher="Wire")
    CitationFactory(source=cited, event=EventFactory())
    CitationFactory(source=cited, event=EventFactory(status="draft"))
    SourceFactory(title="Uncited report", publisher="Herald")
    response = client.get("/sources/")
    assert response.status_code == 200
    assert "Ceasefire announced" in response.text
    assert "cited by 1 published event" in response.text
    assert "cited by 0 published events" in response.text


def test_sources_list_is_searchable_by_title_and_publisher(client):
    SourceFactory(title="Ceasefire announced", publisher="Wire")
    SourceFactory(title="Talks in Doha", publisher="Gulf Herald")
    by_title = client.get("/sources/", {"q": "ceasefire"}).text
    assert "Ceasefire announced" in by_title and "Talks in Doha" not in by_title
    by_publisher = client.get("/sources/", {"q": "herald"}).text
    assert "Talks in Doha" in by_publisher and "Ceasefire announced" not in by_publisher
    assert "No source matches “nothing”." in client.get("/sources/", {"q": "nothing"}).text


def test_sources_list_search_answers_htmx_with_the_results_only(client):
    SourceFactory(title="Talks in Doha")
    response = client.get("/sources/", {"q": "doha"}, headers={"HX-Request": "true"})
    assert response.text.lstrip().startswith('<section id="results"')
    assert "Talks in Doha" in response.text


def test_sources_list_is_paginated(client):
    for n in range(30):
        SourceFactory(title=f"Report {n:02d}", published_at=None)
    first = client.get("/sources/").text
    second = client.get("/sources/", {"page": 2}).text
    assert "Page 1 of 2" in first and "Next page" in first
    assert "Report 00" in first and "Report 29" not in first
    assert "Report 29" in second and "Previous page" in second


@pytest.mark.parametrize("count", [10, 200])
def test_sources_list_query_count_is_constant(client, count, django_assert_max_num_queries):
    event = EventFactory()
    for n in range(count):
        CitationFactory(source=SourceFactory(title=f"Report {n}"), event=event)
    with django_assert_max_num_queries(4):
        assert client.get("/sources/").status_code == 200


def test_sources_list_offers_adding_from_an_article_to_editors_only(client, editor, timeline):
    assert "Add from an article" not in client.get("/sources/").text
    client.force_login(editor)
    assert "Add from an article" in client.get("/sources/").text


def test_chronology_offers_editors_to_add_from_an_article(editor_client, timeline):
    text = editor_client.get(timeline.get_absolute_url()).text
    assert f'href="/sources/new/?timeline={timeline.slug}">Add from an article</a>' in text


# --- Step one: paste, extract --------------------------------------------------------------------


def test_new_source_form_preselects_the_timeline_and_lists_only_editable_ones(
    editor_client, timeline
):
    TimelineFactory(title="Someone else's story")
    response = editor_client.get(NEW_URL, {"timeline": timeline.slug})
    assert response.status_code == 200
    assert f'<option value="{timeline.slug}" selected>' in response.text
    assert "Someone else&#x27;s story" not in response.text
    assert 'class="htmx-indicator progress" role="status">Reading the article…' in response.text


def test_extracting_html_prefills_the_metadata_and_shows_the_text(editor_client, timeline):
    response = extract(
        editor_client,
        timeline=timeline.slug,
        content=NILE,
        url="https://niledispatch.example/truce",
    )
    assert response.status_code == 200
    initial = response.context["metadata_form"].initial
    assert initial["title"] == "Sudan's army and RSF agree seven-day truce after Jeddah talks"
    assert initial["publisher"] == "Nile Dispatch"
    assert initial["author"] == "Amira Osman"
    assert initial["published_on"] == datetime.date(2025, 5, 11)
    assert initial["published_time"] == datetime.time(6, 15)  # 09:15 +03:00
    assert initial["language"] == "en"
    assert initial["url"] == "https://niledispatch.example/truce"
    assert "Check what was read" in response.text
    assert "agreed on Saturday to a seven-day humanitarian truce" in response.text
    assert "Subscribe" not in initial["text"]
    assert not Source.objects.exists(), "extracting saves nothing"


def test_extract_with_htmx_answers_with_the_step_fragment(editor_client, timeline):
    response = extract(editor_client, timeline=timeline.slug, content=SEED_TEXT, htmx=True)
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="ingest-step">')
    assert 'id="metadata-form"' in response.text


def test_uploaded_html_file_is_read_like_pasted_html(editor_client, timeline):
    response = extract(
        editor_client,
        timeline=timeline.slug,
        file=upload("sudan.html", NILE.encode()),
    )
    assert response.status_code == 200
    assert response.context["metadata_form"].initial["publisher"] == "Nile Dispatch"


def test_saving_creates_the_source_with_the_edited_metadata_and_the_plain_text(
    editor_client, editor, timeline
):
    response = extract(
        editor_client,
        timeline=timeline.slug,
        content=NILE,
        url="https://niledispatch.example/truce",
    )
    data = metadata_data(response, title="Sudan truce agreed", published_time="07:00")
    response = editor_client.post(NEW_URL, data)
    source = Source.objects.get()
    assert response.status_code == 302
    assert response["Location"] == review_path(timeline.slug, source)
    assert source.title == "Sudan truce agreed"
    assert source.publisher == "Nile Dispatch"
    assert source.published_at == datetime.datetime(2025, 5, 11, 7, 0, tzinfo=datetime.UTC)
    assert source.url == "https://niledispatch.example/truce"
    assert source.text.startswith("Sudan's army and the paramilitary Rapid Support Forces")
    assert "<" not in source.text
    assert source.history.first().history_user == editor


def test_saving_with_htmx_redirects_the_browser_to_the_review(editor_client, timeline):
    data = metadata_data(extract(editor_client, timeline=timeline.slug, content=SEED_TEXT))
    response = editor_client.post(NEW_URL, data, headers={"HX-Request": "true"})
    source = Source.objects.get()
    assert response.status_code == 200
    assert response["HX-Redirect"] == review_path(timeline.slug, source)


def test_tampered_text_is_refused(editor_client, timeline):
    data = metadata_data(extract(editor_client, timeline=timeline.slug, content=SEED_TEXT))
    data["text"] = "<script>alert(1)</script>" + data["text"]
    response = editor_client.post(NEW_URL, data)
    assert response.status_code == 400
    assert "This text is not the one read from the pasted article" in response.text
    assert not Source.objects.exists()


def test_text_sent_back_with_crlf_line_breaks_is_accepted(editor_client, timeline):
    data = metadata_data(extract(editor_client, timeline=timeline.slug, content=SEED_TEXT))
    data["text"] = data["text"].replace("\n", "\r\n")
    assert editor_client.post(NEW_URL, data).status_code == 302
    assert "\r" not in Source.objects.get().text


def test_missing_title_is_asked_for_next_to_the_field(editor_client, timeline):
    data = metadata_data(
        extract(editor_client, timeline=timeline.slug, content=SEED_TEXT), title=""
    )
    response = editor_client.post(NEW_URL, data, headers={"HX-Request": "true"})
    assert response.status_code == 422
    assert "Give the source a title." in response.text
    assert not Source.objects.exists()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("javascript:alert(1)", "Only http:// and https:// links are allowed (got javascript:)."),
        ("ftp://example.org/a", "Only http:// and https:// links are allowed (got ftp:)."),
    ],
)
def test_only_web_addresses_are_accepted(editor_client, timeline, url, message):
    response = extract(editor_client, timeline=timeline.slug, content=SEED_TEXT, url=url)
    assert response.status_code == 400
    assert message in response.text
    data = metadata_data(extract(editor_client, timeline=timeline.slug, content=SEED_TEXT), url=url)
    response = editor_client.post(NEW_URL, data)
    assert response.status_code == 400
    assert message in response.text
    assert not Source.objects.exists()


# --- Bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "Paste the article&#x27;s text or HTML."),
        ("   \n\n  ", "Paste the article&#x27;s text or HTML."),
        ("\x00\x01\x02binary\x00" * 50, "The pasted content looks binary, not text."),
        ("a" * (MAX_TEXT_BYTES + 1), "The article is larger than 2 MB"),
        ("é" * (MAX_TEXT_BYTES // 2 + 1), "The article is larger than 2 MB"),
    ],
    ids=["empty", "blank", "binary", "too-large", "too-large-in-bytes"],
)
def test_bad_pasted_content_gets_a_message_next_to_the_field(
    editor_client, timeline, content, message
):
    before = snapshot()
    response = extract(editor_client, timeline=timeline.slug, content=content)
    assert response.status_code == 400
    assert message in response.text
    assert 'aria-invalid="true"' in response.text
    assert response.context["paste_form"].errors["content"]
    response = extract(editor_client, timeline=timeline.slug, content=content, htmx=True)
    assert response.status_code == 422
    assert message in response.text
    assert snapshot() == before


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("article.txt", b"\xff\xfe\x00\x00binary\x00\x01", "The pasted content looks binary"),
        (
            "article.txt",
            "Caf\u00e9 talks collapse\n\nThe talks collapsed.".encode("latin-1"),
            "The pasted content is not UTF-8 text",
        ),
        ("article.txt", b"a" * (MAX_TEXT_BYTES + 1), "The article is larger than 2 MB"),
        ("article.pdf", b"%PDF-1.4", "Upload an .html or .txt file (got “article.pdf”)."),
        ("article.txt", b"", "The submitted file is empty."),
    ],
    ids=["binary", "not-utf8", "too-large", "wrong-type", "empty-file"],
)
def test_bad_uploaded_file_gets_a_message_next_to_the_field(
    editor_client, timeline, name, content, message
):
    before = snapshot()
    response = extract(editor_client, timeline=timeline.slug, file=upload(name, content))
    assert response.status_code == 400
    assert message in response.text
    assert snapshot() == before


def test_pasting_and_uploading_at_once_is_refused(editor_client, timeline):
    response = extract(
        editor_client, timeline=timeline.slug, content=SEED_TEXT, file=upload("a.txt", b"Headline")
    )
    assert response.status_code == 400
    assert "Paste the article or upload a file, not both" in response.text


def test_a_timeline_the_user_does_not_edit_is_refused(editor_client, timeline):
    other = TimelineFactory(slug="not-mine")
    response = extract(editor_client, timeline=other.slug, content=SEED_TEXT)
    assert response.status_code == 400
    assert "Choose one of the timelines you edit." in response.text


def test_bad_input_keeps_what_was_pasted(editor_client, timeline):
    response = extract(editor_client, timeline="", content=SEED_TEXT)
    assert response.status_code == 400
    assert "Choose the timeline the events are for." in response.text
    assert "A ceasefire between India and Pakistan has been announced" in response.text


# --- Duplicates ----------------------------------------------------------------------------------


def test_extracting_an_article_already_saved_offers_the_existing_source(editor_client, timeline):
    existing = SourceFactory(
        title="Sudan truce (saved earlier)", url="https://niledispatch.example/t"
    )
    response = extract(
        editor_client,
        timeline=timeline.slug,
        content=NILE,
        url="http://www.niledispatch.example/t/",
    )
    assert response.status_code == 200
    assert "This article is already a source" in response.text
    assert "Sudan truce (saved earlier)" in response.text
    assert f'name="use_existing" value="{existing.pk}"' in response.text


def test_use_the_existing_source_goes_to_its_review_without_a_duplicate(editor_client, timeline):
    existing = SourceFactory(url="https://niledispatch.example/t", text="")
    response = extract(
        editor_client, timeline=timeline.slug, content=NILE, url="https://niledispatch.example/t"
    )
    data = metadata_data(response) | {"use_existing": str(existing.pk)}
    response = editor_client.post(NEW_URL, data)
    assert response.status_code == 302
    assert response["Location"] == review_path(timeline.slug, existing)
    assert Source.objects.count() == 1
    existing.refresh_from_db()
    assert existing.text.startswith("Sudan's army and the paramilitary")  # it had none
    assert cards(editor_client.get(response["Location"]))


def test_use_the_existing_source_keeps_its_own_text(editor_client, timeline):
    existing = SourceFactory(url="https://niledispatch.example/t", text="Earlier text.")
    response = extract(editor_client, timeline=timeline.slug, content=NILE, url=existing.url)
    editor_client.post(NEW_URL, metadata_data(response) | {"use_existing": str(existing.pk)})
    existing.refresh_from_db()
    assert existing.text == "Earlier text."


def test_saving_a_duplicate_address_is_refused_with_the_existing_source_offered(
    editor_client, timeline
):
    data = metadata_data(extract(editor_client, timeline=timeline.slug, content=SEED_TEXT))
    existing = SourceFactory(title="Seed article", url="https://news.example.org/seed")
    data["url"] = "https://news.example.org/seed?utm_source=x"
    response = editor_client.post(NEW_URL, data, headers={"HX-Request": "true"})
    assert response.status_code == 422
    assert "A source with this address already exists: “Seed article”." in response.text
    assert f'name="use_existing" value="{existing.pk}"' in response.text
    assert Source.objects.count() == 1


# --- Pasted HTML is never rendered ---------------------------------------------------------------


def test_pasted_script_never_appears_in_any_page(editor_client, timeline):
    marker = "pwned-by"
    pages = []
    step = extract(
        editor_client, timeline=timeline.slug, content=SCRIPTED, url="https://herald.example/t"
    )
    pages.append(step)
    pages.append(extract(editor_client, timeline=timeline.slug, content=SCRIPTED, htmx=True))
    pages.append(
        extract(editor_client, timeline="", content=SCRIPTED)
    )  # the form again, with errors
    response = editor_client.post(NEW_URL, metadata_data(step))
    source = Source.objects.get()
    assert "<script" not in source.text and "onerror" not in source.text
    review = editor_client.get(response["Location"])
    pages.append(review)
    for card in cards(review):
        editor_client.post(card.action_url(timeline.slug, source, "accept"))
    pages += [
        editor_client.get(review_path(timeline.slug, source)),
        editor_client.get(source.get_absolute_url()),
        editor_client.get("/sources/"),
        editor_client.get(timeline.get_absolute_url()),
    ]
    assert cards(review), "the article suggests events"
    for page in pages:
        assert "<script>alert" not in page.text
        html = lxml.html.fromstring(page.text)
        # The only scripts are the site's own files, and JSON-LD data blocks (never executed)
        # that parse as JSON; no element carries an event handler.
        scripts = list(html.iter("script"))
        data_blocks = [s for s in scripts if s.get("type") == "application/ld+json"]
        assert all(
            s.get("src", "").startswith("/static/js/") and not s.text
            for s in scripts
            if s not in data_blocks
        )
        for block in data_blocks:
            assert "<" not in block.text and isinstance(json.loads(block.text), dict)
        assert not html.xpath("//@*[starts-with(name(), 'on')]")
        assert not html.xpath("//b[contains(., 'shelling')]") and not html.xpath("//img[@src='x']")
        executed = [s for s in scripts if s not in data_blocks]
        assert marker not in "".join(t for s in executed for t in s.itertext())


def test_sources_list_links_editors_to_the_suggestions_of_sources_with_text(
    editor_client, timeline
):
    with_text = SourceFactory(title="Pasted", text=SEED_TEXT)
    SourceFactory(title="Only a link", text="")
    text = editor_client.get("/sources/").text
    assert text.count(">Suggested events</a>") == 1
    url = reverse("timeline:source_review", kwargs={"pk": with_text.pk})
    response = editor_client.get(url)
    assert response.status_code == 302  # one timeline: straight to its review
    assert response["Location"] == review_path(timeline.slug, with_text)


def test_choosing_the_timeline_for_a_sources_suggestions(editor_client, editor, timeline):
    second = TimelineFactory(slug="second", title="Second story", editors=[editor])
    source = SourceFactory(text=SEED_TEXT)
    url = reverse("timeline:source_review", kwargs={"pk": source.pk})
    page = editor_client.get(url)
    assert page.status_code == 200
    assert "For which timeline?" in page.text and "Second story" in page.text
    chosen = editor_client.get(url, {"timeline": second.slug})
    assert chosen["Location"] == review_path(second.slug, source)
    refused = editor_client.get(url, {"timeline": "not-mine"})
    assert refused.status_code == 200
    assert "Choose one of the timelines you edit." in refused.text


def test_paste_and_save_reaches_the_review(editor_client, timeline):
    source, url = paste_and_save(editor_client, timeline=timeline.slug)
    assert url == review_path(timeline.slug, source)
    assert source.title == "India Pakistan Ceasefire News: Tensions Rise Amid US Mediation Offer"
