"""The event form under arbitrary input: saved, or refused with messages, never a crash.

Hypothesis fills the event form (through the editor's own URL, as a browser would post it)
with arbitrary text, dates, choices and formset rows. Every answer is a save (302) or the form
again with messages (422); a refused form saves nothing at all, a saved one saves one event.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.editing import event_form_data, snapshot
from tests.factories import EventFactory, SourceFactory, TimelineFactory, UserFactory
from timeline.models import Event

pytestmark = pytest.mark.django_db

text = st.text(alphabet=st.characters(codec="utf-8"), max_size=60)
long_text = st.one_of(
    text, st.builds(lambda c, n: c * n, st.sampled_from("aé\x00<"), st.integers(250, 2100))
)
dates = st.one_of(
    text,
    st.sampled_from(
        [
            "10 May 2025",
            "1972",
            "c. May 2025",
            "31 February 2025",
            "0000",
            "99999",
            "2025-05-10T25:00",
        ]
    ),
)

form_changes = st.fixed_dictionaries(
    {
        "title": long_text,
        "summary": long_text,
        "notes": text,
        "date": dates,
        "end_date": st.one_of(st.just(""), dates),
        "place": text,
        "status": st.sampled_from(["published", "draft", "deleted", "", "\x00"]),
        "event_type": st.one_of(st.sampled_from(["", "0", "-1", "99999999999999999999"]), text),
        "actors-0-actor": text,
        "actors-0-role": st.sampled_from(["initiator", "target", "boss", ""]),
        "actors-0-new_kind": st.sampled_from(["state", "person", "alien", ""]),
        "citations-0-source": text,
        "citations-0-quote": long_text,
        "citations-0-attribution": text,
        "citations-0-stance": st.sampled_from(["asserts", "denies", "shrugs", ""]),
        "citations-0-new_source_url": st.one_of(text, st.just("javascript:alert(1)")),
        "citations-0-new_source_title": text,
        "citations-0-new_source_published": dates,
    }
)
PROPERTY_SETTINGS = settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture
def desk():
    editor = UserFactory(username="property-desk")
    timeline = TimelineFactory(slug="property", editors=[editor])
    SourceFactory(title="A known article")
    client = Client()
    client.force_login(editor)
    return timeline, client


@PROPERTY_SETTINGS
@given(changes=form_changes)
def test_new_event_form_saves_or_refuses_whole(desk, changes):
    timeline, client = desk
    before = snapshot()
    count = Event.objects.count()
    data = event_form_data(**{k: v for k, v in changes.items() if "-" not in k})
    data.update({k: v for k, v in changes.items() if "-" in k})

    response = client.post(reverse("timeline:event_new", kwargs={"slug": timeline.slug}), data)

    assert response.status_code in {302, 422}, response.status_code
    if response.status_code == 422:
        assert snapshot() == before
        assert "Not saved yet" in response.content.decode()
    else:
        assert Event.objects.count() == count + 1


@PROPERTY_SETTINGS
@given(changes=form_changes, version=st.sampled_from(["1", "0", "", "x", "-1", "1e9", "\x00"]))
def test_edit_form_saves_refuses_or_reports_a_conflict(desk, changes, version):
    timeline, client = desk
    event = EventFactory(timeline=timeline, title="Under edit")
    before = snapshot()
    data = event_form_data(event, **{k: v for k, v in changes.items() if "-" not in k})
    data.update({k: v for k, v in changes.items() if "-" in k})
    data["version"] = version
    url = reverse("timeline:event_edit", kwargs={"slug": timeline.slug, "pk": event.pk})

    response = client.post(url, data)

    assert response.status_code in {302, 409, 422}, response.status_code
    if response.status_code != 302:
        assert snapshot() == before
