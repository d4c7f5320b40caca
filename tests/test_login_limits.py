"""Login limits that hold across spellings, processes and proxies (issue 13, findings 2 and 3),
and the password reset's mail and limits."""

from __future__ import annotations

import threading

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test import Client

from tests.factories import UserFactory
from timeline import login_throttle

PASSWORD = "correct-horse-battery"


def attempt(client, username, password, address="203.0.113.7", **extra):
    return client.post(
        "/accounts/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **extra,
    )


def fail_until_paused(client, username="editor2", address="203.0.113.7"):
    for _ in range(login_throttle.MAX_FAILURES_PER_CLIENT):
        assert attempt(client, username, "wrong", address).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "spelling", ["ｅditor2", "editor２", "EDITOR2", " Editor2 ", "ｅｄｉｔｏｒ２"]
)
def test_another_spelling_of_a_paused_account_is_paused_too(client, spelling):
    UserFactory(username="editor2")
    fail_until_paused(client)
    response = attempt(client, spelling, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_other_spellings_get_no_fresh_tries():
    UserFactory(username="editor2")
    tries = 0
    for spelling in ["editor2", "ｅditor2", "editor２", "EDITOR2"]:
        for _ in range(login_throttle.MAX_FAILURES_PER_CLIENT):
            if attempt(Client(), spelling, "wrong").status_code == 200:
                tries += 1
    assert tries == login_throttle.MAX_FAILURES_PER_CLIENT


@pytest.mark.django_db
def test_failure_counts_survive_a_cleared_cache(client):
    """A restarted worker, or another process with its own memory, forgets nothing."""
    UserFactory(username="editor2")
    fail_until_paused(client)
    cache.clear()
    assert attempt(client, "editor2", PASSWORD).status_code == 429


@pytest.mark.django_db(transaction=True)
def test_parallel_attempts_cannot_pass_the_limit():
    """Twelve wrong passwords at once, each on its own database connection (as from several
    app processes): no more than the limit are checked."""
    UserFactory(username="editor2")
    statuses = []
    lock = threading.Lock()

    def one():
        response = attempt(Client(), "editor2", "wrong")
        with lock:
            statuses.append(response.status_code)
        connection.close()

    threads = [threading.Thread(target=one) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(statuses) == 12
    assert statuses.count(200) <= login_throttle.MAX_FAILURES_PER_CLIENT
    assert statuses.count(429) >= 12 - login_throttle.MAX_FAILURES_PER_CLIENT


@pytest.mark.django_db
def test_a_correct_password_from_another_address_still_logs_in(client):
    UserFactory(username="editor2")
    fail_until_paused(client, address="203.0.113.7")
    assert attempt(Client(), "editor2", PASSWORD, address="198.51.100.2").status_code == 302


@pytest.mark.django_db
def test_many_addresses_pause_the_account_but_not_a_browser_that_logged_in_before(client):
    UserFactory(username="editor2")
    assert attempt(client, "editor2", PASSWORD).status_code == 302
    assert login_throttle.DEVICE_COOKIE in client.cookies
    client.post("/accounts/logout/")
    # A botnet: a few failures from each of many addresses.
    for n in range(login_throttle.MAX_FAILURES_PER_ACCOUNT):
        attempt(Client(), "editor2", "wrong", address=f"192.0.2.{n % 250 + 1}")
    stranger = attempt(Client(), "editor2", PASSWORD, address="198.51.100.9")
    assert stranger.status_code == 429
    owner = attempt(client, "editor2", PASSWORD, address="198.51.100.10")
    assert owner.status_code == 302


@pytest.mark.django_db
def test_behind_a_trusted_proxy_the_forwarded_address_is_the_client(client, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    UserFactory(username="editor2")
    forwarded = {"HTTP_X_FORWARDED_FOR": "203.0.113.50, 10.0.0.2"}
    fail_until_paused_via_proxy = [
        attempt(Client(), "editor2", "wrong", address="10.0.0.1", **forwarded)
        for _ in range(login_throttle.MAX_FAILURES_PER_CLIENT)
    ]
    assert all(r.status_code == 200 for r in fail_until_paused_via_proxy)
    paused = attempt(Client(), "editor2", PASSWORD, address="10.0.0.1", **forwarded)
    assert paused.status_code == 429
    other_client = {"HTTP_X_FORWARDED_FOR": "198.51.100.3"}
    assert attempt(client, "editor2", PASSWORD, address="10.0.0.1", **other_client).status_code == (
        302
    )


@pytest.mark.django_db
def test_without_trusted_proxies_a_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    UserFactory(username="editor2")
    for n in range(login_throttle.MAX_FAILURES_PER_CLIENT):
        forged = {"HTTP_X_FORWARDED_FOR": f"198.51.100.{n + 1}"}
        attempt(Client(), "editor2", "wrong", **forged)
    forged = {"HTTP_X_FORWARDED_FOR": "198.51.100.99"}
    assert attempt(Client(), "editor2", PASSWORD, **forged).status_code == 429


# --- Password reset ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_password_reset_sends_the_mail(client):
    UserFactory(username="amina", email="amina@example.org")
    response = client.post("/accounts/password_reset/", {"email": "amina@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "amina" in mail.outbox[0].body


@pytest.mark.django_db
def test_password_reset_requests_are_limited(client):
    UserFactory(username="amina", email="amina@example.org")
    statuses = [
        client.post("/accounts/password_reset/", {"email": "amina@example.org"}).status_code
        for _ in range(6)
    ]
    assert statuses.count(302) == 3
    assert statuses[-1] == 429
    assert len(mail.outbox) == 3


def test_development_mail_goes_to_the_console():
    import subprocess
    import sys

    output = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django,os;os.environ.setdefault('DJANGO_SETTINGS_MODULE',"
            "'config.settings');django.setup();from django.conf import settings;"
            "print(settings.EMAIL_BACKEND)",
        ],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin", "DJANGO_ENV": "development"},
    ).stdout
    assert output.strip() == "django.core.mail.backends.console.EmailBackend"
