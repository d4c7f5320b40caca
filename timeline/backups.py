"""Back up and restore the whole database: `make backup`, `make restore FILE=...`.

PostgreSQL: ``pg_dump --format=custom`` and ``pg_restore --clean --if-exists`` in one
transaction, so a failed restore leaves the database as it was. The password, when there is
one, goes to the tools through the environment, never on their command line.

SQLite: SQLite's own online backup (Python's ``sqlite3`` backup API) copies every page of the
database into the backup file, and back. It is exact (schema, rows, sequences, history) and
consistent while the app runs, but it is a copy of the file, not a portable format: it restores
into SQLite only.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path


class BackupError(RuntimeError):
    pass


def _vendor(settings_dict: dict) -> str:
    engine = settings_dict["ENGINE"]
    if engine.endswith("postgresql"):
        return "postgresql"
    if engine.endswith("sqlite3"):
        return "sqlite"
    raise BackupError(f"No backup method for the {engine} database engine.")


def _postgres_command(tool: str, settings_dict: dict) -> tuple[list[str], dict[str, str]]:
    executable = shutil.which(tool)
    if executable is None:
        raise BackupError(f"{tool} is not installed (Debian: apt-get install postgresql-client).")
    arguments = [executable, "--no-owner", "--no-privileges"]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            arguments += [option, str(settings_dict[key])]
    environ = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        environ["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return arguments, environ


def _run(arguments: list[str], environ: dict[str, str]) -> None:
    result = subprocess.run(  # noqa: S603 - arguments built above, no shell
        arguments, env=environ, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{Path(arguments[0]).name} failed:\n{result.stderr.strip()}")


def _sqlite_connect(name: str | Path) -> sqlite3.Connection:
    name = str(name)
    return sqlite3.connect(name, uri=name.startswith("file:"))


def backup(path: Path, settings_dict: dict) -> Path:
    """Write a backup of the database described by ``settings_dict`` to ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if _vendor(settings_dict) == "postgresql":
        arguments, environ = _postgres_command("pg_dump", settings_dict)
        arguments += ["--format=custom", "--file", str(path), settings_dict["NAME"]]
        _run(arguments, environ)
        return path
    source = _sqlite_connect(settings_dict["NAME"])
    target = sqlite3.connect(path)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()
    return path


def restore(path: Path, settings_dict: dict) -> None:
    """Replace the content of the database described by ``settings_dict`` with the backup."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"No backup file at {path}.")
    if _vendor(settings_dict) == "postgresql":
        arguments, environ = _postgres_command("pg_restore", settings_dict)
        arguments += [
            "--clean",
            "--if-exists",
            "--single-transaction",
            "--exit-on-error",
            "--dbname",
            settings_dict["NAME"],
            str(path),
        ]
        _run(arguments, environ)
        return
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    target = _sqlite_connect(settings_dict["NAME"])
    try:
        source.backup(target)
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not an SQLite backup: {error}") from error
    finally:
        target.close()
        source.close()
