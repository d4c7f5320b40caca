"""Model validation and derived values: what the data model refuses and what it computes."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.factories import (
    CitationFactory,
    EventFactory,
    SourceFactory,
    TimelineFactory,
    UserFactory,
)
from timeline.dates import Precision
from timeline.models import Event, Source, Stance, Standing

pytestmark = pytest.mark.django_db


def errors_of(instance) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


def test_event_with_end_before_start_is_rejected_with_message():
    event = EventFactory.build(
        timeline=TimelineFactory(),
        date=datetime.date(2025, 5, 10),
        end_date=datetime.date(2025, 5, 9),
    )
    assert errors_of(event)["end_date"] == [
        "The end date (9 May 2025) is before the start date (10 May 2025)."
    ]


def test_event_end_inside_its_start_month_is_accepted():
    event = EventFactory.build(
        timeline=TimelineFactory(),
        date=datetime.date(2025, 5, 1),
        precision=Precision.MONTH,
        end_date=datetime.date(2025, 5, 20),
    )
    event.full_clean()


def test_event_with_empty_title_is_rejected_with_message():
    event = EventFactory.build(timeline=TimelineFactory(), title="")
    assert errors_of(event)["title"] == ["Give the event a title."]


def test_precision_that_does_not_match_the_date_is_rejected():
    event = EventFactory.build(
        timeline=TimelineFactory(), date=datetime.date(2025, 5, 10), precision=Precision.MONTH
    )
    [message] = errors_of(event)["date"]
    assert message.startswith("The date does not match its precision")


def test_minute_precision_without_time_is_rejected():
    event = EventFactory.build(timeline=TimelineFactory(), precision=Precision.MINUTE, time=None)
    assert "date" in errors_of(event)


def test_database_refuses_end_before_start_even_without_validation():
    event = EventFactory()
    event.end_date = event.date - datetime.timedelta(days=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        event.save()


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://files.example.org/a.txt", "data:,x"])
def test_source_url_must_be_http_or_https(url):
    source = SourceFactory.build(url=url)
    [message] = errors_of(source)["url"]
    assert message.startswith("Only http:// and https:// links are allowed")


def test_duplicate_source_url_is_rejected_after_normalisation():
    SourceFactory(url="https://www.example.org/news/ceasefire/?utm_source=x")
    duplicate = SourceFactory.build(url="HTTPS://example.org/news/ceasefire#top")
    assert errors_of(duplicate)["url"] == ["A source with this URL already exists."]


def test_database_refuses_duplicate_source_url():
    SourceFactory(url="https://example.org/a")
    with pytest.raises(IntegrityError), transaction.atomic():
        SourceFactory(url="http://example.org/a/")


def test_sources_without_url_may_share_the_empty_url():
    SourceFactory(url="")
    SourceFactory(url="")
    assert Source.objects.filter(url="").count() == 2


def test_one_source_may_be_cited_twice_on_an_event_and_a_denial_disputes_it():
    claim = CitationFactory(attribution="Pakistan's army")
    CitationFactory(
        event=claim.event, source=claim.source, attribution="India's army", stance="denies"
    )
    assert claim.event.citations.count() == 2
    assert claim.event.standing == Standing.DISPUTED


def test_over_long_quote_is_rejected():
    citation = CitationFactory.build(event=EventFactory(), source=SourceFactory(), quote="x" * 2001)
    assert "quote" in errors_of(citation)


def test_event_with_one_asserting_source_is_reported():
    citation = CitationFactory()
    assert citation.event.standing == Standing.REPORTED


def test_event_with_two_independent_sources_is_confirmed():
    event = EventFactory()
    CitationFactory(event=event, source=SourceFactory(publisher="Reuters"))
    CitationFactory(event=event, source=SourceFactory(publisher="Dawn"))
    assert event.standing == Standing.CONFIRMED


def test_two_articles_from_one_publisher_are_not_independent():
    event = EventFactory()
    CitationFactory(event=event, source=SourceFactory(publisher="Reuters"))
    CitationFactory(event=event, source=SourceFactory(publisher="reuters "))
    assert event.standing == Standing.REPORTED


def test_a_denial_makes_the_event_disputed():
    event = EventFactory()
    CitationFactory(event=event, source=SourceFactory(publisher="Reuters"))
    CitationFactory(event=event, source=SourceFactory(publisher="Dawn"))
    CitationFactory(event=event, source=SourceFactory(publisher="ISPR"), stance=Stance.DENIES)
    assert event.standing == Standing.DISPUTED


def test_event_without_citations_is_unsourced():
    assert EventFactory().standing == Standing.UNSOURCED


def test_first_reported_is_the_earliest_citing_source():
    event = EventFactory(date=datetime.date(2025, 5, 10))
    early = datetime.datetime(2025, 5, 12, 8, 0, tzinfo=datetime.UTC)
    CitationFactory(event=event, source=SourceFactory(published_at=early))
    CitationFactory(
        event=event, source=SourceFactory(published_at=early + datetime.timedelta(days=3))
    )
    CitationFactory(event=event, source=SourceFactory(published_at=None))
    assert event.first_reported_at == early
    assert event.reporting_lag == datetime.timedelta(days=2)


def test_chronological_order_puts_coarser_precision_first():
    timeline = TimelineFactory()
    day = EventFactory(timeline=timeline, title="day", date=datetime.date(2025, 5, 1))
    month = EventFactory(
        timeline=timeline, title="month", date=datetime.date(2025, 5, 1), precision=Precision.MONTH
    )
    year = EventFactory(
        timeline=timeline, title="year", date=datetime.date(1972, 1, 1), precision=Precision.YEAR
    )
    later = EventFactory(timeline=timeline, title="later", date=datetime.date(2025, 5, 10))
    ordered = list(Event.objects.filter(timeline=timeline).chronological())
    assert ordered == [year, month, day, later]


def test_position_orders_events_of_the_same_date():
    timeline = TimelineFactory()
    second = EventFactory(timeline=timeline, position=1)
    first = EventFactory(timeline=timeline, position=0)
    assert list(Event.objects.filter(timeline=timeline).chronological()) == [first, second]


def test_soft_deleted_events_are_not_alive_but_are_kept():
    event = EventFactory()
    event.deleted_at = datetime.datetime.now(datetime.UTC)
    event.save()
    assert not Event.objects.alive().filter(pk=event.pk).exists()
    assert Event.objects.filter(pk=event.pk).exists()


def test_drafts_are_visible_only_to_the_timelines_editors():
    editor, stranger = UserFactory(), UserFactory()
    timeline = TimelineFactory(editors=[editor])
    draft = EventFactory(timeline=timeline, status="draft")
    assert draft in Event.objects.visible_to(editor, timeline)
    assert draft not in Event.objects.visible_to(stranger, timeline)


def test_event_changes_are_kept_in_history():
    event = EventFactory(title="First title")
    event.title = "Second title"
    event.save()
    assert [h.title for h in event.history.order_by("history_date")] == [
        "First title",
        "Second title",
    ]
