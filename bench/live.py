"""`python -m bench.live`: live updates and nginx, measured through `make serve`'s stack.

One run (see README "Live updates" for the figures and what they mean):

1. Publish to seen: READERS concurrent SSE readers of the demo chronology through nginx, one
   uvicorn worker; an editor publishes an event (a Django ORM save in this process, which logs
   the change and NOTIFYs); for every reader, the time from just before the save until its
   `data:` line naming the event arrived. PUBLISHES events, a few seconds apart: p50, p95, max,
   and readers that missed one (waited for 15 s).
2. Memory per idle connection: the app worker's resident memory with one reader, then with
   READERS, divided by the difference.
3. nginx: a cached chronology against a static file of the same bytes from the same nginx
   (wrk, ROUNDS alternating rounds, the median of each round's share, with the lowest and
   highest shown: one round swings by 15 points on a shared machine), on two pages: the
   100-event chronology of the Django-only figures (bench.http_load) and the demo's 7 events,
   where nginx's fixed cost of a cache hit weighs most; nginx's CPU per request on each; and
   the worst staleness under load: while wrk loads the demo page, an event is retitled and
   another client polls (every 10 ms) until it sees the title.

Needs PostgreSQL (LISTEN/NOTIFY) and nginx; the database is created and migrated if missing.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import psycopg

from bench import http_load
from bench.databases import Seed
from bench.report import Row, table
from tests.support.servers import get_bytes, production_environment

PROJECT_DIR = Path(__file__).resolve().parent.parent
CHRONOLOGY = "/timelines/india-pakistan-ceasefire-2025/"
EVENT_ID = re.compile(rb'"event": (\d+)')


def ensure_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if found.fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')


def manage(env, *command) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *command],
        cwd=PROJECT_DIR,
        env=env,
        check=True,
        capture_output=True,
    )


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for {pid}")


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                found.append(int(stat.parent.name))
    return found


def app_worker_pid(serve_pid: int) -> int:
    for pid in children(serve_pid):
        if b"gunicorn" in Path(f"/proc/{pid}/cmdline").read_bytes():
            workers = children(pid)
            if len(workers) == 1:
                return workers[0]
    raise RuntimeError("no single gunicorn worker found")


def nginx_worker_pids(serve_pid: int) -> list[int]:
    for pid in children(serve_pid):
        if Path(f"/proc/{pid}/cmdline").read_bytes().startswith(b"nginx: master"):
            return [
                worker
                for worker in children(pid)
                if Path(f"/proc/{worker}/cmdline").read_bytes().startswith(b"nginx: worker")
            ]
    raise RuntimeError("no nginx master found")


def cpu_seconds(pids: list[int]) -> tuple[float, float]:
    """User and system CPU time the processes have used so far."""
    user = system = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        user, system = user + int(fields[11]), system + int(fields[12])
    return user / os.sysconf("SC_CLK_TCK"), system / os.sysconf("SC_CLK_TCK")


@contextlib.contextmanager
def serving(env):
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [sys.executable, "deploy/serve.py"],
            cwd=PROJECT_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{env['PORT']}"
        try:
            deadline = time.monotonic() + 90
            while True:
                with contextlib.suppress(OSError):
                    if get_bytes(base + "/healthz")[0] == 200:
                        break
                if process.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise RuntimeError("serve.py did not start:\n" + log.read().decode())
                time.sleep(0.3)
            yield process, base
        finally:
            process.terminate()
            process.wait(timeout=30)


class Readers:
    def __init__(self, port: int, count: int):
        self.port, self.count = port, count
        self.opened = 0
        self.seen: list[dict[int, float]] = [{} for _ in range(count)]
        self.tasks: list[asyncio.Task] = []

    async def _read(self, index: int, ready: asyncio.Event) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        writer.write(
            f"GET {CHRONOLOGY}live/ HTTP/1.0\r\nHost: 127.0.0.1\r\n"
            "Accept: text/event-stream\r\n\r\n".encode()
        )
        await writer.drain()
        while True:
            line = await reader.readline()
            if not line:
                return
            if line.startswith(b": live"):
                self.opened += 1
                if self.opened == self.count:
                    ready.set()
            elif line.startswith(b"data:"):
                found = EVENT_ID.search(line)
                if found:
                    self.seen[index][int(found.group(1))] = time.perf_counter()

    async def open(self) -> None:
        ready = asyncio.Event()
        for index in range(self.count):
            self.tasks.append(asyncio.create_task(self._read(index, ready)))
            if index % 100 == 99:
                await asyncio.sleep(0.2)
        await asyncio.wait_for(ready.wait(), timeout=120)

    def close(self) -> None:
        for task in self.tasks:
            task.cancel()


def publish(title: str) -> tuple[int, float]:
    import datetime

    from timeline.models import Event, EventType, Timeline

    timeline = Timeline.objects.get(slug="india-pakistan-ceasefire-2025")
    kind = EventType.objects.first()
    started = time.perf_counter()
    event = Event.objects.create(
        timeline=timeline,
        title=title,
        event_type=kind,
        date=datetime.date(2025, 5, 15),
        status="published",
    )
    return event.pk, started


async def publish_to_seen(port: int, count: int, publishes: int, worker: int) -> list[Row]:
    one = Readers(port, 1)
    await one.open()
    await asyncio.sleep(1)
    before = rss_kib(worker)
    readers = Readers(port, count)
    await readers.open()
    await asyncio.sleep(2)
    after = rss_kib(worker)
    latencies, missed = [], 0
    for n in range(publishes):
        pk, started = await asyncio.to_thread(publish, f"Bench event {n} {time.time()}")
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if all(pk in seen for seen in readers.seen):
                break
            await asyncio.sleep(0.05)
        for seen in readers.seen:
            if pk in seen:
                latencies.append(seen[pk] - started)
            else:
                missed += 1
        await asyncio.sleep(1)
    readers.close()
    one.close()
    latencies.sort()
    p95 = latencies[int(len(latencies) * 0.95) - 1] * 1000
    per_connection = (after - before) / count
    return [
        Row(
            "publish to seen, p95 (ms)",
            f"{count} readers x {publishes}",
            f"{p95:.0f}",
            target="< 1000",
            met="yes" if p95 < 1000 and not missed else "no",
        ),
        Row(
            "publish to seen, p50 / max (ms)",
            f"{count} readers x {publishes}",
            f"{statistics.median(latencies) * 1000:.0f} / {latencies[-1] * 1000:.0f}",
        ),
        Row("readers that missed a publish", f"{count * publishes}", str(missed), target="0"),
        Row(
            "app worker memory per idle SSE connection (KiB)",
            str(count),
            f"{per_connection:.1f}",
            target="< 50",
            met="yes" if per_connection < 50 else "no",
        ),
    ]


# The pages nginx's cache is measured on: the Django-only figures' 100-event chronology
# (bench.http_load; seeded here by `seed_bench`) and the demo's, a small page (7 events).
HUNDRED_EVENTS = Seed(prefix="n100", events=100)
NGINX_PAGES = [
    ("100-event chronology", f"/timelines/{HUNDRED_EVENTS.prefix}-1/"),
    ("demo chronology, 7 events", CHRONOLOGY),
]


def nginx_cache(base: str, static_root: Path, seconds: int, rounds: int, serve_pid: int):
    rows = []
    for label, page in NGINX_PAGES:
        body = get_bytes(base + page)[2]
        name = f"bench-copy-{page.strip('/').replace('/', '-')}.html"
        (static_root / name).write_bytes(body)
        static = f"/static/{name}"
        pair = http_load.paired(base, page, static, seconds * rounds, 50, rounds=rounds)
        cpu = nginx_cpu_per_request(base, {"page": page, "static": static}, serve_pid)
        rows += [
            Row(
                f"nginx: cached {label} vs static copy (req/s)",
                f"{len(body):,} bytes, {rounds} rounds",
                f"{pair.page.requests_per_second:,.0f} vs {pair.static.requests_per_second:,.0f}"
                f" (rounds {min(pair.shares):.0%}-{max(pair.shares):.0%})",
                ratio=f"{pair.share:.0%}",
                target=">= 90%",
                met="yes" if pair.share >= 0.9 else "no",
            ),
            Row(
                f"nginx workers' CPU per request, user + system: {label} vs static (µs)",
                f"{NGINX_CPU_ROUNDS} rounds of {NGINX_CPU_SECONDS} s",
                f"{cpu['page'][0]:.2f} + {cpu['page'][1]:.1f} vs"
                f" {cpu['static'][0]:.2f} + {cpu['static'][1]:.1f}",
                ratio=f"{sum(cpu['static']) / sum(cpu['page']):.0%}",
            ),
        ]
    return rows


NGINX_CPU_ROUNDS, NGINX_CPU_SECONDS = 5, 3


def nginx_cpu_per_request(base: str, paths: dict[str, str], serve_pid: int):
    """For each path, the medians over alternating rounds of nginx's workers' user and system
    CPU time per request answered. The user part is nginx's own work (the stored headers'
    parse, the cache lookup) and is steady; the system part also moves with how often the
    workers sleep and are woken, which depends on how they share the cores with the load
    generator, as requests per second do."""
    workers = nginx_worker_pids(serve_pid)
    generator = http_load.load_generator()
    each: dict[str, list[tuple[float, float]]] = {name: [] for name in paths}
    for _ in range(NGINX_CPU_ROUNDS):
        for name, path in paths.items():
            before = cpu_seconds(workers)
            load = generator(base + path, {}, NGINX_CPU_SECONDS, 50)
            after = cpu_seconds(workers)
            requests = load.requests_per_second * NGINX_CPU_SECONDS
            each[name].append(
                tuple((b - a) / requests * 1e6 for a, b in zip(before, after, strict=True))
            )
    return {
        name: (statistics.median(v[0] for v in values), statistics.median(v[1] for v in values))
        for name, values in each.items()
    }


def staleness(base: str, seconds: int) -> list[Row]:
    from timeline.models import Event

    event = Event.objects.filter(timeline__slug="india-pakistan-ceasefire-2025").first()
    url = base + CHRONOLOGY
    if shutil.which("wrk"):
        command = ["wrk", "-t1", "-c20", f"-d{seconds + 10}s", url]
    else:  # bench.http_load's own client, in a process of its own
        code = "import sys; from bench.http_load import _python_load; "
        code += "_python_load(sys.argv[1], {}, int(sys.argv[2]), 20)"
        command = [sys.executable, "-c", code, url, str(seconds + 10)]
    load = subprocess.Popen(command, cwd=PROJECT_DIR, stdout=subprocess.DEVNULL)
    worst = 0.0
    each = []
    try:
        time.sleep(2)
        for n in range(5):
            title = f"Retitled {n} {time.time()}"
            event.title = title
            event.save()
            started = time.perf_counter()
            while title not in urllib.request.urlopen(base + CHRONOLOGY).read().decode():
                time.sleep(0.01)
            each.append(time.perf_counter() - started)
            worst = max(worst, each[-1])
            time.sleep(0.7)
    finally:
        load.terminate()
        load.wait()
    return [
        Row(
            "nginx: worst staleness after an edit, under load (ms)",
            "5 edits",
            f"{worst * 1000:.0f} (each: {', '.join(f'{t * 1000:.0f}' for t in each)})",
            target="FRONT_CACHE_SECONDS (1 s)",
        )
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/tl_live_bench"
    )
    parser.add_argument("--readers", type=int, default=1000)
    parser.add_argument("--publishes", type=int, default=5)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument(
        "--rounds",
        type=int,
        default=7,
        help="nginx: alternating rounds of --seconds each, static then page; the median share",
    )
    parser.add_argument("--port", type=int, default=8620)
    parser.add_argument(
        "--only",
        choices=["readers", "nginx"],
        help="readers: publish to seen and memory; nginx: the cache ratio and staleness",
    )
    args = parser.parse_args()

    ensure_database(args.database_url)
    work = Path(tempfile.mkdtemp(prefix="bench-live-"))
    env = production_environment(
        args.database_url,
        work / "static",
        HOST="127.0.0.1",
        PORT=str(args.port),
        SERVE_DIR=str(work / "serve"),
        WEB_CONCURRENCY="1",
        RATE_LIMIT_RPS="0",
        JOB_WORKER="off",
        LIVE_POLL_SECONDS="30",
    )
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")

    os.environ.update(DATABASE_URL=args.database_url, DJANGO_SETTINGS_MODULE="config.settings")
    import django

    django.setup()
    from timeline.models import Timeline

    seeded = Timeline.objects.filter(slug=f"{HUNDRED_EVENTS.prefix}-1").exists()
    if args.only in (None, "nginx") and not seeded:
        manage(env, "seed_bench", *HUNDRED_EVENTS.arguments())

    rows: list[Row] = []
    with serving(env) as (process, base):
        if args.only in (None, "readers"):
            worker = app_worker_pid(process.pid)
            rows += asyncio.run(publish_to_seen(args.port, args.readers, args.publishes, worker))
        if args.only in (None, "nginx"):
            rows += nginx_cache(base, work / "static", args.seconds, args.rounds, process.pid)
            rows += staleness(base, args.seconds)
    print(table(rows))


if __name__ == "__main__":
    main()
