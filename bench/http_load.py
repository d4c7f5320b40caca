"""HTTP throughput and p99 on loopback, against gunicorn with production settings.

Every page figure is paired with a static file of the same bytes served by the same gunicorn
(whitenoise) in the same run, and reported as a ratio to it: the ratio says how close the
dynamic page comes to the cheapest response the stack can give, and travels better between
machines than requests per second do.

Load is bounded: a fixed number of connections (default 8) for a fixed time, with wrk when
installed, else a small threaded Python client (slower: it measures less precisely).
"""

from __future__ import annotations

import http.client
import re
import secrets
import shutil
import statistics
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from bench.report import Row
from tests.support.servers import get_bytes, gunicorn, manage, production_environment

STATIC_COPY = "bench-chronology-100.html"
WARM_UP_SECONDS = 5


@dataclass
class Load:
    requests_per_second: float
    p99_ms: float
    bad_responses: int

    def describe(self) -> str:
        errors = f", {self.bad_responses} bad" if self.bad_responses else ""
        return f"{self.requests_per_second:,.0f} req/s, p99 {self.p99_ms:.1f} ms{errors}"


# Load generators ------------------------------------------------------------------------------

_UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _wrk(url: str, headers: dict[str, str], seconds: int, connections: int) -> Load:
    # A long timeout: each worker's first request (cold caches, templates, release hash) can
    # take seconds on a busy machine, and wrk would drop it at its default 2 s, again and again.
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s", "--latency"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    value, unit = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)\s*$", output, re.M).groups()
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return Load(rps, float(value) * _UNIT_MS[unit], int(bad.group(1)) if bad else 0)


def _python_load(url: str, headers: dict[str, str], seconds: int, connections: int) -> Load:
    host, port_path = url.removeprefix("http://").split(":", 1)
    port, path = port_path.split("/", 1)
    latencies: list[float] = []
    bad = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def worker():
        mine, errors = [], 0
        while time.monotonic() < stop:
            started = time.perf_counter()
            connection = http.client.HTTPConnection(host, int(port), timeout=30)
            connection.request("GET", "/" + path, headers=headers)
            response = connection.getresponse()
            response.read()
            connection.close()
            mine.append(time.perf_counter() - started)
            errors += response.status >= 400
        with lock:
            latencies.extend(mine)
            bad[0] += errors

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    p99 = statistics.quantiles(latencies, n=100)[98] * 1000 if len(latencies) > 1 else 0.0
    return Load(len(latencies) / seconds, p99, bad[0])


def load_generator():
    """wrk where it is installed, else this module's own client (threads, one process)."""
    return _wrk if shutil.which("wrk") else _python_load


def measure(url: str, seconds: int, connections: int, headers: dict[str, str] | None = None):
    generator = load_generator()
    generator(url, headers or {}, WARM_UP_SECONDS, connections)  # workers, pools, caches
    return generator(url, headers or {}, seconds, connections)


@dataclass
class Pair:
    """A page against the static file, measured in alternating rounds on the same server, so
    that load from elsewhere on the machine weighs on both alike; medians of the rounds, and
    each round's share (the page's requests per second over the static file's)."""

    page: Load
    static: Load
    shares: list[float]

    @property
    def share(self) -> float:
        return statistics.median(self.shares)


def warm(url: str, connections: int, headers: dict[str, str] | None = None) -> None:
    """Every worker answers the page once before any timed load: a worker's first request
    (cold caches, templates, the release hash) can take seconds on a busy machine, and
    timed load would then count only time-outs and leave the workers busy for the next round."""
    threads = [
        threading.Thread(target=get_bytes, args=(url, headers, 120)) for _ in range(2 * connections)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def paired(base, page, static, seconds, connections, headers=None, rounds=3) -> Pair:
    generator = load_generator()
    warm(base + page, connections, headers)
    for url, extra in ((base + static, None), (base + page, headers)):
        generator(url, extra or {}, WARM_UP_SECONDS, connections)  # workers, pools, caches
    pages, statics = [], []
    each = max(2, round(seconds / rounds))
    for _ in range(rounds):
        statics.append(generator(base + static, {}, each, connections))
        pages.append(generator(base + page, headers or {}, each, connections))
    shares = [
        p.requests_per_second / s.requests_per_second for p, s in zip(pages, statics, strict=True)
    ]
    return Pair(_median_load(pages), _median_load(statics), shares)


def _median_load(loads: list[Load]) -> Load:
    return Load(
        statistics.median(load.requests_per_second for load in loads),
        statistics.median(load.p99_ms for load in loads),
        sum(load.bad_responses for load in loads),
    )


# The run --------------------------------------------------------------------------------------


def run(
    database_url: str,
    out_dir: Path,
    seconds: int,
    connections: int,
    redis_url: str | None = None,
    log=print,
) -> list[Row]:
    static_root = out_dir / "static"
    env = production_environment(database_url, static_root)
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    page = "/timelines/n100-1/"
    static = f"/static/{STATIC_COPY}"
    # whitenoise indexes STATIC_ROOT when it starts: fetch the page, save it, then restart.
    with gunicorn(env, timeout=60) as base:
        (static_root / STATIC_COPY).write_bytes(get_bytes(base + page, timeout=30)[2])
    rows = []
    log("  response cache off: uncached page against the static file")
    with gunicorn({**env, "RESPONSE_CACHE_TIMEOUT": "0"}, timeout=60) as base:
        uncached = paired(base, page, static, seconds, connections)
    rows.append(_row("static file, same bytes (server 1)", uncached.static))
    rows.append(_row("chronology, uncached", uncached.page, uncached.share, 0.05))
    servers = [("local memory, version from the database", env, "2")]
    if redis_url:
        prefix = f"bench-{secrets.token_hex(4)}"
        shared = {**env, "REDIS_URL": redis_url, "CACHE_KEY_PREFIX": prefix}
        servers.append(("Redis, stamp in the cache", shared, "3"))
    for label, server_env, number in servers:
        log(f"  {label}: cached page and 304 against the static file")
        with gunicorn(server_env, timeout=60) as base:
            cached = paired(base, page, static, seconds, connections)
            etag = get_bytes(base + page, timeout=30)[1].get("ETag")
            revalidated = paired(base, page, static, seconds, connections, {"If-None-Match": etag})
        rows.append(_row(f"static file, same bytes (server {number})", cached.static))
        rows.append(_row(f"chronology, cached ({label})", cached.page, cached.share, 0.80))
        rows.append(_row(f"chronology, 304 ({label})", revalidated.page, revalidated.share, 0.40))
    if redis_url:
        _forget(redis_url, prefix)
    return rows


def _forget(redis_url: str, prefix: str) -> None:
    """Remove the bench's own keys (its prefix) from the Redis database it used."""
    import redis

    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter(f"{prefix}:*"))
    if keys:
        client.delete(*keys)


def _row(what: str, load: Load, share: float = 1.0, target: float | None = None) -> Row:
    return Row(
        f"HTTP {what}",
        "100",
        load.describe(),
        ratio=f"{share:.1%} of static",
        target=f"at least {target:.0%} of static" if target else "",
        met=Row.verdict(share >= target and not load.bad_responses) if target else "",
    )
