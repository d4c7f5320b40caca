"""Import benchmarks: an ACLED export and a GDELT file filtered to two countries, on PostgreSQL.

    python -m bench.imports --database-url postgres://postgres@127.0.0.1:5432/tl_imports_bench \
        --acled-rows 100000 --gdelt-rows 200000

The files are built from the real rows in tests/data (each copy with its own id and date), so
their shape is ACLED's and GDELT's. Each import runs as `manage.py import_timeline` in a child
process, timed from start to exit; its peak memory is that process's maximum resident set size
(GNU time's %M).
The database (its name must contain "bench") is dropped and migrated afresh for each run, and
a second run of the ACLED file measures the idempotent re-import (nothing changes).
"""

from __future__ import annotations

import argparse
import csv
import datetime
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
from psycopg import sql

from bench.databases import database_name, with_database
from bench.report import Row, table

PROJECT_DIR = Path(__file__).resolve().parent.parent
DATA = PROJECT_DIR / "tests" / "data"


def acled_file(path: Path, rows: int) -> None:
    sources = []
    for name in ("acled_current_somalia_2025.csv",):
        with (DATA / name).open(newline="") as stream:
            reader = csv.DictReader(stream)
            header = reader.fieldnames
            sources.extend(reader)
    start = datetime.date(2024, 1, 1)
    with path.open("w", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=header)
        writer.writeheader()
        for number in range(rows):
            row = dict(sources[number % len(sources)])
            row["event_id_cnty"] = f"BEN{number}"
            row["event_date"] = (start + datetime.timedelta(days=number % 700)).isoformat()
            writer.writerow(row)


def gdelt_file(path: Path, rows: int, every: int = 40) -> int:
    """Rows cycling through the real ones; one in ``every`` involves India. Returns that count."""
    lines = []
    for name in ("gdelt2_20191024143000.export.CSV", "gdelt2_20151027220000.export.CSV"):
        lines.extend(line for line in (DATA / name).read_text().splitlines() if line)
    india = [line for line in lines if "\tIND\t" in line]
    others = [line for line in lines if line not in india]
    kept = 0
    with path.open("w", newline="") as out:
        for number in range(rows):
            if number % every == 0:
                cells = india[number // every % len(india)].split("\t")
                kept += 1
            else:
                cells = others[number % len(others)].split("\t")
            cells[0] = str(900_000_000 + number)
            out.write("\t".join(cells) + "\n")
    return kept


def fresh_database(url: str) -> None:
    name = database_name(url)
    if "bench" not in name:
        raise SystemExit(f"refusing to drop {name}: the name must contain 'bench'")
    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    manage(url, "migrate", "--no-input", "-v", "0")


def manage(url: str, *arguments: str) -> tuple[float, float, str]:
    """(seconds, peak MB, output) of one manage.py command, measured by GNU time."""
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_ENV": "development"}
    env.pop("REDIS_URL", None)
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        started = time.perf_counter()
        done = subprocess.run(
            ["/usr/bin/time", "-f", "%M", "-o", rss.name, sys.executable, "manage.py", *arguments],
            cwd=PROJECT_DIR,
            env=env,
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - started
        peak_kb = int(rss.read().strip().splitlines()[-1] or 0)
    if done.returncode:
        raise SystemExit(f"manage.py {' '.join(arguments)} failed:\n{done.stderr[-3000:]}")
    return seconds, peak_kb / 1024, done.stdout


def last_line(output: str) -> str:
    return output.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--acled-rows", type=int, default=100_000)
    parser.add_argument("--gdelt-rows", type=int, default=200_000)
    options = parser.parse_args()
    url = options.database_url
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        acled = Path(folder) / "acled.csv"
        gdelt = Path(folder) / "events.export.CSV"
        acled_file(acled, options.acled_rows)
        india = gdelt_file(gdelt, options.gdelt_rows)
        size = {p: p.stat().st_size / 1024 / 1024 for p in (acled, gdelt)}

        fresh_database(url)
        command = ["import_timeline", str(acled), "--timeline", "bench-acled"]
        seconds, peak, output = manage(url, *command)
        rows.append(
            Row(
                f"ACLED import ({size[acled]:.0f} MB file)",
                f"{options.acled_rows:,}",
                f"{seconds:.1f} s, peak {peak:.0f} MB",
                f"{options.acled_rows / seconds:,.0f} rows/s",
            )
        )
        seconds, peak, output = manage(url, *command)
        rows.append(
            Row(
                "ACLED re-import, same file (nothing changes)",
                f"{options.acled_rows:,}",
                f"{seconds:.1f} s, peak {peak:.0f} MB",
                last_line(output)[:60],
            )
        )
        command = ["import_timeline", str(gdelt), "--timeline", "bench-gdelt"]
        seconds, peak, output = manage(url, *command, "--countries", "IND,PAK,IN,PK")
        rows.append(
            Row(
                f"GDELT import filtered to IND/PAK ({size[gdelt]:.0f} MB file)",
                f"{options.gdelt_rows:,} read, {india:,} kept",
                f"{seconds:.1f} s, peak {peak:.0f} MB",
                f"{options.gdelt_rows / seconds:,.0f} rows/s read",
            )
        )
    print(table(rows))


if __name__ == "__main__":
    main()
