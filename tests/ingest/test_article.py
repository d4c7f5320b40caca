"""Reading pasted articles: metadata, clean text, and clear errors for bad input."""

from __future__ import annotations

import datetime

import pytest

from timeline.ingest.article import MAX_TEXT_BYTES, ArticleError, extract_article

from .helpers import SEED_PATH, labelled_articles

LABELLED = labelled_articles()
FIELDS = ("title", "publisher", "author", "published_at", "date_precision", "language")


def _expected(name: str, value: object) -> object:
    if name == "published_at" and value is not None:
        return datetime.datetime.fromisoformat(value)
    return value


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("article", LABELLED, ids=[a.name for a in LABELLED])
def test_labelled_article_metadata_is_extracted(article, field):
    metadata = extract_article(article.path.read_bytes(), url=article.url)
    assert getattr(metadata, field) == _expected(field, article.metadata[field])


@pytest.mark.parametrize("article", LABELLED, ids=[a.name for a in LABELLED])
def test_labelled_article_text_is_plain_paragraphs(article):
    metadata = extract_article(article.path.read_bytes(), url=article.url)
    assert "<" not in metadata.text and ">" not in metadata.text
    assert metadata.text.strip() == metadata.text
    assert "\n\n\n" not in metadata.text
    assert metadata.url == article.url


def test_published_at_is_aware_whenever_known():
    for article in LABELLED:
        published_at = extract_article(article.path.read_bytes(), url=article.url).published_at
        assert published_at is None or published_at.tzinfo is not None


def test_seed_text_drops_headline_empty_updated_line_and_logo_lines():
    metadata = extract_article(SEED_PATH.read_text(encoding="utf-8"))
    assert metadata.title.startswith("India Pakistan Ceasefire News")
    assert "Updated" not in metadata.text
    assert "Logo" not in metadata.text
    assert not metadata.text.startswith("India Pakistan Ceasefire News")
    assert metadata.text.startswith("The US offer to mediate in the Kashmir dispute")
    assert metadata.text.count("\n\n") == 5


def test_seed_without_date_has_no_publication_date():
    metadata = extract_article(SEED_PATH.read_bytes())
    assert metadata.published_at is None
    assert metadata.date_precision == ""


def test_updated_line_with_indian_time_zone_gives_minute_precision():
    metadata = extract_article(
        "Headline\nUpdated : 10 May 2025 17:05 IST\n\nBody text of the story."
    )
    assert metadata.published_at == datetime.datetime(
        2025, 5, 10, 17, 5, tzinfo=datetime.timezone(datetime.timedelta(hours=5, minutes=30))
    )
    assert metadata.date_precision == "minute"


def test_published_line_without_time_gives_day_precision_in_utc():
    metadata = extract_article("Headline\nPublished: May 11, 2025\n\nBody text of the story.")
    assert metadata.published_at == datetime.datetime(2025, 5, 11, tzinfo=datetime.UTC)
    assert metadata.date_precision == "day"


def test_published_date_wins_over_updated_date():
    raw = "Headline\nUpdated: 12 May 2025 09:00 GMT\nPublished: 11 May 2025\n\nBody text here."
    assert extract_article(raw).published_at.date() == datetime.date(2025, 5, 11)


def test_dateline_gives_date_and_agency_and_is_removed_from_text():
    raw = (
        "Truce holds in the south\n\n"
        "NEW DELHI, May 11, 2025 (Reuters) - The truce held overnight, officials said.\n\n"
        "Second paragraph of the story."
    )
    metadata = extract_article(raw)
    assert metadata.publisher == "Reuters"
    assert metadata.published_at == datetime.datetime(2025, 5, 11, tzinfo=datetime.UTC)
    assert metadata.text.startswith("The truce held overnight")


def test_byline_gives_author_and_is_removed_from_text():
    metadata = extract_article("Headline\nBy Jane Doe\n\nThe story begins here and goes on.")
    assert metadata.author == "Jane Doe"
    assert "Jane Doe" not in metadata.text


def test_junk_lines_are_dropped_from_plain_text():
    raw = "Headline\nShare\nAdvertisement\n\nFirst paragraph.\n\nAlso Read: Other story\nLogo\n"
    assert extract_article(raw).text == "First paragraph."


def test_hard_wrapped_lines_are_joined_into_one_paragraph():
    raw = "Headline\n\nThe first line of a paragraph that\nwraps onto a second line.\n\nNext one."
    assert extract_article(raw).text == (
        "The first line of a paragraph that wraps onto a second line.\n\nNext one."
    )


def test_plain_text_language_is_detected():
    raw = "Titre\n\nLe cessez-le-feu est entré en vigueur dans la nuit et les deux armées ont "
    raw += "retiré leurs troupes de la frontière, selon le ministère."
    assert extract_article(raw).language == "fr"


def test_html_fragment_without_metadata_still_gives_text():
    metadata = extract_article("<p>Talks resumed in Doha.</p><p>Both sides attended.</p>")
    assert metadata.text == "Talks resumed in Doha.\n\nBoth sides attended."
    assert metadata.published_at is None


def test_html_scripts_styles_and_markup_never_reach_the_text():
    html = (
        "<html><head><title>Truce</title><style>p{color:red}</style></head><body>"
        "<article><h1>Truce</h1><p>The truce <b>held</b> on Sunday &amp; Monday.</p>"
        "<script>alert('x')</script><p>Officials <a href='/x'>said</a> it would last.</p>"
        "</article></body></html>"
    )
    metadata = extract_article(html)
    assert "alert" not in metadata.text
    assert "color" not in metadata.text
    assert "<" not in metadata.text and "<" not in metadata.title
    assert "held on Sunday & Monday" in metadata.text


def test_url_is_kept_as_given_and_names_the_publisher_when_nothing_else_does():
    metadata = extract_article("Headline\n\nBody text.", url="https://www.example.org/a/b")
    assert metadata.url == "https://www.example.org/a/b"
    assert metadata.publisher == "example.org"


@pytest.mark.parametrize("raw", ["", "   \n\t  ", b"", b"\n\n"])
def test_empty_input_asks_for_the_article(raw):
    with pytest.raises(ArticleError, match="Paste the article's text or HTML."):
        extract_article(raw)


def test_bytes_with_nul_are_refused_as_binary():
    with pytest.raises(ArticleError, match="looks binary"):
        extract_article(b"PK\x03\x04\x00\x00binary zip header")


def test_text_of_mostly_control_characters_is_refused_as_binary():
    with pytest.raises(ArticleError, match="looks binary"):
        extract_article("\x01\x02\x03\x04\x05\x06\x07\x08 a")


def test_bytes_that_are_not_utf8_are_refused():
    with pytest.raises(ArticleError, match="not UTF-8"):
        extract_article("Café talks resumed in Genève today.".encode("latin-1"))


@pytest.mark.parametrize("kind", [bytes, str])
def test_article_larger_than_two_megabytes_is_refused(kind):
    raw = "a" * (MAX_TEXT_BYTES + 1)
    with pytest.raises(ArticleError, match="larger than 2 MB"):
        extract_article(raw.encode() if kind is bytes else raw)


def test_multibyte_text_is_measured_in_bytes():
    raw = "é" * (MAX_TEXT_BYTES // 2 + 1)
    with pytest.raises(ArticleError, match="larger than 2 MB"):
        extract_article(raw)


def test_article_error_is_a_value_error():
    assert issubclass(ArticleError, ValueError)


def test_utf8_bytes_with_byte_order_mark_are_read():
    metadata = extract_article("\ufeffHeadline\n\nBody with ünïcödé.".encode())
    assert metadata.title == "Headline"
    assert metadata.text == "Body with ünïcödé."


@pytest.mark.parametrize("article", LABELLED, ids=[a.name for a in LABELLED])
def test_extraction_is_deterministic(article):
    raw = article.path.read_bytes()
    assert extract_article(raw, url=article.url) == extract_article(raw, url=article.url)
