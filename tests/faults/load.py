"""A bounded load generator: threads of readers (and editors) over keep-alive HTTP/1.1.

Loopback only, bounded in time and in request count, stops by itself. Every request becomes a
Sample (who, what, when, how long, which status, whether the body looked like a traceback), and
the summary turns them into the figures the report needs: counts by status, server errors,
percentiles, the outage as /healthz saw it, and how long recovery took.
"""

from __future__ import annotations

import http.client
import random
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode

TRACEBACK_MARKERS = (b"Traceback (most recent call last)", b"Server Error (500)", b"<h1>500")


@dataclass(frozen=True)
class Sample:
    role: str
    method: str
    path: str
    started: float  # seconds since the run began
    latency: float
    status: int  # 0 when no HTTP response came back
    retry_after: str | None
    traceback: bool

    @property
    def finished(self) -> float:
        return self.started + self.latency


class Client:
    """One simulated user: a keep-alive connection, reopened after a failure."""

    def __init__(self, run: LoadRun, role: str):
        self.run = run
        self.role = role
        self.connection: http.client.HTTPConnection | None = None
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, body: bytes | None = None, headers: dict | None = None
    ) -> tuple[int, bytes, http.client.HTTPResponse | None]:
        started = time.monotonic()
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        status, content, response = 0, b"", None
        try:
            if self.connection is None:
                self.connection = http.client.HTTPConnection(
                    self.run.host, self.run.port, timeout=self.run.request_timeout
                )
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            content = response.read()
            status = response.status
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            if response.will_close:
                self.close()
        except (OSError, http.client.HTTPException):
            self.close()
        self.run.record(
            Sample(
                role=self.role,
                method=method,
                path=path,
                started=started - self.run.began,
                latency=time.monotonic() - started,
                status=status,
                retry_after=response.headers.get("Retry-After") if response else None,
                traceback=any(marker in content for marker in TRACEBACK_MARKERS),
            )
        )
        return status, content, response

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


Behaviour = Callable[[Client, Callable[[], bool]], None]


def reader(paths: list[str], seed: int = 0) -> Behaviour:
    """A reader: GET a random page from ``paths``, again and again."""

    def behave(client: Client, keep_going: Callable[[], bool]) -> None:
        chooser = random.Random(seed)
        while keep_going():
            client.request("GET", chooser.choice(paths))

    return behave


class _FormFields(HTMLParser):
    """The fields a browser would submit from the first form posting to ``action``."""

    def __init__(self, action: str):
        super().__init__(convert_charrefs=True)
        self.action = action
        self.inside = False
        self.done = False
        self.fields: list[tuple[str, str]] = []
        self._textarea: str | None = None
        self._select: str | None = None
        self._select_value: str | None = None
        self._first_option: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and not self.done and a.get("action") == self.action:
            self.inside = True
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name and a.get("type", "text") not in {"submit", "button", "file"}:
            if a.get("type") in {"checkbox", "radio"} and "checked" not in a:
                return
            self.fields.append((name, a.get("value", "on" if a.get("type") == "checkbox" else "")))
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields.append((name, ""))
        elif tag == "select" and name:
            self._select, self._select_value, self._first_option = name, None, None
        elif tag == "option" and self._select is not None:
            if self._first_option is None:
                self._first_option = a.get("value", "")
            if "selected" in a:
                self._select_value = a.get("value", "")

    def handle_data(self, data):
        if self._textarea is not None:
            name, value = self.fields[-1]
            self.fields[-1] = (name, value + data)

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select is not None:
            value = self._select_value if self._select_value is not None else self._first_option
            self.fields.append((self._select, value or ""))
            self._select = None
        elif tag == "form" and self.inside:
            self.inside, self.done = False, True


def form_fields(page: bytes, action: str) -> list[tuple[str, str]]:
    parser = _FormFields(action)
    parser.feed(page.decode("utf-8", errors="replace"))
    parser.close()
    return parser.fields


@dataclass
class EditLedger:
    """What the editors did: every accepted wording, to be found in the history afterwards."""

    accepted: list[str] = field(default_factory=list)
    conflicts: int = 0
    refused: int = 0  # 503 during an outage: not saved, the editor can try again
    lock: threading.Lock = field(default_factory=threading.Lock)

    def note(self, outcome: str, title: str = "") -> None:
        with self.lock:
            if outcome == "accepted":
                self.accepted.append(title)
            elif outcome == "conflict":
                self.conflicts += 1
            else:
                self.refused += 1


def editor(
    username: str, password: str, edit_paths: list[str], ledger: EditLedger, seed: int = 0
) -> Behaviour:
    """An editor: logs in, then opens an event's form and saves a new wording, again and
    again. A 409 (someone saved first) or a 503 (database away) is noted, and the next round
    starts from a freshly loaded form, as a person would after reading the message."""

    def log_in(client: Client) -> bool:
        status, page, _ = client.request("GET", "/accounts/login/")
        fields = dict(form_fields(page, "/accounts/login/"))
        if status != 200 or "csrfmiddlewaretoken" not in fields:
            return False
        fields.update(username=username, password=password)
        status, _, _ = client.request(
            "POST", "/accounts/login/", urlencode(fields).encode(), FORM_HEADERS
        )
        return status == 302

    def behave(client: Client, keep_going: Callable[[], bool]) -> None:
        chooser = random.Random(seed)
        logged_in = False
        round_number = 0
        while keep_going():
            if not logged_in:
                logged_in = log_in(client)
                if not logged_in:
                    time.sleep(0.2)
                continue
            path = chooser.choice(edit_paths)
            status, page, _ = client.request("GET", path)
            fields = form_fields(page, path) if status == 200 else []
            if not fields:
                time.sleep(0.1)
                continue
            round_number += 1
            title = f"Edited by {username}, round {round_number}"
            fields = [(k, title if k == "title" else v) for k, v in fields]
            time.sleep(chooser.uniform(0, 0.2))  # reading and typing
            status, _, _ = client.request("POST", path, urlencode(fields).encode(), FORM_HEADERS)
            if status == 302:
                ledger.note("accepted", title)
            elif status == 409:
                ledger.note("conflict")
            else:
                ledger.note("refused")

    return behave


FORM_HEADERS = {"Content-Type": "application/x-www-form-urlencoded"}


def health_probe(interval: float) -> Behaviour:
    def behave(client: Client, keep_going: Callable[[], bool]) -> None:
        while keep_going():
            client.request("GET", "/healthz")
            time.sleep(interval)

    return behave


@dataclass
class LoadRun:
    host: str
    port: int
    duration: float
    max_requests: int
    request_timeout: float = 15.0
    samples: list[Sample] = field(default_factory=list)
    events: dict[str, float] = field(default_factory=dict)

    def __post_init__(self):
        if self.host not in {"127.0.0.1", "localhost", "::1"}:
            raise ValueError("the load generator only talks to loopback")
        self.began = time.monotonic()
        self._lock = threading.Lock()

    def record(self, sample: Sample) -> None:
        with self._lock:
            self.samples.append(sample)

    def mark(self, name: str) -> None:
        """Note when something happened (e.g. 'database stopped'), in run seconds."""
        self.events[name] = time.monotonic() - self.began

    def keep_going(self) -> bool:
        return (
            time.monotonic() - self.began < self.duration and len(self.samples) < self.max_requests
        )

    def run(
        self,
        behaviours: list[tuple[str, Behaviour]],
        during: Callable[[LoadRun], None] | None = None,
    ):
        self.began = time.monotonic()
        clients = [Client(self, role) for role, _ in behaviours]
        threads = [
            threading.Thread(target=behave, args=(client, self.keep_going), daemon=True)
            for client, (_, behave) in zip(clients, behaviours, strict=True)
        ]
        for thread in threads:
            thread.start()
        if during is not None:
            during(self)
        for thread in threads:
            thread.join(timeout=self.duration + self.request_timeout + 5)
        for client in clients:
            client.close()
        return self

    # -- figures ------------------------------------------------------------------------

    def of(self, role: str) -> list[Sample]:
        return [s for s in self.samples if s.role == role]

    def server_errors(self) -> list[Sample]:
        """Failures that are not a clean 'try again': 5xx other than 503, tracebacks, no reply."""
        return [
            s
            for s in self.samples
            if s.status == 0
            or s.traceback
            or (s.status >= 500 and s.status != 503)
            or (s.status == 503 and s.retry_after is None)
        ]

    def recovery_seconds(self, after_event: str = "database started") -> float | None:
        """From the database being back to the first healthy /healthz answer."""
        back = self.events.get(after_event)
        if back is None:
            return None
        healthy = [s.finished for s in self.of("health") if s.status == 200 and s.started >= back]
        return min(healthy) - back if healthy else None

    def full_recovery_seconds(self, role: str, after_event: str = "database started") -> float:
        """From the database being back to the end of the last failed ``role`` request."""
        back = self.events[after_event]
        failed = [s.finished for s in self.of(role) if s.status != 200 and s.finished >= back]
        return max(failed) - back if failed else 0.0

    def health_during(self, start_event: str, end_event: str) -> Counter:
        start, end = self.events[start_event], self.events[end_event]
        return Counter(s.status for s in self.of("health") if start <= s.started <= end)


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[index]


def summary_rows(run: LoadRun, roles: list[str]) -> list[dict]:
    rows = []
    for role in roles:
        samples = run.of(role)
        latencies = [s.latency * 1000 for s in samples if s.status == 200]
        statuses = Counter(s.status for s in samples)
        rows.append(
            {
                "role": role,
                "requests": len(samples),
                "ok": statuses.get(200, 0) + statuses.get(302, 0),
                "503": statuses.get(503, 0),
                "server errors": sum(1 for s in run.server_errors() if s.role == role),
                "p50 ms": percentile(latencies, 0.50),
                "p95 ms": percentile(latencies, 0.95),
                "p99 ms": percentile(latencies, 0.99),
                "statuses": dict(sorted(statuses.items())),
            }
        )
    return rows
