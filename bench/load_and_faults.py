"""Load and database faults, full form: readers (and editors) against gunicorn on PostgreSQL.

    .venv/bin/python bench/load_and_faults.py                  # 30 s, one restart mid-run
    .venv/bin/python bench/load_and_faults.py --no-outage      # steady load only
    .venv/bin/python bench/load_and_faults.py --seconds 60 --readers 8

Everything runs on loopback against a throwaway PostgreSQL cluster this script creates and
deletes (never the shared server on 5432), with gunicorn under production settings. The load
is bounded in time and in request count and stops by itself. It prints one table row per
role, the outage as /healthz saw it, and the recovery time; the exit status is 1 when any
request got a server error (a 5xx other than the 503 page, a traceback, or no answer).
The short form of the same run is tests/faults/test_database_outage.py (run by CI).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.faults import cluster  # noqa: E402
from tests.faults.appserver import AppServer  # noqa: E402
from tests.faults.load import (  # noqa: E402
    EditLedger,
    LoadRun,
    editor,
    health_probe,
    percentile,
    reader,
    summary_rows,
)
from tests.faults.test_database_outage import (  # noqa: E402
    EDITOR_PASSWORD,
    edit_paths,
    lost_edits,
    reader_paths,
    timeline_slug,
)


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=30.0, help="length of the load")
    parser.add_argument("--readers", type=int, default=6, help="concurrent readers")
    parser.add_argument("--editors", type=int, default=3, help="concurrent editors")
    parser.add_argument("--edited-events", type=int, default=3, help="events they all edit")
    parser.add_argument("--max-requests", type=int, default=200_000, help="stop after this many")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker")
    parser.add_argument("--outage-at", type=float, default=12.0, help="seconds into the run")
    parser.add_argument(
        "--outage-seconds",
        type=float,
        default=8.0,
        help="database down for (longer than the 5 s pool timeout, so requests get the 503)",
    )
    parser.add_argument(
        "--pool-timeout", default="", help="DATABASE_POOL_TIMEOUT for gunicorn (default: 5 s)"
    )
    parser.add_argument(
        "--reconnect-timeout",
        default="",
        help="DATABASE_POOL_RECONNECT_TIMEOUT for gunicorn (default: the settings' default)",
    )
    parser.add_argument("--no-outage", action="store_true", help="steady load, no restart")
    return parser.parse_args()


def print_table(rows: list[dict]) -> None:
    columns = ["role", "requests", "ok", "503", "server errors", "p50 ms", "p95 ms", "p99 ms"]
    widths = [max(len(c), 9) for c in columns]
    print("  ".join(c.rjust(w) for c, w in zip(columns, widths, strict=True)))
    for row in rows:
        cells = []
        for column, width in zip(columns, widths, strict=True):
            value = row.get(column, "")
            text = f"{value:.1f}" if isinstance(value, float) else str(value)
            cells.append(text.rjust(width))
        print("  ".join(cells))


def main() -> int:
    arguments = parse_arguments()
    reason = cluster.available()
    if reason:
        print(f"cannot run: {reason}", file=sys.stderr)
        return 2

    with cluster.ThrowawayPostgres() as database:
        url = database.create_database("timeline_bench")
        print(f"preparing gunicorn ({arguments.workers}x{arguments.threads}) on PostgreSQL ...")
        ledger = EditLedger()
        extra = {}
        if arguments.pool_timeout:
            extra["DATABASE_POOL_TIMEOUT"] = arguments.pool_timeout
        if arguments.reconnect_timeout:
            extra["DATABASE_POOL_RECONNECT_TIMEOUT"] = arguments.reconnect_timeout
        with AppServer(url, workers=arguments.workers, threads=arguments.threads, **extra) as app:
            names = [f"desk-{n}" for n in range(arguments.editors)]
            app.create_editors(names, EDITOR_PASSWORD, timeline_slug(url))
            paths, edits = reader_paths(url), edit_paths(url, arguments.edited_events)

            def outage(run: LoadRun) -> None:
                if arguments.no_outage:
                    return
                time.sleep(arguments.outage_at)
                run.mark("database stopping")
                database.stop("fast")
                run.mark("database stopped")
                time.sleep(arguments.outage_seconds)
                run.mark("database starting")
                database.start()
                run.mark("database started")

            run = LoadRun(
                "127.0.0.1",
                app.port,
                duration=arguments.seconds,
                max_requests=arguments.max_requests,
            )
            behaviours = [("reader", reader(paths, seed=n)) for n in range(arguments.readers)]
            behaviours += [
                ("editor", editor(name, EDITOR_PASSWORD, edits, ledger, seed=n))
                for n, name in enumerate(names)
            ]
            print(
                f"load: {arguments.readers} readers and {arguments.editors} editors "
                f"for {arguments.seconds:.0f} s ..."
            )
            run.run([*behaviours, ("health", health_probe(0.1))], during=outage)
            lost = lost_edits(url, ledger)

    rows = summary_rows(run, ["reader", "editor", "health"])
    if not arguments.no_outage:
        start, end = run.events["database stopping"], run.events["database started"] + 5.0
        steady = [
            s.latency * 1000
            for s in run.of("reader")
            if s.status == 200 and not (start <= s.started <= end)
        ]
        rows.append(
            {
                "role": "reader*",
                "requests": len(steady),
                "p50 ms": percentile(steady, 0.5),
                "p95 ms": percentile(steady, 0.95),
                "p99 ms": percentile(steady, 0.99),
            }
        )
    print()
    print_table(rows)
    if not arguments.no_outage:
        print("reader*: 200s outside the outage window (stop .. start + 5 s)")
        outage_health = run.health_during("database stopping", "database started")
        print()
        down = run.events["database started"] - run.events["database stopping"]
        print(f"database down (stop .. started): {down:.2f} s")
        print(f"/healthz during the outage: {dict(outage_health)}")
        healthz = run.recovery_seconds()
        if healthz is None:
            print("recovery: /healthz never answered 200 again")
        else:
            print(f"recovery, /healthz 200 again: {healthz * 1000:.0f} ms after the start")
        readers_back = run.full_recovery_seconds("reader") * 1000
        print(f"recovery, last failed reader request ended: {readers_back:.0f} ms after the start")
    print()
    print(
        f"edits: {len(ledger.accepted)} accepted, {ledger.conflicts} conflicts (409), "
        f"{ledger.refused} refused during the outage, {len(lost)} lost"
    )
    errors = run.server_errors()
    print(f"server errors: {len(errors)}")
    for sample in errors[:10]:
        print(f"  {sample}")
    return 1 if errors or lost else 0


if __name__ == "__main__":
    sys.exit(main())
