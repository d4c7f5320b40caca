"""What a reader sees on the index and the chronology: header, groups, cards, paging, strip."""

from __future__ import annotations

import datetime
import re

import pytest

from tests.bulk_events import build_long_timeline
from tests.factories import (
    ActorFactory,
    CitationFactory,
    EventActorFactory,
    EventFactory,
    PlaceFactory,
    SourceFactory,
    TimelineFactory,
    UserFactory,
    event_type,
)
from timeline.dates import Precision
from timeline.models import Source, Stance

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def card(html: str, event) -> str:
    """The HTML of one event's card."""
    start = html.index(f'id="event-{event.pk}"')
    return html[start : html.index("</article>", start)]


def at(year, month, day, hour=9):
    return datetime.datetime(year, month, day, hour, tzinfo=datetime.UTC)


# Index --------------------------------------------------------------------------------------


def test_index_shows_span_counts_and_last_update(client, demo):
    text = client.get("/").text
    assert "India–Pakistan ceasefire, May 2025" in text
    assert "1972 – 15 May 2025" in text
    assert "7 events · 1 source" in text
    assert "updated <time datetime=" in text


def test_index_shows_drafts_to_their_editors_only(client):
    editor = UserFactory(username="drafter")
    TimelineFactory(title="Work in progress", status="draft", editors=[editor])
    assert "Work in progress" not in client.get("/").text
    client.force_login(editor)
    text = client.get("/").text
    assert "Work in progress" in text
    assert '<span class="badge draft">Draft</span>' in text
    client.force_login(UserFactory(username="someone-else"))
    assert "Work in progress" not in client.get("/").text


# Header -------------------------------------------------------------------------------------


def test_chronology_header_has_span_counts_update_and_export_links(client, demo):
    text = client.get(demo.get_absolute_url()).text
    header = text[
        text.index('class="timeline-header"') : text.index(
            "</header>", text.index("timeline-header")
        )
    ]
    assert "<span>1972 – 15 May 2025</span>" in header
    assert "<span>7 events</span>" in header
    assert "<span>1 source</span>" in header
    assert "<span>Last updated <time datetime=" in header
    base = demo.get_absolute_url()
    for export in ("feed.atom", "timelinejs.json", "events.csv", "export.json"):
        assert f'href="{base}{export}"' in header
    assert '<link rel="alternate" type="application/atom+xml"' in text


# Groups and order ---------------------------------------------------------------------------


def test_events_are_grouped_under_year_and_month_headings_in_order(client, demo):
    text = client.get(demo.get_absolute_url()).text
    text = text[text.index("<main") :]  # the head's JSON-LD names the events too
    year_1972 = text.index('<h3 class="year-heading" id="y1972">1972</h3>')
    year_2025 = text.index('<h3 class="year-heading" id="y2025">2025</h3>')
    may_2025 = text.index('<h4 class="month-heading" id="y2025-05">May 2025</h4>')
    agreement = text.index("India and Pakistan agree to settle disputes bilaterally")
    announcement = text.index("US President Trump announces a ceasefire")
    assert year_1972 < agreement < year_2025 < may_2025 < announcement
    # Titles sit below their nearest heading: h4 under a year alone, h5 under a month.
    assert re.search(r'<h4 class="event-title"[^>]*><a [^>]*>India and Pakistan agree', text)
    assert re.search(r'<h5 class="event-title"[^>]*><a [^>]*>US President Trump announces', text)


# The card -----------------------------------------------------------------------------------


def test_card_dates_carry_their_precision_in_the_time_element(client):
    timeline = TimelineFactory()
    year = EventFactory(timeline=timeline, date="1972-01-01", precision=Precision.YEAR)
    month = EventFactory(timeline=timeline, date="2025-05-01", precision=Precision.MONTH)
    minute = EventFactory(
        timeline=timeline,
        date="2025-05-10",
        precision=Precision.MINUTE,
        time=datetime.time(17, 0),
        utc_offset=330,
    )
    approximate = EventFactory(timeline=timeline, date="2025-05-13", approximate=True)
    span = EventFactory(
        timeline=timeline, date="2025-05-14", end_date="2025-05-16", end_precision=Precision.DAY
    )
    html = client.get(timeline.get_absolute_url()).text
    assert '<time datetime="1972">1972</time>' in card(html, year)
    assert '<time datetime="2025-05">May 2025</time>' in card(html, month)
    assert '<time datetime="2025-05-10T17:00+05:30">10 May 2025, 17:00 UTC+05:30</time>' in card(
        html, minute
    )
    assert (
        '<time datetime="2025-05-13"><abbr title="circa: approximately">c.</abbr> 13 May 2025'
        in card(html, approximate)
    )
    assert '<time datetime="2025-05-14">14–16 May 2025</time>' in card(html, span)


def test_card_shows_type_as_text_with_the_type_colour_class(client):
    event = EventFactory(event_type=event_type("ceasefire-violation"))
    html = card(client.get(event.timeline.get_absolute_url()).text, event)
    assert html.startswith(f'id="event-{event.pk}"')
    text = client.get(event.timeline.get_absolute_url()).text
    assert f'<article class="event type-ceasefire-violation" id="event-{event.pk}"' in text
    assert '<span class="visually-hidden">Type: </span>Ceasefire violation</span>' in html


def test_card_links_actors_and_place(client):
    event = EventFactory(place=PlaceFactory(name="Line of Control", slug="loc"))
    EventActorFactory(event=event, actor=ActorFactory(name="India", slug="india"), role="initiator")
    EventActorFactory(
        event=event, actor=ActorFactory(name="Pakistan", slug="pakistan"), role="target"
    )
    html = card(client.get(event.timeline.get_absolute_url()).text, event)
    assert (
        '<a href="/actors/india/"><bdi>India</bdi></a> <span class="role">(initiator)</span>'
        in html
    )
    assert (
        '<a href="/actors/pakistan/"><bdi>Pakistan</bdi></a> <span class="role">(target)</span>'
        in html
    )
    assert (
        f'<a href="{event.timeline.get_absolute_url()}?place=loc"><bdi>Line of Control</bdi></a>'
        in html
    )


@pytest.mark.parametrize(
    ("citations", "label"),
    [
        ([], "Unsourced"),
        ([("Reuters", Stance.ASSERTS)], "Reported"),
        ([("Reuters", Stance.ASSERTS), ("Dawn", Stance.ASSERTS)], "Confirmed"),
        ([("Reuters", Stance.ASSERTS), ("reuters ", Stance.ASSERTS)], "Reported"),
        ([("Reuters", Stance.ASSERTS), ("Dawn", Stance.DENIES)], "Disputed"),
    ],
)
def test_card_shows_standing_as_a_labelled_badge(client, citations, label):
    event = EventFactory()
    for publisher, stance in citations:
        CitationFactory(event=event, source=SourceFactory(publisher=publisher), stance=stance)
    html = card(client.get(event.timeline.get_absolute_url()).text, event)
    assert f'<span class="visually-hidden">Standing: </span>{label}</span>' in html


def test_card_attributes_each_claim_to_who_says_it_and_where(client):
    event = EventFactory()
    CitationFactory(
        event=event,
        source=SourceFactory(publisher="The Hindu", published_at=at(2025, 5, 10)),
        attribution="Indian officials",
    )
    CitationFactory(
        event=event,
        source=SourceFactory(publisher="Dawn", published_at=at(2025, 5, 11)),
        attribution="Pakistan",
        stance=Stance.DENIES,
    )
    html = card(client.get(event.timeline.get_absolute_url()).text, event)
    assert (
        '<p class="claims">According to <bdi>Indian officials</bdi> (<bdi>The Hindu, 10 May 2025'
        "</bdi>); <bdi>Pakistan</bdi> denied (<bdi>Dawn, 11 May 2025</bdi>)</p>"
    ) in html


def test_card_lists_sources_with_publisher_date_title_link_and_quote(client):
    event = EventFactory()
    source = SourceFactory(
        title="Ceasefire holds",
        publisher="Dawn",
        url="https://www.dawn.com/news/1",
        published_at=at(2025, 5, 11),
    )
    CitationFactory(event=event, source=source, quote="The guns fell silent.")
    html = card(client.get(event.timeline.get_absolute_url()).text, event)
    assert (
        f'<cite><a href="/sources/{source.pk}/" lang="en" dir="ltr">Ceasefire holds</a></cite>'
        in html
    )
    assert "<bdi>Dawn</bdi>" in html
    assert ">11 May 2025</time>" in html
    assert (
        '<a class="external" href="https://www.dawn.com/news/1" '
        'rel="nofollow noopener noreferrer">dawn.com</a>' in html
    )
    assert "<p>The guns fell silent.</p></blockquote>" in html


def test_source_links_other_than_http_are_never_rendered(client):
    event = EventFactory()
    source = SourceFactory(title="Odd link")
    # Bypass the model's validation, as an old import or a raw SQL fix could.
    Source.objects.filter(pk=source.pk).update(url="javascript:alert(1)")
    CitationFactory(event=event, source=source)
    text = client.get(event.timeline.get_absolute_url()).text
    assert "javascript:" not in text
    assert "Odd link" in text


def test_card_shows_the_reporting_lag_when_both_clocks_are_known(client):
    event = EventFactory(date="2025-05-10")
    CitationFactory(event=event, source=SourceFactory(published_at=at(2025, 5, 12)))
    CitationFactory(event=event, source=SourceFactory(published_at=at(2025, 5, 14)))
    html = card(client.get(event.timeline.get_absolute_url()).text, event)
    assert "first reported 2 days later" in html


def test_no_reporting_lag_for_a_date_known_only_to_the_month(client):
    event = EventFactory(date="2025-05-01", precision=Precision.MONTH)
    CitationFactory(event=event, source=SourceFactory(published_at=at(2025, 5, 12)))
    assert "first reported" not in card(client.get(event.timeline.get_absolute_url()).text, event)


def test_user_text_carries_its_language_and_direction(client):
    timeline = TimelineFactory(language="en")
    urdu = EventFactory(timeline=timeline, title="جنگ بندی کا اعلان", language="ur")
    CitationFactory(
        event=urdu, source=SourceFactory(title="جنگ بندی", language="ur"), quote="فائر بندی"
    )
    hindi = EventFactory(timeline=timeline, title="युद्धविराम की घोषणा", language="hi")
    html = client.get(timeline.get_absolute_url()).text
    assert re.search(
        r'class="event-title" id="event-\d+-title" lang="ur" dir="rtl">', card(html, urdu)
    )
    assert '<blockquote class="quote" lang="ur" dir="rtl"><p>فائر بندی</p>' in card(html, urdu)
    assert 'lang="hi" dir="ltr">' in card(html, hindi)
    assert "युद्धविराम की घोषणा" in html


def test_readers_never_get_editor_controls(client, demo):
    response = client.get(demo.get_absolute_url())
    assert response.context["can_edit"] is False


def test_draft_events_are_shown_to_editors_marked_as_drafts(client, editor, timeline):
    draft = EventFactory(timeline=timeline, title="Unconfirmed report", status="draft")
    assert "Unconfirmed report" not in client.get(timeline.get_absolute_url()).text
    client.force_login(editor)
    html = card(client.get(timeline.get_absolute_url()).text, draft)
    assert '<span class="badge draft">Draft</span>' in html


def test_every_card_has_a_stable_id_and_a_permalink(client, demo):
    text = client.get(demo.get_absolute_url()).text
    for event in demo.events.all():
        assert f'id="event-{event.pk}"' in text
        assert f'href="{event.get_absolute_url()}"' in text


# htmx ---------------------------------------------------------------------------------------


def test_htmx_request_gets_the_list_fragment_with_a_clean_pushed_url(client, demo):
    response = client.get(
        demo.get_absolute_url(),
        {"q": "", "type": "ceasefire-violation", "actor": "", "from": ""},
        **HTMX,
    )
    assert response.status_code == 200
    assert "<html" not in response.text
    assert response.text.strip().startswith('<div id="event-list"')
    assert "1 of 7 events match" in response.text
    assert response["HX-Push-Url"] == f"{demo.get_absolute_url()}?type=ceasefire-violation"
    assert "HX-Request" in response["Vary"]


def test_full_page_also_varies_on_htmx(client, demo):
    assert "HX-Request" in client.get(demo.get_absolute_url())["Vary"]


def test_history_restore_gets_the_full_page(client, demo):
    response = client.get(
        demo.get_absolute_url(),
        {"type": "statement"},
        HTTP_HX_HISTORY_RESTORE_REQUEST="true",
        **HTMX,
    )
    assert "<html" in response.text
    assert "1 of 7 events match" in response.text


def test_form_works_without_javascript_and_with_htmx(client, demo):
    text = client.get(demo.get_absolute_url()).text
    url = demo.get_absolute_url()
    assert f'<form id="filters" class="filters" method="get" action="{url}" role="search"' in text
    # The filters swap the results alone, never the field being typed in (issue 17, item 9).
    assert f'hx-get="{url}" hx-target="#results" hx-select="#results"' in text


# Result count, empty state, clear -----------------------------------------------------------


def test_filtered_list_says_how_many_match_and_offers_to_clear(client, demo):
    text = client.get(
        demo.get_absolute_url(), {"type": ["mediation-offered", "mediation-accepted"]}
    ).text
    assert "2 of 7 events match." in text
    assert f'<a href="{demo.get_absolute_url()}" hx-get=' in text
    assert "Clear filters" in text
    assert "Remove filter </span>Type: Mediation offered" in text


def test_empty_state_says_what_to_change(client, demo):
    text = client.get(
        demo.get_absolute_url(), {"type": "ceasefire-violation", "from": "2025-05-11"}
    ).text
    assert "No events match these filters. Try:" in text
    assert "removing “Type: Ceasefire violation”" in text
    assert "removing “From: 11 May 2025”" in text
    assert "a wider date range" in text
    assert "to see all 7 events" in text


def test_timeline_without_events_says_so(client):
    timeline = TimelineFactory()
    text = client.get(timeline.get_absolute_url()).text
    assert "This timeline has no events yet." in text
    assert "<svg" not in text


# Long timelines -----------------------------------------------------------------------------


def test_long_timeline_shows_one_page_and_links_to_the_next(client):
    timeline = build_long_timeline(120)
    text = client.get(timeline.get_absolute_url()).text
    assert text.count('<article class="event') == 50
    assert "120 events; showing 1–50." in text
    next_url = f"{timeline.get_absolute_url()}?page=2"
    assert f'<a href="{next_url}">Later events →</a>' in text
    assert f'hx-get="{next_url}" hx-trigger="revealed"' in text


def test_appended_page_does_not_repeat_the_month_heading_it_continues(client):
    timeline = build_long_timeline(120)
    # Events 0-49 run from 2 January to 20 February 2023 (with coarser dates among them).
    first = client.get(timeline.get_absolute_url()).text
    assert first.count('id="y2023-02"') == 1
    more = client.get(timeline.get_absolute_url(), {"page": 2}, **HTMX).text
    assert "<html" not in more
    assert more.count('<article class="event') == 50
    assert 'id="y2023-02"' not in more
    assert 'id="y2023"' not in more
    assert '<h4 class="month-heading" id="y2023-03">March 2023</h4>' in more
    assert f'hx-get="{timeline.get_absolute_url()}?page=3"' in more


def test_page_opened_directly_shows_its_headings_and_a_way_back(client):
    timeline = build_long_timeline(120)
    text = client.get(timeline.get_absolute_url(), {"page": 2}).text
    assert '<h3 class="year-heading" id="y2023">2023</h3>' in text
    assert '<h4 class="month-heading" id="y2023-02">February 2023</h4>' in text
    assert f'<a href="{timeline.get_absolute_url()}">← Earlier events</a>' in text


def test_appending_a_page_past_the_end_adds_nothing(client):
    timeline = build_long_timeline(60)
    more = client.get(timeline.get_absolute_url(), {"page": 3}, **HTMX)
    assert more.status_code == 200
    assert '<article class="event' not in more.text
    assert "Later events" not in more.text


def test_last_page_has_no_next_link(client):
    timeline = build_long_timeline(60)
    text = client.get(timeline.get_absolute_url(), {"page": 2}).text
    assert text.count('<article class="event') == 10
    assert "Later events" not in text


def test_pages_keep_the_filters(client):
    timeline = build_long_timeline(200)
    text = client.get(timeline.get_absolute_url(), {"q": "talks", "sort": "date"}).text
    assert "?q=talks&amp;sort=date&amp;page=2" in text


# Strip --------------------------------------------------------------------------------------


def test_strip_draws_each_period_as_a_link_that_narrows_the_list(client, demo):
    text = client.get(demo.get_absolute_url()).text
    url = demo.get_absolute_url()
    assert '<svg class="strip-chart"' in text
    assert '<title id="strip-title">Events over time: 7 events, 1972 to 15 May 2025</title>' in text
    assert f'<a href="{url}?from=2025-05-10&amp;to=2025-05-10" hx-get=' in text
    assert (
        'aria-label="10 May 2025: 2 events (1 Ceasefire announced, 1 Ceasefire violation)"' in text
    )
    assert "<title>No events from 1 January 1973 to 9 May 2025</title>" in text
    assert "<title>No events on 12 May 2025</title>" in text


def test_strip_colours_bars_by_type_with_fill_attributes(client, demo):
    text = client.get(demo.get_absolute_url()).text
    svg = text[text.index("<svg") : text.index("</svg>")]
    assert 'fill="#b91c1c"' in svg  # ceasefire violation
    assert "style=" not in svg


def test_strip_has_a_table_of_counts_as_its_text_alternative(client, demo):
    text = client.get(demo.get_absolute_url()).text
    start = text.index('<details class="strip-table">')
    table = text[start : text.index("</details>", start)]
    assert "<summary>Events by period (table)</summary>" in table
    assert (
        f'<th scope="row"><a href="{demo.get_absolute_url()}?from=2025-05-11&amp;to=2025-05-11">'
        "11 May 2025</a></th><td>2</td>"
    ) in table


def test_chosen_period_is_marked_current_and_narrows_the_list(client, demo):
    text = client.get(demo.get_absolute_url(), {"from": "2025-05-11", "to": "2025-05-11"}).text
    assert 'aria-current="true" class="is-current"' in text
    assert "2 of 7 events match." in text
    assert "Pakistan welcomes the US offer of mediation" in text
    assert "US President Trump announces a ceasefire" not in text


def test_strip_keeps_other_filters_in_its_links(client, demo):
    text = client.get(demo.get_absolute_url(), {"type": "statement"}).text
    assert f"{demo.get_absolute_url()}?type=statement&amp;from=1972&amp;to=1972" in text
