"""The safe fetcher refuses every local, private and tricky address before sending a packet.

A real listener sits on the refused addresses (all local IPv4 and IPv6 addresses of a port,
dual stack) and counts connections: after every refused fetch it has received nothing. Its
port is made a fetchable port for these tests, so the address rules alone refuse.
Private ranges that are not this machine's (10/8, 192.168/16, ...) are never sent anything,
not even by a test: their refusal is checked on the address rules, which need no network.
"""

from __future__ import annotations

import ipaddress
import time

import pytest

from tests.evidence.pages import Listener, Route
from timeline.evidence.addresses import address_refusal, check_url
from timeline.evidence.fetcher import FetchRefused, fetch

REFUSED_FORMS = [
    ("loopback", "http://127.0.0.202:{port}/"),
    ("loopback, usual", "http://127.0.0.1:{port}/"),
    ("decimal number", "http://2130706634:{port}/"),
    ("short dotted", "http://127.202:{port}/"),
    ("hex", "http://0x7f.202:{port}/"),
    ("octal", "http://0177.0.0.202:{port}/"),
    ("hex whole", "http://0x7f0000ca:{port}/"),
    ("unspecified", "http://0.0.0.0:{port}/"),
    ("IPv6 loopback", "http://[::1]:{port}/"),
    ("IPv6 unspecified", "http://[::]:{port}/"),
    ("IPv4-mapped IPv6", "http://[::ffff:127.0.0.202]:{port}/"),
    ("IPv4-mapped IPv6, hex", "http://[::ffff:7f00:ca]:{port}/"),
    ("name resolving to loopback", "http://localhost:{port}/"),
    ("trailing dot", "http://127.0.0.202.:{port}/"),
]


@pytest.fixture
def listener(settings):
    with Listener() as listening:
        settings.FETCH_PORTS = (80, 443, listening.port)
        settings.FETCH_ALLOW_HOSTS = []
        yield listening


def assert_nothing_received(listening):
    time.sleep(0.3)  # a connection in flight would have been accepted by now
    assert listening.connections == 0
    assert listening.received == b""


def test_listener_counts_what_it_receives(listener):
    """The oracle: a connection that does reach the listener is counted."""
    import socket

    with socket.create_connection(("127.0.0.202", listener.port)) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\n\r\n")
    time.sleep(0.3)
    assert listener.connections == 1
    assert listener.received.startswith(b"GET /")


@pytest.mark.parametrize(("form", "template"), REFUSED_FORMS, ids=[f for f, _ in REFUSED_FORMS])
def test_refused_address_receives_nothing(listener, form, template):
    with pytest.raises(FetchRefused, match="refused"):
        fetch(template.format(port=listener.port))
    assert_nothing_received(listener)


def test_redirect_from_allowed_host_to_refused_one_sends_nothing(listener, settings):
    from tests.evidence.pages import PageServer

    with PageServer() as server:
        settings.FETCH_ALLOW_HOSTS = [server.authority]
        server.routes["/moved"] = Route(
            302, headers={"Location": f"http://127.0.0.202:{listener.port}/inside"}
        )
        with pytest.raises(FetchRefused, match="redirects to .*loopback"):
            fetch(server.url("/moved"))
        assert [path for path, _ in server.requests] == ["/moved"]
    assert_nothing_received(listener)


def test_redirect_to_a_name_resolving_to_loopback_sends_nothing(listener, settings):
    from tests.evidence.pages import PageServer

    with PageServer() as server:
        settings.FETCH_ALLOW_HOSTS = [server.authority]
        server.routes["/moved"] = Route(
            301, headers={"Location": f"http://localhost:{listener.port}/"}
        )
        with pytest.raises(FetchRefused):
            fetch(server.url("/moved"))
    assert_nothing_received(listener)


def test_other_ports_are_refused_unless_allowed(settings):
    with Listener() as listening:
        settings.FETCH_ALLOW_HOSTS = ["127.0.0.1:1"]
        with pytest.raises(FetchRefused, match="Only ports 80 and 443"):
            check_url(f"http://example.org:{listening.port}/")
        with pytest.raises(FetchRefused):
            fetch(f"http://127.0.0.1:{listening.port}/")
        assert_nothing_received(listening)


def test_allowing_one_port_of_a_host_allows_no_other(settings):
    with Listener() as listening:
        settings.FETCH_ALLOW_HOSTS = [f"127.0.0.1:{listening.port + 1}"]
        settings.FETCH_PORTS = (80, 443, listening.port)
        with pytest.raises(FetchRefused, match="loopback"):
            fetch(f"http://127.0.0.1:{listening.port}/")
        assert_nothing_received(listening)


@pytest.mark.parametrize(
    "url",
    ["ftp://127.0.0.1/", "file:///etc/passwd", "gopher://127.0.0.1:70/", "javascript:alert(1)"],
)
def test_only_http_and_https_are_fetched(url):
    with pytest.raises(FetchRefused, match="Only http:// and https://"):
        fetch(url)


def test_credentials_in_the_address_are_refused():
    with pytest.raises(FetchRefused, match="user name or password"):
        fetch("http://user:secret@example.org/")


NOT_PUBLIC = {
    "10.0.0.1": "private",
    "172.16.5.4": "private",
    "192.168.1.1": "private",
    "169.254.169.254": "link-local",
    "100.64.0.1": "carrier-grade NAT",
    "224.0.0.1": "multicast",
    "239.255.255.250": "multicast",
    "240.0.0.1": "reserved",
    "255.255.255.255": "reserved",
    "0.0.0.0": "unspecified",  # noqa: S104
    "127.0.0.1": "loopback",
    "192.0.2.10": "private",
    "198.18.0.1": "private",
    "::1": "loopback",
    "::": "unspecified",
    "fe80::1": "link-local",
    "fc00::1": "private",
    "fd12:3456::1": "private",
    "ff02::1": "multicast",
    "::ffff:10.0.0.1": "10.0.0.1, a private",
    "::ffff:169.254.169.254": "link-local",
    "2002:7f00:1::1": "127.0.0.1, a loopback",
    "2002:a00:1::1": "10.0.0.1, a private",
    "64:ff9b::a9fe:a9fe": "169.254.169.254, a link-local",
    "2001:db8::1": "private",
    "::127.0.0.1": "reserved",
}


@pytest.mark.parametrize(("address", "reason"), NOT_PUBLIC.items())
def test_addresses_that_are_not_public_are_refused(address, reason):
    assert reason in address_refusal(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["93.184.216.34", "1.1.1.1", "2606:4700:4700::1111"])
def test_public_addresses_pass(address):
    assert address_refusal(ipaddress.ip_address(address)) == ""


@pytest.mark.parametrize("url", ["http://10.0.0.1/", "https://[fd00::1]/", "http://192.168.0.1/"])
def test_private_literals_are_refused_before_any_connection(url):
    """check_url does no network for an IP literal, and refuses it."""
    with pytest.raises(FetchRefused, match="refused"):
        check_url(url)


def test_an_allowed_host_connects_to_the_checked_address(page_server):
    page_server.routes["/"] = Route(body=b"<p>hello</p>")
    result = fetch(page_server.url("/"))
    assert result.exchanges[0].address == "127.0.0.1"
    assert page_server.requests[0][1]["Host"] == page_server.authority
