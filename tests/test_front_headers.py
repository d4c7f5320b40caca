"""The default security headers left to the front server (timeline/front_headers.py).

With SECURITY_HEADERS_FROM_FRONT=1 (make serve's app) a page that carries exactly the defaults
leaves them to nginx; a page that asks for others keeps all of its own. Through nginx itself:
tests/test_make_serve.py.
"""

from __future__ import annotations

import pytest
from django.test import Client

from deploy import serve
from tests.factories import EventFactory, TimelineFactory
from timeline.front_headers import default_security_headers

pytestmark = pytest.mark.django_db

NAMES = (
    "Content-Security-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
)


@pytest.fixture
def timeline():
    timeline = TimelineFactory()
    EventFactory(timeline=timeline, title="Ceasefire announced")
    return timeline


def test_the_defaults_are_the_headers_a_plain_page_carries(timeline):
    page = Client().get(timeline.get_absolute_url())
    assert sorted(default_security_headers()) == sorted(NAMES)
    assert default_security_headers() == {name: page[name] for name in NAMES}


def test_behind_the_front_a_page_with_the_defaults_leaves_them_to_it(settings, timeline):
    settings.SECURITY_HEADERS_FROM_FRONT = True
    page = Client().get(timeline.get_absolute_url())
    assert page.status_code == 200 and "Ceasefire announced" in page.text
    assert [name for name in NAMES if name in page] == []


def test_behind_the_front_the_embed_page_keeps_its_own_policy_and_no_frame_refusal(
    settings, timeline
):
    settings.SECURITY_HEADERS_FROM_FRONT = True
    embed = Client().get(f"{timeline.get_absolute_url()}embed/")
    assert "frame-ancestors *" in embed["Content-Security-Policy"]
    assert "X-Frame-Options" not in embed
    assert embed["X-Content-Type-Options"] == "nosniff"


def test_without_a_front_every_page_carries_them_itself(timeline):
    page = Client().get(timeline.get_absolute_url())
    assert all(page[name] for name in NAMES)


def test_nginx_gets_each_header_once_for_responses_without_their_own_policy():
    maps, adds = serve.security_header_lines(default_security_headers())
    assert maps.count("map $upstream_http_content_security_policy") == 1
    for name, value in default_security_headers().items():
        assert f'0 "{value}";' in maps
        assert adds.count(f"add_header {name} ") == 1


@pytest.mark.parametrize("value", ['a "quoted" source', "https://$host", "two\nlines"])
def test_a_header_nginx_could_not_hold_is_refused_at_start(value):
    with pytest.raises(ValueError, match="cannot be written to nginx"):
        serve.security_header_lines({"Content-Security-Policy": value})
