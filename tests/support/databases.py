"""A database that both a test and a server process it starts can open."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.db import connection

from tests.support.servers import PROJECT_DIR, development_environment


def postgres_url_of_test_database() -> str:
    settings = connection.settings_dict
    user = quote(settings["USER"] or "", safe="")
    password = f":{quote(settings['PASSWORD'], safe='')}" if settings["PASSWORD"] else ""
    host = settings["HOST"] or "127.0.0.1"
    port = settings["PORT"] or 5432
    return f"postgres://{user}{password}@{host}:{port}/{settings['NAME']}"


def url_of_test_database() -> str:
    """A URL another process (a worker, a server) can open for this test's own database:
    PostgreSQL's, or SQLite's test file; the test is skipped on an in-memory SQLite database."""
    if connection.vendor == "postgresql":
        return postgres_url_of_test_database()
    name = str(connection.settings_dict["NAME"])
    if connection.vendor != "sqlite" or not name or "memory" in name:
        pytest.skip("another process needs a database it can open (not in-memory SQLite)")
    return f"sqlite:///{name}"


def shared_database_url(tmp_path: Path) -> str:
    """A database holding the demo timeline that a server process can open too.

    A server process cannot see pytest's in-memory SQLite database: on PostgreSQL this is the
    test database itself (the test must commit its data, i.e. use `transactional_db`), on
    SQLite a migrated file in the test's temporary folder.
    """
    if connection.vendor == "postgresql":
        call_command("load_demo", stdout=io.StringIO())
        return postgres_url_of_test_database()
    url = f"sqlite:///{tmp_path / 'served.sqlite3'}"
    env = development_environment(url)
    for command in (["migrate", "--noinput"], ["load_demo"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=PROJECT_DIR,
            env=env,
            check=True,
            capture_output=True,
        )
    return url
