"""The benchmark databases: created, migrated and seeded once, reused while nothing changed.

Each database carries a fingerprint (as its PostgreSQL comment) of what its contents depend on:
the migrations, the data generator and the seed parameters. A run whose fingerprint differs
drops and rebuilds that database, so seeding a million events happens once, not every run.
Only databases whose names start with the configured bench name are ever dropped.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

PROJECT_DIR = Path(__file__).resolve().parent.parent
FINGERPRINT_INPUTS = [
    "timeline/management/synthetic.py",
    "timeline/management/commands/seed_bench.py",
    *sorted(str(p.relative_to(PROJECT_DIR)) for p in PROJECT_DIR.glob("timeline/migrations/*.py")),
]


@dataclass(frozen=True)
class Seed:
    """One `seed_bench` run: timelines of `events` events each, slugs `<prefix>-1`..."""

    prefix: str
    events: int
    timelines: int = 1
    citations_per_event: int = 2

    def arguments(self) -> list[str]:
        return [
            "--prefix",
            self.prefix,
            "--timelines",
            str(self.timelines),
            "--events",
            str(self.events),
            "--citations-per-event",
            str(self.citations_per_event),
        ]


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def fingerprint(seeds: list[Seed]) -> str:
    digest = hashlib.sha256()
    for relative in FINGERPRINT_INPUTS:
        digest.update(relative.encode())
        digest.update((PROJECT_DIR / relative).read_bytes())
    digest.update(repr(seeds).encode())
    return "bench:" + digest.hexdigest()[:16]


def manage(database_url: str, *arguments: str) -> None:
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_ENV": "development"}
    env.pop("REDIS_URL", None)
    subprocess.run([sys.executable, "manage.py", *arguments], cwd=PROJECT_DIR, env=env, check=True)


def ensure(base_url: str, name: str, seeds: list[Seed], log=print) -> str:
    """The URL of database `name`, built from `seeds` unless an identical one exists."""
    if "bench" not in name or not name.startswith(database_name(base_url)):
        raise ValueError(f"refusing to drop and rebuild {name}: not a bench database")
    wanted = fingerprint(seeds)
    maintenance = with_database(base_url, "postgres")
    with psycopg.connect(maintenance, autocommit=True) as connection:
        found = connection.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [name],
        ).fetchone()
        if found and found[0] == wanted:
            log(f"  {name}: up to date, reused")
            return with_database(base_url, name)
        identifier = sql.Identifier(name)
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(identifier))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(identifier))
    url = with_database(base_url, name)
    started = time.monotonic()
    log(f"  {name}: migrating and seeding {', '.join(f'{s.events:,} events' for s in seeds)}")
    manage(url, "migrate", "--noinput", "--verbosity", "0")
    for seed in seeds:
        manage(url, "seed_bench", *seed.arguments())
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                sql.Identifier(name), sql.Literal(wanted)
            )
        )
    log(f"  {name}: ready in {time.monotonic() - started:.0f} s")
    return url
