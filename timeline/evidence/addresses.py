"""Which hosts the fetcher may connect to: the address rules of the one safe fetcher.

A URL's host is resolved once; every address it resolves to must be public, and the fetcher
connects to the checked address itself (so a second, different DNS answer can never be used:
no DNS rebinding). Refused: loopback, private, link-local, carrier-grade NAT, multicast,
reserved and unspecified addresses, in IPv4 and IPv6, the IPv4 addresses hidden inside IPv6
ones (IPv4-mapped, 6to4, Teredo, NAT64), and hosts written as unusual numbers (``2130706433``,
``127.1``, ``0x7f.1``, ``0177.0.0.1``) which resolvers read in surprising ways.

``FETCH_ALLOW_HOSTS`` (``host:port`` entries) lets named hosts through whatever their address:
for tests and newsroom intranets. Nothing else does.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

DEFAULT_PORTS = {"http": 80, "https": 443}
CARRIER_GRADE_NAT = ipaddress.ip_network("100.64.0.0/10")
NAT64 = ipaddress.ip_network("64:ff9b::/96")
_NUMERIC_LABEL = re.compile(r"0x[0-9a-f]*|[0-9]+", re.IGNORECASE)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class FetchRefused(Exception):
    """A URL the fetcher will not request; the message says why, for the editor."""


@dataclass(frozen=True)
class Target:
    """A checked URL: where to connect (``address``) and what to call the host."""

    url: str
    scheme: str
    host: str  # as in the URL, lower case, IDNA-encoded, no brackets
    port: int
    address: str  # the resolved, checked IP address the connection goes to
    path: str  # path and query, as sent in the request line

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if DEFAULT_PORTS[self.scheme] == self.port else f"{host}:{self.port}"


def allowed_hosts() -> set[tuple[str, int]]:
    """FETCH_ALLOW_HOSTS as (host, port) pairs."""
    pairs = set()
    for entry in getattr(settings, "FETCH_ALLOW_HOSTS", ()):
        host, _, port = entry.strip().lower().rpartition(":")
        if host and port.isdigit():
            pairs.add((host.strip("[]"), int(port)))
    return pairs


def address_refusal(address: IPAddress) -> str:
    """Why this address may not be fetched from ('' when it may)."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is None and address.teredo:
            embedded = address.teredo[1]
        if embedded is None and address in NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            reason = address_refusal(embedded)
            if reason:
                return f"it hides the IPv4 address {embedded}, {reason}"
    if address.is_unspecified:
        return "an unspecified address"
    if address.is_loopback:
        return "a loopback address (this machine)"
    if address.is_link_local:
        return "a link-local address"
    if address.is_multicast:
        return "a multicast address"
    if isinstance(address, ipaddress.IPv4Address) and address in CARRIER_GRADE_NAT:
        return "a carrier-grade NAT address"
    if address.is_reserved:
        return "a reserved address"
    if address.is_private:
        return "a private address"
    if not address.is_global:
        return "not a public address"
    return ""


def _ip_literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def _numeric_trick(host: str) -> bool:
    """A host made only of numbers that is not a plain dotted quad (127.1, 0x7f.1, 2130706433)."""
    labels = host.split(".")
    if not all(_NUMERIC_LABEL.fullmatch(label) for label in labels):
        return False
    return _ip_literal(host) is None


def check_url(url: str) -> Target:
    """Check a URL and resolve its host once. Raises FetchRefused with the reason."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as error:
        raise FetchRefused(f"This address cannot be read ({error}).") from None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise FetchRefused("Only http:// and https:// addresses are fetched.")
    if parts.username is not None or parts.password is not None:
        raise FetchRefused("Addresses with a user name or password are not fetched.")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise FetchRefused("This address has no host name.")
    try:
        host = host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise FetchRefused("This host name is not valid.") from None
    if port is None:
        port = DEFAULT_PORTS[scheme]
    if _numeric_trick(host):
        raise FetchRefused(f"The host {host} is refused: a number written in an unusual way.")
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    allowed = (host, port) in allowed_hosts()
    if not allowed and port not in getattr(settings, "FETCH_PORTS", (80, 443)):
        raise FetchRefused(f"Only ports 80 and 443 are fetched (this address uses {port}).")
    literal = _ip_literal(host)
    if literal is not None:
        addresses = [literal]
    else:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except socket.gaierror as error:
            raise DNSFailure(host, error) from None
        addresses = []
        for info in infos:
            candidate = ipaddress.ip_address(info[4][0].split("%")[0])
            if candidate not in addresses:
                addresses.append(candidate)
        if not addresses:
            raise DNSFailure(host, None)
    if not allowed:
        for address in addresses:
            reason = address_refusal(address)
            if reason:
                shown = host if literal is not None else f"{host} ({address})"
                raise FetchRefused(f"The host {shown} is refused: {reason}.")
    return Target(
        url=url.strip(),
        scheme=scheme,
        host=host,
        port=port,
        address=str(addresses[0]),
        path=path,
    )


class DNSFailure(Exception):
    """The host name does not resolve (the message says so; temporary failures are retried)."""

    def __init__(self, host: str, error: socket.gaierror | None):
        self.transient = error is not None and error.errno == socket.EAI_AGAIN
        super().__init__(f"The host name {host} could not be found (DNS).")
