"""Local servers for the evidence tests: a page server with routes, and a silent listener.

The page server answers the routes a test gives it (status, headers, body; a route may be
changed while it runs, for drift). The listener accepts TCP connections and only counts them
and the bytes they send: a refused address must receive nothing. Both bind a port in this
helper's range (8200-8299) when one is free, else one the kernel picks.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT_RANGE = range(8200, 8300)


def bind_port(sock: socket.socket, host: str) -> int:
    for port in PORT_RANGE:
        try:
            sock.bind((host, port))
            return port
        except OSError:
            continue
    sock.bind((host, 0))
    return sock.getsockname()[1]


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/html"})
    delay: float = 0.0  # seconds before answering
    drip: float = 0.0  # seconds between chunks of the body


class PageServer:
    """An HTTP server on 127.0.0.1 answering as the test says: ``routes["/a"] = Route()``."""

    def __init__(self, host: str = "127.0.0.1"):
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802
                owner.requests.append((self.path, dict(self.headers.items())))
                route = owner.routes.get(self.path, Route(404, b"not found"))
                if route.delay:
                    time.sleep(route.delay)
                self.send_response(route.status)
                for key, value in route.headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(route.body)))
                self.send_header("Connection", "close")
                self.end_headers()
                if route.drip:
                    for index in range(0, len(route.body), 16):
                        self.wfile.write(route.body[index : index + 16])
                        self.wfile.flush()
                        time.sleep(route.drip)
                else:
                    self.wfile.write(route.body)

            def log_message(self, *args):
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address):
                pass  # the fetcher hangs up on purpose (caps, time limits)

            def server_bind(self):
                self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                bind_port(self.socket, host)
                self.server_address = self.socket.getsockname()[:2]

        self.server = Server((host, 0), Handler)
        self.host = host
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def authority(self) -> str:
        return f"{self.host}:{self.port}"

    def url(self, path: str = "/") -> str:
        return f"http://{self.authority}{path}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


class Listener:
    """A TCP listener that records every connection and every byte it is sent."""

    def __init__(self, family=socket.AF_INET6, host: str = "::"):
        self.sock = socket.socket(family, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if family == socket.AF_INET6:
            self.sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        self.port = bind_port(self.sock, host)
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.connections = 0
        self.received = b""
        self.running = True
        self.thread = threading.Thread(target=self._accept, daemon=True)

    def _accept(self):
        while self.running:
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            self.connections += 1
            conn.settimeout(0.5)
            with contextlib.suppress(OSError):
                self.received += conn.recv(65536)
            conn.close()

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.running = False
        self.thread.join(2)
        self.sock.close()
