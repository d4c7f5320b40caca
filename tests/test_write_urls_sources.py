"""CSRF on the writes about sources and suggested events, sent the way htmx sends them.

tests/test_ingest_rights.py checks who may make these writes and that a plain form post without
the token is refused; here the same writes come as htmx requests (HX-Request, no X-CSRFToken
header): refused, nothing changed. With the token the same request gets through, so the refusal
is the token's doing. tests/test_write_urls.py makes sure no such URL is left out.
"""

from __future__ import annotations

import pytest
from django.test import Client

from tests import test_ingest_rights
from tests.editing import snapshot
from tests.test_ingest_rights import WRITES, _prepare, _save_data
from tests.test_write_urls import SOURCE_WRITES
from timeline.models import SuggestionDecision

pytestmark = pytest.mark.django_db

# The ingest tests' world: a timeline, a source with its suggested events, one user of each kind.
world = test_ingest_rights.world


def requests():
    made = {name: (lambda w, key=key: WRITES[key](w)) for name, key in SOURCE_WRITES.items() if key}
    made["timeline:source_new"] = lambda w: ("/sources/new/", _save_data(w))
    made["edit then accept (event_new from a suggestion)"] = WRITES["edit_then_accept"]
    return made


def state():
    return snapshot() | {"decisions": list(SuggestionDecision.objects.values())}


@pytest.mark.parametrize("name", sorted(requests()))
def test_htmx_write_without_the_csrf_token_is_refused(world, name, figures):
    _prepare(world, SOURCE_WRITES.get(name) or "")
    client = Client(enforce_csrf_checks=True, headers={"HX-Request": "true"})
    client.force_login(world.users["admin"])
    url, data = requests()[name](world)
    before = state()

    response = client.post(url, data)

    assert response.status_code == 403
    assert state() == before
    figures.add("CSRF: POSTs without the token refused", 1)


@pytest.mark.parametrize("name", sorted(requests()))
def test_the_same_htmx_write_with_the_token_gets_through(world, name):
    _prepare(world, SOURCE_WRITES.get(name) or "")
    client = Client(enforce_csrf_checks=True, headers={"HX-Request": "true"})
    client.force_login(world.users["admin"])
    client.get("/accounts/login/")  # sets the CSRF cookie
    client.defaults["HTTP_X_CSRFTOKEN"] = client.cookies["csrftoken"].value
    url, data = requests()[name](world)
    before = state()

    response = client.post(url, data)

    assert response.status_code in {200, 302}, response.content[:500]
    assert state() != before
