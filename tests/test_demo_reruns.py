"""Issue 17, item 8: `load_demo` keeps editors' changes; it never duplicates or resurrects."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from timeline.demo import ceasefire
from timeline.models import Citation, Event

pytestmark = pytest.mark.django_db

VIOLATION = "Ceasefire understanding violated with heavy firing and shelling along the LoC"


def load_demo() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def reader_titles(client, demo) -> list[str]:
    page = client.get(demo.get_absolute_url()).text
    return [e.title for e in Event.objects.filter(timeline=demo) if e.title in page]


def test_every_demo_event_carries_its_stable_identity(demo):
    identities = set(Event.objects.filter(timeline=demo).values_list("external_id", flat=True))
    assert identities == {f"demo:{spec['key']}" for spec in ceasefire.EVENTS}


def test_a_renamed_demo_event_keeps_its_new_title_and_is_not_loaded_again(client, demo):
    event = Event.objects.get(timeline=demo, title=VIOLATION)
    event.title = "Firing along the LoC hours after the ceasefire"
    event.save()
    output = load_demo()
    assert "0 demo events added" in output
    page = client.get(demo.get_absolute_url()).text
    assert "Firing along the LoC hours after the ceasefire" in page
    assert VIOLATION not in page
    assert Event.objects.filter(timeline=demo).alive().count() == len(ceasefire.EVENTS)


def test_a_deleted_demo_event_stays_deleted(client, demo, editor):
    event = Event.objects.get(timeline=demo, title=VIOLATION)
    client.force_login(editor)
    demo.editors.add(editor)
    delete = reverse("timeline:event_delete", kwargs={"slug": demo.slug, "pk": event.pk})
    assert client.post(delete).status_code in (200, 302)
    load_demo()
    client.logout()
    assert VIOLATION not in client.get(demo.get_absolute_url()).text
    assert Event.objects.filter(timeline=demo).alive().count() == len(ceasefire.EVENTS) - 1


def test_a_demo_event_removed_for_good_is_not_brought_back(demo):
    Event.objects.filter(timeline=demo, title=VIOLATION).delete()
    load_demo()
    assert not Event.objects.filter(timeline=demo, title=VIOLATION).exists()


def test_events_loaded_before_identities_existed_get_them_and_keep_their_edits(client, demo):
    # As an older load_demo left them: no identity, in the rows or in their history.
    Event.objects.filter(timeline=demo).update(external_id="")
    Event.history.filter(timeline_id=demo.pk).update(external_id="")
    renamed = Event.objects.get(timeline=demo, title=VIOLATION)
    renamed.title = "Firing along the LoC"
    renamed.save()
    Event.objects.filter(timeline=demo, event_type__slug="statement").delete()
    load_demo()
    events = Event.objects.filter(timeline=demo)
    assert events.count() == len(ceasefire.EVENTS) - 1
    assert events.get(pk=renamed.pk).external_id == "demo:loc-violation"
    assert events.get(pk=renamed.pk).title == "Firing along the LoC"
    # The two events citing the same demo sentence are told apart by their type.
    agreement = events.get(event_type__slug="agreement-signed")
    assert agreement.external_id == "demo:simla-agreement-1972"
    assert Citation.objects.filter(event__timeline=demo).count() == len(ceasefire.EVENTS) - 1
