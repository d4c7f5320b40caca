"""Filters narrow the chronology; bad query parameters give the page with a message, not a 500."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.factories import (
    ActorFactory,
    CitationFactory,
    EventActorFactory,
    EventFactory,
    PlaceFactory,
    SourceFactory,
    TimelineFactory,
    event_type,
)
from timeline.dates import Precision
from timeline.models import Event, Stance, standing_from_citations

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def titles(response) -> list[str]:
    return re.findall(r'class="event-title"[^>]*><a [^>]*>([^<]+)</a>', response.text)


@pytest.fixture
def filter_story():
    timeline = TimelineFactory()
    india = ActorFactory(name="India", slug="india")
    loc = PlaceFactory(name="Line of Control", slug="loc")
    agreement = EventFactory(
        timeline=timeline,
        title="Agreement",
        date="1972-01-01",
        precision=Precision.YEAR,
        event_type=event_type("agreement-signed"),
    )
    truce = EventFactory(
        timeline=timeline,
        title="Truce",
        date="2025-05-10",
        event_type=event_type("ceasefire-announced"),
    )
    shelling = EventFactory(
        timeline=timeline,
        title="Shelling",
        date="2025-05-11",
        place=loc,
        event_type=event_type("ceasefire-violation"),
    )
    talks = EventFactory(
        timeline=timeline,
        title="Talks",
        date="2025-06-01",
        precision=Precision.MONTH,
        event_type=event_type("negotiation"),
    )
    EventActorFactory(event=truce, actor=india)
    EventActorFactory(event=shelling, actor=india, role="target")
    EventActorFactory(event=shelling, actor=india, role="initiator")
    CitationFactory(event=truce, source=SourceFactory(publisher="A"))
    CitationFactory(event=truce, source=SourceFactory(publisher="B"))
    CitationFactory(event=shelling, source=SourceFactory(publisher="A"))
    CitationFactory(event=shelling, source=SourceFactory(publisher="C"), stance=Stance.DENIES)
    CitationFactory(event=talks, source=SourceFactory(publisher="A"))
    del agreement
    return timeline


def test_several_types_narrow_the_list(client, filter_story):
    response = client.get(
        filter_story.get_absolute_url(), {"type": ["ceasefire-announced", "ceasefire-violation"]}
    )
    assert titles(response) == ["Truce", "Shelling"]
    assert 'value="ceasefire-violation" id="id_type_2" checked' in response.text


def test_actor_filter_lists_each_event_once(client, filter_story):
    assert titles(client.get(filter_story.get_absolute_url(), {"actor": "india"})) == [
        "Truce",
        "Shelling",
    ]


def test_place_filter(client, filter_story):
    assert titles(client.get(filter_story.get_absolute_url(), {"place": "loc"})) == ["Shelling"]


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("May 2025", "", ["Truce", "Shelling", "Talks"]),
        ("", "1972", ["Agreement"]),
        ("11 May 2025", "May 2025", ["Shelling"]),
        ("2025-05", "2025-06", ["Truce", "Shelling", "Talks"]),
        ("c. 2025", "", ["Truce", "Shelling", "Talks"]),
    ],
)
def test_date_range_takes_partial_dates(client, filter_story, start, end, expected):
    response = client.get(filter_story.get_absolute_url(), {"from": start, "to": end})
    assert titles(response) == expected


def test_span_still_running_at_the_start_of_the_range_is_included(client):
    timeline = TimelineFactory()
    EventFactory(
        timeline=timeline,
        title="Long talks",
        date="2025-04-28",
        end_date="2025-05-12",
        end_precision=Precision.DAY,
    )
    assert titles(client.get(timeline.get_absolute_url(), {"from": "10 May 2025"})) == [
        "Long talks"
    ]


@pytest.mark.parametrize(
    ("standing", "expected"),
    [
        (["confirmed"], ["Truce"]),
        (["disputed"], ["Shelling"]),
        (["reported"], ["Talks"]),
        (["unsourced"], ["Agreement"]),
        (["confirmed", "disputed"], ["Truce", "Shelling"]),
    ],
)
def test_standing_filter(client, filter_story, standing, expected):
    assert titles(client.get(filter_story.get_absolute_url(), {"standing": standing})) == expected


def test_standing_in_sql_agrees_with_the_cards(filter_story):
    events = (
        Event.objects.filter(timeline=filter_story)
        .with_standing()
        .prefetch_related("citations__source")
    )
    for event in events:
        assert event.standing_value == standing_from_citations(event.citations.all())


def test_filters_combine(client, filter_story):
    response = client.get(
        filter_story.get_absolute_url(),
        {"actor": "india", "from": "11 May 2025", "standing": "disputed", "q": "shelling"},
    )
    assert titles(response) == ["Shelling"]
    assert "1 of 4 events match" in response.text


# Bad parameters ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"type": "no-such-type"}, "There is no event type “no-such-type” in this timeline"),
        ({"actor": "nobody"}, "No event of this timeline involves “nobody”"),
        ({"place": "atlantis"}, "No event of this timeline happened at “atlantis”"),
        ({"from": "yesterday"}, "Could not understand &quot;yesterday&quot; as a date"),
        ({"to": "32 May 2025"}, "32 May 2025 does not exist"),
        ({"from": "10/05/2025"}, "is ambiguous"),
        ({"from": "9" * 500}, "That is too long to be a date"),
        ({"from": "2025", "to": "1972"}, "“To” (1972) is before “From” (2025)"),
        ({"q": "x" * 10_000}, "Search for at most 200 characters (this has 10000)"),
        ({"q": "nul\x00byte"}, "Null characters are not allowed"),
        ({"standing": "rumoured"}, "“rumoured” is not a standing"),
        ({"page": "two"}, "The page number must be a whole number"),
        ({"page": "0"}, "Pages start at 1"),
        ({"page": "99999999999999999999"}, "There is no such page"),
        ({"page": "7"}, "There is only 1 page of events; showing the first."),
        ({"sort": "random", "q": "talks"}, "“random” is not an order"),
    ],
)
def test_bad_parameter_gives_the_page_with_a_message(client, filter_story, params, message):
    response = client.get(filter_story.get_absolute_url(), params)
    assert response.status_code == 200
    assert message in response.text
    assert 'class="problems" role="alert"' in response.text


def test_bad_parameter_is_left_out_and_the_good_ones_still_apply(client, filter_story):
    response = client.get(
        filter_story.get_absolute_url(),
        {"type": ["ceasefire-violation", "bogus"], "from": "nonsense"},
    )
    assert response.status_code == 200
    assert titles(response) == ["Shelling"]
    assert "There is no event type “bogus”" in response.text


def test_bad_parameter_in_an_htmx_request_gives_the_fragment_with_a_message(client, filter_story):
    response = client.get(
        filter_story.get_absolute_url(), {"from": "not a date", "type": "x"}, **HTMX
    )
    assert response.status_code == 200
    assert response.text.strip().startswith('<div id="event-list"')
    assert "Could not understand" in response.text
    # The error sits next to its field too.
    assert re.search(
        r'name="from" value="not a date"[^>]*aria-describedby="date-hint id_from_error" '
        r'aria-invalid="true"',
        response.text,
    )
    assert '<ul class="errorlist" id="id_from_error">' in response.text
    assert response["HX-Push-Url"] == filter_story.get_absolute_url()


def test_long_bad_value_is_shortened_in_its_message(client, filter_story):
    response = client.get(filter_story.get_absolute_url(), {"type": "t" * 5000})
    assert response.status_code == 200
    assert "t" * 41 not in response.text.split('class="problems"')[1].split("</div>")[0]


def test_unknown_timeline_event_source_and_actor_give_a_friendly_404(client, demo):
    for url in (
        "/timelines/no-such-story/",
        f"{demo.get_absolute_url()}events/999999/",
        "/sources/999999/",
        "/actors/nobody/",
    ):
        response = client.get(url)
        assert response.status_code == 404
        assert "We could not find that page" in response.text
        assert 'href="/"' in response.text


def test_event_of_another_timeline_is_not_found_under_this_one(client, demo):
    other = EventFactory(title="Elsewhere")
    assert client.get(f"{demo.get_absolute_url()}events/{other.pk}/").status_code == 404


_ANY_TEXT = st.text(st.characters(blacklist_categories=["Cs"]), max_size=300)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    params=st.dictionaries(
        st.sampled_from(["q", "type", "actor", "place", "from", "to", "standing", "sort", "page"]),
        st.one_of(_ANY_TEXT, st.lists(_ANY_TEXT, max_size=4)),
        max_size=6,
    ),
    htmx=st.booleans(),
)
@example(params={"q": "["}, htmx=False)
@example(params={"q": "-", "type": ["", "x"], "page": "-1"}, htmx=True)
def test_no_query_string_gives_a_server_error(client, filter_story, params, htmx):
    response = client.get(filter_story.get_absolute_url(), params, **(HTMX if htmx else {}))
    assert response.status_code == 200


def test_each_choice_says_how_many_events_it_covers(client, filter_story):
    text = client.get(filter_story.get_absolute_url()).text
    assert '<option value="india" dir="auto">India (2)</option>' in text
    assert "Ceasefire violation (1)</label>" in text


def test_a_timeline_without_tags_offers_no_tag_filter(client):
    timeline = TimelineFactory(slug="untagged")
    EventFactory(timeline=timeline, title="Shelling near Poonch")
    text = client.get(timeline.get_absolute_url()).text
    assert 'class="field field-type"' in text
    assert 'class="field field-tag"' not in text


@pytest.mark.parametrize("value", ["", "a&b", "x", None])
def test_filter_select_writes_the_html_djangos_select_templates_would(value):
    """The actor and place selects are written in Python (hundreds of options); the HTML is
    the templates' own, escaping included."""
    from django import forms

    from timeline.reader.widgets import IsolatedSelect

    choices = [
        ("", "Any place"),
        ("a&b", 'Al "Quds" <script> (3)'),
        ("loc", "Line of Control (2)"),
        ("Region <g>", [("x", "X's town"), ("y", "Y")]),
    ]
    attrs = {"id": "id_place", "aria-describedby": "a b", "required": True, "disabled": False}
    widget = IsolatedSelect(choices=choices)
    written = widget.render("place", value, attrs)
    assert written == forms.Select.render(widget, "place", value, attrs)
    assert "<script>" not in written


@pytest.mark.parametrize("chosen", [[], ["2"], ["a&b", "2"]])
@pytest.mark.parametrize("wrap_label", [False, True])
def test_filter_checkboxes_write_the_html_djangos_option_templates_would(chosen, wrap_label):
    """The type, tag and standing checkboxes are written in Python; each is the HTML Django's
    option templates give, escaping and the checked state included."""
    from django import forms

    from timeline.reader.widgets import ListedCheckboxes

    choices = [("a&b", 'Al "Quds" <script> (3)'), ("2", "Two's (1)")]

    class Both(forms.Form):
        ours = forms.MultipleChoiceField(choices=choices, widget=ListedCheckboxes)
        django = forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple)

    form = Both({"ours": chosen, "django": chosen})
    ours = [box.tag(wrap_label) for box in form["ours"]]
    django = [box.tag(wrap_label).replace("django", "ours") for box in form["django"]]
    assert ours == django
    assert sum("checked" in html for html in ours) == len(chosen)
    assert not any("<script>" in html for html in ours)
