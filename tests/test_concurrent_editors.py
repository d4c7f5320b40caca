"""Concurrent editors on PostgreSQL: one save wins, the rest get the conflict, nothing is lost.

Real threads, each with its own test client, session and database connection, released
together by a barrier so that their saves really race. Every accepted save must be in the
history, every refused one must have got the 409 conflict view, and no request may fail
otherwise; the figures (saves tried, accepted, refused, lost) are printed at the end of a run.
"""

from __future__ import annotations

import os
import random
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.editing import event_form_data
from tests.factories import EventFactory, SourceFactory, TimelineFactory, UserFactory
from timeline.models import Citation, Event

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="races need PostgreSQL's row locks; runs in the PostgreSQL pass of the suite",
    ),
]

EDITORS = 6
ROUNDS = 4


def race(workers: int, work) -> list:
    """Run ``work(index)`` in ``workers`` threads released together; return their results."""
    barrier = threading.Barrier(workers)
    results: list = [None] * workers

    def run(index):
        try:
            barrier.wait(timeout=30)
            results[index] = work(index)
        except Exception as error:  # noqa: BLE001 - reported as the thread's result
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


@pytest.fixture
def newsroom():
    editors = [UserFactory(username=f"desk-{n}") for n in range(EDITORS)]
    timeline = TimelineFactory(slug="breaking", title="Breaking", editors=editors)
    clients = []
    for user in editors:
        client = Client()
        client.force_login(user)
        clients.append(client)
    return timeline, clients


def edit_url(event) -> str:
    return reverse("timeline:event_edit", kwargs={"slug": event.timeline.slug, "pk": event.pk})


def test_simultaneous_saves_of_one_version_one_wins_the_rest_conflict(newsroom, figures):
    timeline, clients = newsroom
    event = EventFactory(timeline=timeline, title="Ceasefire announced")
    tried = accepted = refused = lost = 0

    for round_number in range(ROUNDS):
        event.refresh_from_db()
        version = event.version
        titles = [f"Round {round_number}: wording by desk {n}" for n in range(EDITORS)]
        forms = [event_form_data(event, title=title) for title in titles]

        def save(n, forms=forms):
            return clients[n].post(edit_url(event), forms[n]).status_code

        statuses = race(EDITORS, save)

        assert all(isinstance(status, int) for status in statuses), statuses
        winners = [n for n, status in enumerate(statuses) if status == 302]
        assert len(winners) == 1, statuses
        assert statuses.count(409) == EDITORS - 1, statuses
        event.refresh_from_db()
        assert event.version == version + 1
        assert event.title == titles[winners[0]]
        history_titles = set(event.history.values_list("title", flat=True))
        lost += sum(1 for n in winners if titles[n] not in history_titles)
        # A refused save left no trace: its wording is neither current nor in history.
        assert all(titles[n] not in history_titles for n in range(EDITORS) if n not in winners)
        tried += EDITORS
        accepted += len(winners)
        refused += statuses.count(409)

    assert lost == 0
    assert event.history.count() == 1 + ROUNDS
    figures.add("concurrent saves tried (same version)", tried)
    figures.add("concurrent saves accepted", accepted)
    figures.add("concurrent saves refused with 409", refused)
    figures.add("concurrent saves lost", lost)


def test_editors_who_retry_after_a_conflict_all_get_their_change_in(newsroom, figures):
    """Nothing is lost: each editor reloads after a conflict and saves again, until it lands."""
    timeline, clients = newsroom
    event = EventFactory(timeline=timeline, title="Shelling reported")
    titles = [f"Shelling reported, as desk {n} writes it" for n in range(EDITORS)]
    conflicts = [0] * EDITORS

    def save_until_accepted(n):
        for _ in range(10 * EDITORS):
            current = Event.objects.get(pk=event.pk)
            status = clients[n].post(edit_url(event), event_form_data(current, title=titles[n]))
            if status.status_code == 302:
                return "accepted"
            assert status.status_code == 409, status.status_code
            conflicts[n] += 1
        return "gave up"

    outcomes = race(EDITORS, save_until_accepted)

    assert outcomes == ["accepted"] * EDITORS
    event.refresh_from_db()
    assert event.version == 1 + EDITORS
    history_titles = list(event.history.values_list("title", flat=True))
    assert sorted(t for t in history_titles if t in titles) == sorted(titles)
    figures.add("concurrent saves tried (retry until accepted)", EDITORS + sum(conflicts))
    figures.add("concurrent saves accepted", EDITORS)
    figures.add("concurrent saves refused with 409", sum(conflicts))
    figures.add("concurrent saves lost", EDITORS - len(set(history_titles) & set(titles)))


def test_simultaneous_citation_edits_keep_exactly_the_winners_citations(newsroom, figures):
    timeline, clients = newsroom
    event = EventFactory(timeline=timeline, title="US offers to mediate")
    sources = [SourceFactory(title=f"Report {n}") for n in range(EDITORS)]
    forms = [
        event_form_data(
            event,
            title=event.title,
            citations=[
                {
                    "source": f"{sources[n].title} [#{sources[n].pk}]",
                    "quote": f"Quoted by desk {n}",
                    "attribution": f"Officials, per desk {n}",
                    "stance": "asserts",
                }
            ],
        )
        for n in range(EDITORS)
    ]

    statuses = race(EDITORS, lambda n: clients[n].post(edit_url(event), forms[n]).status_code)

    assert statuses.count(302) == 1 and statuses.count(409) == EDITORS - 1, statuses
    winner = statuses.index(302)
    citations = list(Citation.objects.filter(event=event))
    assert [(c.source_id, c.quote) for c in citations] == [
        (sources[winner].pk, f"Quoted by desk {winner}")
    ]
    recorded = set(Citation.history.filter(event_id=event.pk).values_list("quote", flat=True))
    assert recorded == {f"Quoted by desk {winner}"}
    figures.add("concurrent saves tried (citations)", EDITORS)
    figures.add("concurrent saves lost", 0 if citations else 1)


def test_simultaneous_moves_keep_a_consistent_order(newsroom, figures):
    timeline, clients = newsroom
    events = [EventFactory(timeline=timeline, title=f"Statement {n}", position=n) for n in range(5)]
    chooser = random.Random(8)
    plans = [
        [(chooser.choice(events), chooser.choice(["up", "down"])) for _ in range(4)]
        for _ in range(EDITORS)
    ]

    def move(n):
        statuses = []
        for event, direction in plans[n]:
            url = reverse("timeline:event_move", kwargs={"slug": timeline.slug, "pk": event.pk})
            statuses.append(clients[n].post(url, {"direction": direction}).status_code)
        return statuses

    results = race(EDITORS, move)

    assert all(statuses == [302] * 4 for statuses in results), results
    final = list(Event.objects.filter(timeline=timeline).order_by("position"))
    assert sorted(e.position for e in final) == list(range(5))
    assert {e.pk for e in final} == {e.pk for e in events}
    for event in final:  # every change of place is in the history
        assert event.history.first().position == event.position
    figures.add("concurrent moves tried", EDITORS * 4)
