"""Hostile and random input to every public GET parameter and every editor form field.

Whatever the values (within the size limits the app states), no response is a 5xx and none
takes more than 2 seconds. Hypothesis shrinks any failure to the smallest input that shows it.
"""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import (
    ActorFactory,
    CitationFactory,
    EventActorFactory,
    EventFactory,
    PlaceFactory,
    SourceFactory,
    TimelineFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SLOW = 2.0
EXAMPLES = 25

HOSTILE = [
    "",
    " ",
    "\x00",
    "\u202e",
    "'\"<script>",
    "%",
    "_",
    "\\",
    "9" * 5000,
    "²",
    "-1",
    "0",
    "1e400",
    "NaN",
    "[" * 2000,
    "*_" * 1000,
    "<!--" * 500,
    "a " * 100,
    '"a" or -b or "c',
    "10 May 2025 " * 50,
    "🇮🇳",
    "ا" * 200,
    "/../../etc/passwd",
    "http://127.0.0.1:1/x",
]

# Text a browser could send: any code point but lone surrogates (which no browser encodes).
texts = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=300),
)


def check(response, started: float) -> None:
    elapsed = time.perf_counter() - started
    assert response.status_code < 500, response.content[:500]
    assert elapsed < SLOW, f"took {elapsed:.2f} s"


@pytest.fixture
def world(db):
    editor = UserFactory(username="fuzz-editor")
    timeline = TimelineFactory(slug="fuzz", editors=[editor])
    actor = ActorFactory(name="Fuzz Army")
    place = PlaceFactory(name="Fuzz Town")
    event = EventFactory(timeline=timeline, place=place)
    EventActorFactory(event=event, actor=actor)
    CitationFactory(event=event, source=SourceFactory(title="Fuzz wire"))
    return {"editor": editor, "timeline": timeline, "event": event, "actor": actor}


PUBLIC_PARAMS = ["q", "type", "actor", "place", "from", "to", "standing", "sort", "page"]


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    params=st.dictionaries(st.sampled_from(PUBLIC_PARAMS), texts, max_size=4), htmx=st.booleans()
)
def test_public_pages_answer_any_query_string_without_a_server_error(client, world, params, htmx):
    event = world["event"]
    headers = {"HX-Request": "true"} if htmx else {}
    for path in (
        "/",
        "/timelines/fuzz/",
        f"/timelines/fuzz/events/{event.pk}/",
        "/timelines/fuzz/embed/",
        "/timelines/fuzz/events.csv",
        "/sources/",
        f"/actors/{world['actor'].slug}/",
    ):
        started = time.perf_counter()
        check(client.get(path, params, headers=headers), started)


EVENT_FIELDS = ["title", "summary", "date", "end_date", "place", "notes", "status", "version"]


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(values=st.fixed_dictionaries({}, optional=dict.fromkeys(EVENT_FIELDS, texts)))
def test_event_form_answers_any_values_without_a_server_error(client, world, values):
    client.force_login(world["editor"])
    data = {
        "title": "A title",
        "date": "10 May 2025",
        "event_type": world["event"].event_type_id,
        "status": "draft",
        "actors-TOTAL_FORMS": "0",
        "actors-INITIAL_FORMS": "0",
        "citations-TOTAL_FORMS": "0",
        "citations-INITIAL_FORMS": "0",
        **values,
    }
    for path in (
        "/timelines/fuzz/events/new/",
        f"/timelines/fuzz/events/{world['event'].pk}/edit/",
    ):
        started = time.perf_counter()
        check(client.post(path, data), started)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(value=texts, field=st.sampled_from(["q", "summary", "x"]))
def test_editor_helpers_answer_any_text_without_a_server_error(client, world, value, field):
    client.force_login(world["editor"])
    for path in (
        "/editor/date-preview/",
        "/editor/actors/",
        "/editor/places/",
        "/editor/sources/",
    ):
        started = time.perf_counter()
        check(client.get(path, {field: value}), started)
    started = time.perf_counter()
    check(client.post("/editor/markdown-preview/", {field: value}), started)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    values=st.fixed_dictionaries(
        {}, optional=dict.fromkeys(["title", "summary", "language"], texts)
    )
)
def test_timeline_form_answers_any_values_without_a_server_error(client, world, values):
    client.force_login(world["editor"])
    started = time.perf_counter()
    check(
        client.post("/timelines/fuzz/edit/", {"title": "Fuzz", "slug": "fuzz", **values}), started
    )


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    values=st.fixed_dictionaries(
        {},
        optional=dict.fromkeys(
            [
                "content",
                "url",
                "title",
                "publisher",
                "author",
                "language",
                "text",
                "use_existing",
                "published_on",
                "published_time",
                "step",
                "timeline",
            ],
            texts,
        ),
    )
)
def test_source_form_answers_any_values_without_a_server_error(client, world, values):
    client.force_login(world["editor"])
    started = time.perf_counter()
    check(client.post("/sources/new/", {"step": "extract", "timeline": "fuzz", **values}), started)


@pytest.mark.parametrize(
    "changes",
    [
        {"version": "9" * 5000},
        {"version": "²"},
        {"actors-TOTAL_FORMS": "9" * 5000},
        {"citations-0-source": "x [#" + "9" * 5000 + "]", "citations-TOTAL_FORMS": "1"},
    ],
    ids=["huge version", "superscript version", "huge row count", "huge source id"],
)
def test_event_form_answers_hostile_numbers_without_a_server_error(client, world, changes):
    client.force_login(world["editor"])
    data = {
        "title": "A title",
        "date": "10 May 2025",
        "event_type": world["event"].event_type_id,
        "status": "draft",
        "actors-TOTAL_FORMS": "0",
        "actors-INITIAL_FORMS": "0",
        "citations-TOTAL_FORMS": "0",
        "citations-INITIAL_FORMS": "0",
        **changes,
    }
    for extra in ("", "actors"):
        response = client.post(
            f"/timelines/fuzz/events/{world['event'].pk}/edit/", {**data, "_add": extra}
        )
        assert response.status_code < 500


@pytest.mark.parametrize("value", ["9" * 5000, "²", "-1", "1.5"])
def test_use_existing_source_answers_hostile_ids_without_a_server_error(client, world, value):
    client.force_login(world["editor"])
    response = client.post(
        "/sources/new/", {"step": "save", "timeline": "fuzz", "use_existing": value}
    )
    assert response.status_code in {404, 400, 422}


@pytest.mark.parametrize(
    "path", ["/sources/", "/editor/actors/", "/editor/places/", "/editor/sources/"]
)
def test_a_nul_in_a_search_is_no_server_error(client, world, path):
    """PostgreSQL refuses NUL in any text, a LIKE pattern's included."""
    client.force_login(world["editor"])
    assert client.get(path, {"q": "a\x00b"}).status_code == 200
