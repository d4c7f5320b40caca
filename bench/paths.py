"""`python -m bench.paths`: CPU time per request on each path, in-process, and where it goes.

The HTTP figures (bench/http_load.py) share 2 cores with the load generator and whoever else
uses the machine; CPU time of the app process alone is steadier. Here the WSGI application
(config/wsgi.py, production settings, DEBUG off, PostgreSQL on loopback) is called directly
with a request for each path, the body read to the end, and the process's CPU time
(time.process_time: user + system, this process only; the database's own time is not in it)
divided by the requests:

- static: the 100-event chronology's bytes as a static file (whitenoise, first in the stack);
- cached: the chronology answered whole from the app's cache (content version from PostgreSQL);
- 304: the same with the page's ETag in If-None-Match;
- uncached: the response cache off (RESPONSE_CACHE_TIMEOUT=0): parts and cards cached.

`--profile` adds, for each path, cProfile's functions with the most own CPU time
(`--sort cumulative`: with their callees).

Run after `python -m bench --only http` has seeded the database and collected the static files
(or give --static-root of a collectstatic run holding bench-chronology-100.html).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import time
from pathlib import Path
from wsgiref.util import setup_testing_defaults

from bench.report import Row, table
from tests.support.servers import production_environment

PROJECT_DIR = Path(__file__).resolve().parent.parent
PAGE = "/timelines/n100-1/"
STATIC = "/static/bench-chronology-100.html"


def environ(path: str, headers: dict[str, str] | None = None) -> dict:
    base = {
        "PATH_INFO": path,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "HTTP_HOST": "127.0.0.1:8000",
        "REMOTE_ADDR": "127.0.0.1",
    }
    for name, value in (headers or {}).items():
        base["HTTP_" + name.upper().replace("-", "_")] = value
    setup_testing_defaults(base)  # the rest of a WSGI GET (wsgi.input, wsgi.errors...)
    return base


def call(application, path: str, headers: dict[str, str] | None = None):
    """One request through the WSGI application: (status, headers, body length)."""
    seen = {}

    def start_response(status, response_headers, exc_info=None):
        seen["status"], seen["headers"] = status, dict(response_headers)

    result = application(environ(path, headers), start_response)
    try:
        length = sum(len(chunk) for chunk in result)
    finally:
        if hasattr(result, "close"):
            result.close()
    return seen["status"], seen["headers"], length


def cpu_per_request(application, path, headers, repeats: int) -> float:
    for _ in range(20):
        call(application, path, headers)  # warm: pools, caches, imports
    started = time.process_time()
    for _ in range(repeats):
        call(application, path, headers)
    return (time.process_time() - started) / repeats


def profile(application, path, headers, repeats: int, lines: int, sort: str) -> str:
    profiler = cProfile.Profile(time.process_time)  # CPU time, not waits on the database
    profiler.enable()
    for _ in range(repeats):
        call(application, path, headers)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats(sort).print_stats(lines)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/tl_perf_bench"
    )
    parser.add_argument("--static-root", default=str(PROJECT_DIR / "bench" / "out" / "static"))
    parser.add_argument("--repeats", type=int, default=500)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--lines", type=int, default=25)
    parser.add_argument("--sort", default="tottime", help="cProfile's order: tottime, cumulative")
    parser.add_argument(
        "--uncached",
        action="store_true",
        help="(internal) measure with the response cache off, in this process",
    )
    parser.add_argument(
        "--env",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a setting for the app, e.g. DATABASE_HEALTH_CHECKS=0 (repeatable)",
    )
    args = parser.parse_args()
    extra = {"RESPONSE_CACHE_TIMEOUT": "0"} if args.uncached else {}
    extra.update(item.split("=", 1) for item in args.env)
    os.environ.update(production_environment(args.database_url, Path(args.static_root), **extra))
    if "REDIS_URL" not in extra:
        os.environ.pop("REDIS_URL", None)
    from config.wsgi import application

    status, headers, length = call(application, PAGE)
    assert status.startswith("200"), status
    assert call(application, STATIC)[0].startswith("200"), "run python -m bench --only http"
    paths = {"static file, same bytes": (STATIC, None)}
    if args.uncached:
        paths["chronology, uncached"] = (PAGE, None)
    else:
        paths["chronology, cached"] = (PAGE, None)
        paths["chronology, 304"] = (PAGE, {"If-None-Match": headers["ETag"]})
    rows, profiles = [], []
    static_cpu = None
    for label, (path, extra_headers) in paths.items():
        repeats = args.repeats // 10 if "uncached" in label else args.repeats
        cpu = cpu_per_request(application, path, extra_headers, repeats)
        static_cpu = static_cpu or cpu
        rows.append(
            Row(
                f"CPU per request in-process, {label}",
                f"{repeats}",
                f"{cpu * 1000:.3f} ms",
                ratio=f"{cpu / static_cpu:.1f}x the static file's",
            )
        )
        if args.profile:
            profiles.append(f"=== {label} ({repeats} requests) ===\n")
            profiles.append(
                profile(application, path, extra_headers, repeats, args.lines, args.sort)
            )
    print(f"page: {length:,} bytes")
    print(table(rows))
    print("".join(profiles))


if __name__ == "__main__":
    main()
