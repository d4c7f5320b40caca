"""Limits on failed logins (and password-reset requests), counted in the database so that every
app process, and every app server, shares them; a restarted worker forgets nothing.

Three counters for a login, each over a fixed window of ``WINDOW_SECONDS``:

- per (account, client): ``MAX_FAILURES_PER_CLIENT`` attempts pause that account from that
  client. The client is the browser's device cookie when it has logged in to the account
  before, else the client address;
- per address: ``MAX_FAILURES_PER_ADDRESS`` attempts, whatever the accounts, pause that address
  (password spraying from one place);
- per account: ``MAX_FAILURES_PER_ACCOUNT`` attempts from anywhere pause the account for every
  client *except* browsers that have logged in to it before (their device cookie), so a botnet
  cannot lock the owner out with the right password.

The account is the username as Django's login form reads it (NFKC-normalised), case-folded:
"ｅditor2", "editor２" and "EDITOR2" are one account (issue 13). The client address is
``REMOTE_ADDR`` or, only when that is one of the ``TRUSTED_PROXIES``, the nearest address in
``X-Forwarded-For`` that is not a trusted proxy.

An attempt is counted *before* its password is checked, the count read back in the same
statement's transaction, so parallel requests in several processes cannot try more than the
limit; a success takes its attempt back and clears its (account, client) count.
"""

from __future__ import annotations

import datetime
import hashlib
import ipaddress
import unicodedata

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

WINDOW_SECONDS = 15 * 60
MAX_FAILURES_PER_CLIENT = 5
MAX_FAILURES_PER_ADDRESS = 20
MAX_FAILURES_PER_ACCOUNT = 50

DEVICE_COOKIE = "login_device"
DEVICE_COOKIE_MAX_AGE = 365 * 24 * 3600
DEVICE_SALT = "timeline.login-throttle.device"


def account_name(username: str) -> str:
    """The account a typed username names: NFKC (as Django's login form reads it), case-folded."""
    folded = unicodedata.normalize("NFKC", username or "").strip().casefold()
    return unicodedata.normalize("NFKC", folded)


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _trusted_networks() -> list:
    networks = []
    for item in getattr(settings, "TRUSTED_PROXIES", []):
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            continue
    return networks


def _is_trusted(address: str, networks) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(request) -> str:
    """The client's address: the peer, or behind trusted proxies the first untrusted hop."""
    peer = request.META.get("REMOTE_ADDR", "")
    networks = _trusted_networks()
    if not networks or not _is_trusted(peer, networks):
        return peer
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed([hop for hop in hops if hop]):
        if _is_trusted(hop, networks):
            continue
        try:
            return str(ipaddress.ip_address(hop))
        except ValueError:
            return peer  # a garbled header: count the proxy, never a name the client chose
    return peer


def device_token(username: str) -> str:
    """The device cookie's value for an account, set after a successful login."""
    return signing.dumps(_digest("device", account_name(username)), salt=DEVICE_SALT)


def _is_known_device(request, account: str) -> bool:
    value = request.COOKIES.get(DEVICE_COOKIE, "")
    if not value:
        return False
    try:
        found = signing.loads(value, salt=DEVICE_SALT, max_age=DEVICE_COOKIE_MAX_AGE)
    except signing.BadSignature:
        return False
    return found == _digest("device", account)


class Attempt:
    """One login attempt's counters; `claim()` before checking the password."""

    def __init__(self, request, username: str):
        account = account_name(username)
        address = client_address(request)
        self.known_device = _is_known_device(request, account)
        client = "device" if self.known_device else f"address:{address}"
        self.client_key = _digest("client", account, client)
        self.limits = [
            (self.client_key, MAX_FAILURES_PER_CLIENT),
            (_digest("address", address), MAX_FAILURES_PER_ADDRESS),
        ]
        if not self.known_device:
            self.limits.append((_digest("account", account), MAX_FAILURES_PER_ACCOUNT))
        self.claimed = False

    def claim(self) -> bool:
        """Count this attempt; False (and nothing counted) when a limit is already reached."""
        if any(count(key) >= limit for key, limit in self.limits):
            return False
        over = False
        for key, limit in self.limits:
            over = increment(key) > limit or over
        self.claimed = True
        return not over

    def succeeded(self) -> None:
        """The right password: the attempt was no failure; this client starts afresh."""
        from timeline.models import LoginFailureCount

        LoginFailureCount.objects.filter(key=self.client_key).delete()
        forget_expired()
        if self.claimed:
            for key, _ in self.limits[1:]:
                LoginFailureCount.objects.filter(key=key, count__gt=0).update(count=F("count") - 1)


def count(key: str) -> int:
    from timeline.models import LoginFailureCount

    row = LoginFailureCount.objects.filter(key=key, expires_at__gt=timezone.now()).first()
    return row.count if row else 0


def increment(key: str, window: int = WINDOW_SECONDS) -> int:
    """Add one to a counter (starting a new window when the last one ended); the new count."""
    from timeline.models import LoginFailureCount

    now = timezone.now()
    expires = now + datetime.timedelta(seconds=window)
    counters = LoginFailureCount.objects.filter(key=key)
    for _ in range(3):
        with transaction.atomic():
            counters.filter(expires_at__lte=now).update(count=0, expires_at=expires)
            if counters.update(count=F("count") + 1):
                return counters.values_list("count", flat=True).get()
            try:
                with transaction.atomic():
                    LoginFailureCount.objects.create(key=key, count=1, expires_at=expires)
                return 1
            except IntegrityError:  # a parallel request created it: count on it
                continue
    return count(key)


def limited(scope: str, value: str, *, limit: int, window: int) -> bool:
    """Count one use of ``scope`` by ``value`` (e.g. a password reset for an address); True
    when this use is over ``limit`` in ``window`` seconds."""
    return increment(_digest(scope, value), window) > limit


def forget_expired() -> int:
    """Delete counters whose window has ended; the number deleted."""
    from timeline.models import LoginFailureCount

    deleted, _ = LoginFailureCount.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted
