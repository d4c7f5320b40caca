"""Login, logout and the throttling of failed logins."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from tests.factories import UserFactory
from timeline import login_throttle

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def attempt(client, username, password, address="203.0.113.7"):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_correct_password_logs_in_and_rotates_the_session(client):
    UserFactory(username="amina")
    client.get("/accounts/login/")
    before = client.cookies.get("sessionid")
    response = attempt(client, "amina", "correct-horse-battery")
    assert response.status_code == 302
    assert client.cookies["sessionid"].value != (before.value if before else None)


def test_wrong_password_shows_a_message(client):
    UserFactory(username="amina")
    response = attempt(client, "amina", "wrong")
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.text


def test_account_is_paused_after_repeated_failures_even_with_the_right_password(client):
    UserFactory(username="amina")
    for _ in range(login_throttle.MAX_FAILURES_PER_CLIENT):
        attempt(client, "amina", "wrong")
    response = attempt(client, "amina", "correct-horse-battery")
    assert response.status_code == 429
    assert "Too many failed login attempts" in response.text
    assert "_auth_user_id" not in client.session


def test_failures_from_one_address_across_accounts_are_throttled(client):
    UserFactory(username="amina")
    for n in range(login_throttle.MAX_FAILURES_PER_ADDRESS):
        attempt(client, f"someone{n}", "wrong")
    assert attempt(client, "amina", "correct-horse-battery").status_code == 429
    other_address = attempt(client, "amina", "correct-horse-battery", address="198.51.100.2")
    assert other_address.status_code == 302


def test_logout_is_post_only(client):
    client.force_login(UserFactory())
    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_admin_login_goes_through_the_throttled_login(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
