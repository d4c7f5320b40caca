"""Evidence benchmark: `python -m bench.evidence` (`make bench-evidence`).

Pages served by local servers (the real safe fetcher against 127.0.0.x, allowed through
FETCH_ALLOW_HOSTS), a throwaway PostgreSQL database (``--database-url``; created and migrated
here), real ``manage.py db_worker`` processes:

1. archive jobs (fetch, WARC through the storage API, read, suggested events prepared for a
   timeline) for N sources, with 1 and then 2 worker processes: sources a minute, and the
   peak memory (max RSS) of a worker process;
2. ``manage.py check_sources --older-than 0`` over S sources spread over 20 hosts with the
   politeness limits: the time, and the most requests any host received in one second.

It prints a table (what, N, figure, ratio to its baseline) and writes bench/out/evidence.json.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import psycopg
from django.db.models import Q

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

from bench.report import Row, table  # noqa: E402

ARTICLES = PROJECT_DIR / "tests" / "ingest" / "articles"
PORT = 8250
HOSTS = [f"127.0.0.{n}" for n in range(10, 30)]  # 20 hosts


class Site:
    """One host serving article pages; it logs the time of every request."""

    def __init__(self, host: str, pages: list[tuple[str, bytes]]):
        self.hits: list[float] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802
                owner.hits.append(time.time())
                try:
                    index = int(self.path.rsplit("/", 1)[1])
                    kind, body = pages[index % len(pages)]
                except (ValueError, IndexError):
                    kind, body = "text/plain", b""
                body = body + f"\n\nReference {self.path} on {host}.\n".encode()
                self.send_response(200)
                self.send_header("Content-Type", f"{kind}; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True
            allow_reuse_address = True

        self.server = Server((host, PORT), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def article_pages() -> list[tuple[str, bytes]]:
    pages = []
    for path in sorted(ARTICLES.iterdir()):
        if path.suffix == ".html":
            pages.append(("text/html", path.read_bytes()))
        elif path.suffix == ".txt":
            pages.append(("text/plain", path.read_bytes()))
    return pages


def reset_database(url: str) -> None:
    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def environment(url: str, media: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL"}}
    env.update(
        {
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DJANGO_ENV": "development",
            "DEBUG": "0",
            "MEDIA_ROOT": media,
            "FETCH_ALLOW_HOSTS": ",".join(f"{h}:{PORT}" for h in HOSTS),
        }
    )
    return env


def manage(env, *args, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        **kwargs,
    )


def run_workers(env, count: int, ids: list[int], start_at: float) -> tuple[float, int]:
    """Start ``count`` workers; the jobs become due at ``start_at`` (time.time()), once the
    workers have started. (Seconds from then until every source is archived or failed, peak
    max RSS in KiB.)"""
    from django.db import connections

    from timeline.models import ArchiveState, Source

    command = [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.1"]
    processes = [
        subprocess.Popen(
            [*command, "--no-startup-delay", "--worker-id", f"bench-{n}"],
            cwd=PROJECT_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for n in range(count)
    ]
    done = Q(archive_state__in=[ArchiveState.ARCHIVED, ArchiveState.FAILED])
    while Source.objects.filter(pk__in=ids).filter(done).count() < len(ids):
        connections.close_all()
        time.sleep(0.05)
    seconds = time.time() - start_at
    peak = 0
    for process in processes:
        process.terminate()
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        peak = max(peak, usage.ru_maxrss)
    return seconds, peak


def archive_round(env, sources: int, workers: int, offset: int) -> dict:
    """Enqueue ``sources`` archive jobs (with suggestions for a timeline) and run workers."""
    from django.db import connections

    from timeline.evidence.tasks import archive_source
    from timeline.models import ArchiveState, Snapshot, Source, Timeline

    timeline, _ = Timeline.objects.get_or_create(slug="bench", defaults={"title": "Bench"})
    made = []
    for n in range(sources):
        host = HOSTS[n % len(HOSTS)]
        source = Source.objects.create(url=f"http://{host}:{PORT}/a/{offset + n}", title="x")
        made.append(source)
    ids = [s.pk for s in made]
    # Due in 12 s: the workers start meanwhile, so their start-up is not counted.
    start_at = time.time() + 12
    due = datetime.datetime.fromtimestamp(start_at, tz=datetime.UTC)
    Source.objects.filter(pk__in=ids).update(archive_state=ArchiveState.QUEUED)
    for source_id in ids:
        archive_source.using(run_after=due).enqueue(source_id, timeline_id=timeline.pk)
    connections.close_all()
    seconds, peak = run_workers(env, workers, ids, start_at)
    archived = Source.objects.filter(pk__in=ids, archive_state=ArchiveState.ARCHIVED).count()
    with_text = Snapshot.objects.filter(source_id__in=ids).exclude(text="").count()
    return {
        "sources": sources,
        "workers": workers,
        "seconds": seconds,
        "archived": archived,
        "with_text": with_text,
        "per_minute": archived / seconds * 60,
        "peak_rss_mib": peak / 1024,
    }


def suggestions_count(ids: list[int]) -> int:
    from timeline.models import Source, Timeline
    from timeline.suggestions.review import review

    timeline = Timeline.objects.get(slug="bench")
    return sum(len(review(s, timeline).items) for s in Source.objects.filter(pk__in=ids))


def check_round(env, sources: int, rate: float, concurrency: int) -> dict:
    from django.db import connections

    from timeline.models import Source

    Source.objects.bulk_create(
        Source(
            url=f"http://{HOSTS[n % len(HOSTS)]}:{PORT}/c/{n}",
            normalized_url=f"https://{HOSTS[n % len(HOSTS)]}:{PORT}/c/{n}",
            title=f"check {n}",
        )
        for n in range(sources)
    )
    connections.close_all()
    for site in SITES:
        site.hits.clear()
    started = time.monotonic()
    manage(
        env,
        "check_sources",
        "--older-than",
        "0",
        "--rate",
        str(rate),
        "--concurrency",
        str(concurrency),
        timeout=3600,
    )
    seconds = time.monotonic() - started
    per_second = Counter()
    for site_index, site in enumerate(SITES):
        for hit in site.hits:
            per_second[(site_index, int(hit))] += 1
    total = sum(len(site.hits) for site in SITES)
    busiest = max(len(site.hits) for site in SITES)
    return {
        "sources": total,
        "seconds": seconds,
        "max_per_host_second": max(per_second.values(), default=0),
        "rate": rate,
        "concurrency": concurrency,
        "minimum_seconds": (busiest - 1) / rate,
    }


SITES: list[Site] = []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/tl_evidence_bench"
    )
    parser.add_argument("--sources", type=int, default=60, help="archive jobs per round")
    parser.add_argument("--checks", type=int, default=1000, help="sources for check_sources")
    parser.add_argument("--rate", type=float, default=1.0, help="requests a second to a host")
    parser.add_argument("--concurrency", type=int, default=4)
    options = parser.parse_args()

    pages = article_pages()
    SITES.extend(Site(host, pages) for host in HOSTS)
    media = tempfile.mkdtemp(prefix="evidence-bench-")
    env = environment(options.database_url, media)
    reset_database(options.database_url)
    manage(env, "migrate", "--noinput")
    os.environ.update(env)
    import django

    django.setup()

    rounds = []
    for workers in (1, 2):
        rounds.append(archive_round(env, options.sources, workers, offset=workers * 10_000))
    from timeline.models import Source

    ids = list(Source.objects.filter(url__contains="/a/").values_list("pk", flat=True))
    suggested = suggestions_count(ids)
    check = check_round(env, options.checks, options.rate, options.concurrency)

    one = rounds[0]["per_minute"]
    rows = []
    for result in rounds:
        rows.append(
            Row(
                what=f"sources archived+read+suggested a minute, {result['workers']} worker(s)",
                n=str(result["sources"]),
                figure=f"{result['per_minute']:.0f}/min ({result['archived']} archived, "
                f"{result['with_text']} with text, {result['seconds']:.1f} s)",
                ratio=f"{result['per_minute'] / one:.2f}x",
            )
        )
    rows.append(
        Row(
            what="peak worker memory (max RSS)",
            n="1 process",
            figure=f"{max(r['peak_rss_mib'] for r in rounds):.0f} MiB",
        )
    )
    rows.append(
        Row(what="suggested events prepared", n=str(len(ids)), figure=f"{suggested} events")
    )
    rows.append(
        Row(
            what=f"check_sources over 20 hosts (rate {check['rate']:g}/s/host, "
            f"concurrency {check['concurrency']})",
            n=str(check["sources"]),
            figure=f"{check['seconds']:.1f} s",
            ratio=f"{check['seconds'] / check['minimum_seconds']:.2f}x the politeness minimum "
            f"({check['minimum_seconds']:.0f} s)",
        )
    )
    rows.append(
        Row(
            what="most requests one host got in one second",
            n=str(check["sources"]),
            figure=str(check["max_per_host_second"]),
            target=f"<= {check['rate']:g} (+1 at a second's edge)",
            met=Row.verdict(check["max_per_host_second"] <= check["rate"] + 1),
        )
    )
    print(table(rows))
    out = PROJECT_DIR / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / "evidence.json").write_text(
        json.dumps({"archive": rounds, "check": check, "suggested": suggested}, indent=2)
    )
    print(f"(max RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss} KiB)")


if __name__ == "__main__":
    main()
