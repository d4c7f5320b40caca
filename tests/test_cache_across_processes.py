"""Two gunicorn servers on one database: an edit made in a third process is seen through both on
the very next request, with their caches in one Redis or each in its own local memory."""

from __future__ import annotations

import os
import secrets

import pytest
import redis

from tests.support import servers
from tests.support.databases import shared_database_url

# Transactional: the servers are other processes. The seeded event types are put back by
# tests/conftest.py's seeded_event_types.
pytestmark = pytest.mark.django_db(transaction=True)

DEMO_PATH = "/timelines/india-pakistan-ceasefire-2025/"
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/5")
OLD_QUOTE = "Pakistan, on the other hand, has welcomed"
NEW_QUOTE = "Islamabad said it welcomed the offer"

EDIT = f"""
from timeline.models import Citation
citation = Citation.objects.get(quote__startswith={OLD_QUOTE!r})
citation.quote = {NEW_QUOTE!r}
citation.save()
"""


def redis_or_skip() -> redis.Redis:
    client = redis.Redis.from_url(TEST_REDIS_URL, socket_timeout=2)
    try:
        client.ping()
    except redis.RedisError as error:
        if os.environ.get("REQUIRE_REDIS") == "1":
            raise
        pytest.skip(f"no Redis at {TEST_REDIS_URL} ({error}); CI sets REQUIRE_REDIS=1")
    return client


@pytest.mark.parametrize("cache", ["redis", "local memory"])
def test_edit_is_seen_through_every_server_on_the_next_request(tmp_path, cache):
    database_url = shared_database_url(tmp_path)
    extra = {}
    if cache == "redis":
        client = redis_or_skip()
        # A prefix of our own instead of a flush: nothing else in this Redis is touched.
        prefix = f"test-{secrets.token_hex(6)}"
        extra = {"REDIS_URL": TEST_REDIS_URL, "CACHE_KEY_PREFIX": prefix}
    # One public name for both, as behind a load balancer (the host is part of the cache key).
    env = servers.development_environment(
        database_url, ALLOWED_HOSTS="timeline.test,127.0.0.1", **extra
    )
    first_port, second_port = servers.free_port(), servers.free_port()
    try:
        check_both_servers(env, first_port, second_port, client if cache == "redis" else None)
    finally:
        if cache == "redis" and (keys := client.keys(f"{prefix}:*")):
            client.delete(*keys)


def check_both_servers(env, first_port, second_port, client):
    public = {"Host": "timeline.test"}
    with (
        servers.gunicorn(env, first_port, workers=2) as first,
        servers.gunicorn(env, second_port, workers=2) as second,
    ):
        etags = set()
        for base in (first, second, first, second, first, second):  # every worker, cached
            status, headers, body = servers.get(base + DEMO_PATH, headers=public)
            assert status == 200 and OLD_QUOTE in body
            etags.add(headers["ETag"])
        assert len(etags) == 1, "both servers describe the same content the same way"
        old_etag = etags.pop()
        if client is not None:
            assert client.keys(f"{env['CACHE_KEY_PREFIX']}:*"), "the servers share one cache"

        servers.manage(env, "shell", "-c", EDIT)

        for base in (second, first):
            status, headers, body = servers.get(
                base + DEMO_PATH, headers={**public, "If-None-Match": old_etag}
            )
            assert status == 200, "the old ETag no longer matches"
            assert NEW_QUOTE in body and OLD_QUOTE not in body
