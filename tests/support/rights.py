"""The roles every write is tried as, and what each of them must get: one definition for the
rights matrices (tests/test_write_urls.py for the timeline's writes, tests/test_ingest_rights.py
for the writes about sources and suggested events, which need their own world)."""

from __future__ import annotations

from django.test import Client

LOGIN = "/accounts/login/"
ROLES = ["anonymous", "reader", "editor of another timeline", "editor of this timeline", "admin"]
# Who may write on a timeline; creating a timeline needs the "add timeline" permission instead,
# which only the admin has in these worlds.
ALLOWED = {"editor of this timeline", "admin"}
CREATORS = {"admin"}


def client_as(user) -> Client:
    """A client logged in as `user` (None: anonymous)."""
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def assert_write_answered_as_the_role_may(
    response, role, *, allowed, before, after, hidden=False
) -> None:
    """Anonymous: sent to log in. Refused: 403, or 404 when the write acts on a draft the role
    may not see (`hidden`: its existence is not told). Allowed: a redirect away from the login
    page. Only an allowed write changes anything (`before` and `after` are the database's)."""
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN)
    elif not allowed:
        assert response.status_code == (404 if hidden else 403)
    else:
        assert response.status_code == 302, response.content[:2000]
        assert not response["Location"].startswith(LOGIN)
    if allowed:
        assert after != before, "an allowed write changed nothing"
    else:
        assert after == before, "a refused write changed something"
