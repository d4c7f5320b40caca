"""Failed-login counting per account and per client address, kept in the shared cache.

Credential stuffing tries many passwords for one account, or many accounts from one address;
both are refused for a while once they pass a small number of failures. Counting lives in the
cache (Redis when REDIS_URL is set) so every app process sees the same counts.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache

WINDOW_SECONDS = 15 * 60
MAX_FAILURES_PER_ACCOUNT = 5
MAX_FAILURES_PER_ADDRESS = 20


def _keys(username: str, address: str) -> tuple[str, str]:
    account = hashlib.sha256(username.strip().casefold().encode()).hexdigest()[:32]
    return f"login-failures:account:{account}", f"login-failures:address:{address}"


def is_locked(username: str, address: str) -> bool:
    account_key, address_key = _keys(username, address)
    counts = cache.get_many([account_key, address_key])
    return (
        counts.get(account_key, 0) >= MAX_FAILURES_PER_ACCOUNT
        or counts.get(address_key, 0) >= MAX_FAILURES_PER_ADDRESS
    )


def record_failure(username: str, address: str) -> None:
    for key in _keys(username, address):
        if not cache.add(key, 1, WINDOW_SECONDS):
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.add(key, 1, WINDOW_SECONDS)


def clear_account(username: str, address: str) -> None:
    account_key, _ = _keys(username, address)
    cache.delete(account_key)
