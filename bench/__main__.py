"""`python -m bench` (`make bench`): every benchmark in one run, a table, bench/RESULTS.md.

Scales:
- default: queries at 10/100/1,000 events, renders at 100/500/2,000, HTTP, search at 100,000
  events (about 5-10 minutes on 2 cores, most of it the first seeding);
- full: adds search at 1,000,000 events (seeding it takes a few minutes the first time);
- quick: smaller repeat counts and a shorter HTTP run, for checking the harness itself.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg

from bench import databases, http_load, machine
from bench.databases import Seed
from bench.report import Row, table, write_results

PROJECT_DIR = Path(__file__).resolve().parent.parent
RESULTS = PROJECT_DIR / "bench" / "RESULTS.md"
OUT_DIR = PROJECT_DIR / "bench" / "out"

QUERY_SIZES = [10, 100, 1000]
RENDER_SIZES = [100, 500, 2000]
SMALL_SEEDS = [Seed(prefix=f"n{size}", events=size) for size in (10, 100, 500, 1000, 2000)]

NOTES = [
    "Data: `manage.py seed_bench` (deterministic): timelines of N events, 2 citations each, "
    "1 to 3 actors, English with some Hindi and Urdu; ~3% drafts or deleted.",
    "Chronology: the page as served, the first 50 cards of a timeline of N events with its "
    "header, facets and strip computed over all N.",
    "Queries: SQL statements for one anonymous GET of the chronology; cold = every cache "
    "empty (the first request after an edit), warm = another query string, so the response "
    "is not cached but its parts (header, facets, cards) are.",
    "Render in-process: median wall time of a Django test-client GET (DEBUG off, cached "
    "template loader, PostgreSQL on loopback). Baseline = plain Django with prefetching: the "
    "same view and templates with every cache off (FRAGMENT_CACHE_TIMEOUT=0, "
    "RESPONSE_CACHE_TIMEOUT=0). Cold = caches on, emptied before each request. Warm = parts "
    "cached, response not. Cached = the whole response from the cache.",
    "HTTP: gunicorn with config/gunicorn.py (2 x cores + 1 sync workers) and production "
    "settings on loopback; load from wrk (2 threads, fixed connections, fixed time, after a "
    "5 s warm-up, 30 s timeout) on the same machine, so client and server share the cores. "
    "Each page is compared with a static file holding the same bytes, served by whitenoise "
    "in the same gunicorn, in three alternating rounds (static, page, static, page...): "
    "the ratio is the median of the rounds' ratios, the figures the medians of their "
    "rounds. Uncached: a server with RESPONSE_CACHE_TIMEOUT=0 (parts and cards still "
    "cached). Cached and 304 (requests carrying the page's ETag in If-None-Match) "
    "twice: local-memory caches with the content version read from PostgreSQL (the default "
    "without Redis), and Redis with the content stamp in the cache (the default with "
    "REDIS_URL, for several app servers).",
    "Bytes: an editor's htmx edit of one event (the card that comes back, with the order of "
    "the timeline's event ids for editor.js) against the chronology page the editor sees.",
    "Search: in-process GET of `?q=<term>` on a single timeline holding all the events, the "
    "response cache off (header, facets and cards cached); p50/p95 over the repeats. Broad "
    "searches are capped: at most 500 matches are counted and ranked.",
    "Where the time goes. A page not cached whole is assembled by Django per request: the "
    "version query, the page's query (50 events with type and place) and their model "
    "instances, the 50 cards' cache keys and one cache read for them all, the filter form "
    "and the template (about 200 KB of HTML); every part that can be is cached, so what is "
    "left is Django's own request, ORM and template work on these 2 cores. A cached page "
    "still costs Django's request handling plus one round trip for its content version (a "
    "query to PostgreSQL, or a read from Redis), against whitenoise's file served with "
    "sendfile; the client runs on the same 2 cores.",
]


def run_json(module: str, database_url: str, config: dict) -> list[Row]:
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_ENV": "development"}
    env.pop("REDIS_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", module, json.dumps(config)],
        cwd=PROJECT_DIR,
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return [Row.from_dict(data) for data in json.loads(result.stdout.strip().splitlines()[-1])]


def reachable_redis(url: str) -> str | None:
    if not url or url == "none":
        return None
    import redis

    try:
        redis.Redis.from_url(url, socket_timeout=2).ping()
    except redis.RedisError as error:
        print(f"  no Redis at {url} ({error}): the shared-cache run is left out")
        return None
    return url


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--scale", choices=["quick", "default", "full"], default="default")
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tl_perf_bench"
        ),
        help="PostgreSQL URL whose database name is the prefix of the bench databases.",
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5"),
        help="Redis for the shared-cache HTTP run (keys under a prefix of its own, removed "
        "after); 'none' skips that run.",
    )
    parser.add_argument("--connections", type=int, default=8, help="HTTP load: connections.")
    parser.add_argument("--seconds", type=int, help="HTTP load: seconds per measurement.")
    parser.add_argument("--no-results-file", action="store_true", help="Print only.")
    parser.add_argument(
        "--only",
        choices=["inprocess", "http", "search"],
        action="append",
        help="Run only this part (repeatable); a partial run prints its table and leaves "
        "bench/RESULTS.md alone.",
    )
    args = parser.parse_args(argv)
    quick = args.scale == "quick"
    parts = set(args.only or ["inprocess", "http", "search"])
    seconds = args.seconds or (3 if quick else 8)
    repeats = 2 if quick else 5
    started = time.monotonic()
    base_name = databases.database_name(args.database_url)

    print("Preparing databases")
    try:
        small = databases.ensure(args.database_url, base_name, SMALL_SEEDS)
    except psycopg.OperationalError as error:
        print(f"PostgreSQL is not answering at {args.database_url}: start it (see README).")
        print(error)
        return 1
    search_sizes = [100_000] + ([1_000_000] if args.scale == "full" else [])
    if "search" not in parts:
        search_sizes = []
    search_urls = {
        size: databases.ensure(
            args.database_url,
            f"{base_name}_{size // 1000}k" if size < 1_000_000 else f"{base_name}_1m",
            [Seed(prefix="search", events=size)],
        )
        for size in search_sizes
    }

    about = machine.describe(small)
    rows: list[Row] = []
    if "inprocess" in parts:
        print("Queries, render times, bytes (in-process)")
        rows += run_json(
            "bench.inprocess",
            small,
            {
                "query_sizes": QUERY_SIZES,
                "render_sizes": RENDER_SIZES,
                "repeats": repeats,
                "bytes_size": 100,
            },
        )
    if "http" in parts:
        print("HTTP load")
        OUT_DIR.mkdir(exist_ok=True)
        rows += http_load.run(
            small, OUT_DIR, seconds, args.connections, redis_url=reachable_redis(args.redis_url)
        )
    if search_urls:
        print("Search")
    for size, url in search_urls.items():
        rows += run_json(
            "bench.search",
            url,
            {"events": size, "slug": "search-1", "repeats": 10 if quick else 30},
        )

    print()
    print(table(rows))
    print(f"\n({time.monotonic() - started:.0f} s)")
    if not args.no_results_file and args.only is None:
        command = "make bench" + ("" if args.scale == "default" else f" BENCH_SCALE={args.scale}")
        write_results(RESULTS, rows, about, command, NOTES)
        print(f"Wrote {RESULTS.relative_to(PROJECT_DIR)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
