"""Real app-server processes (uvicorn, gunicorn) for tests that need more than the test client.

A server process cannot see pytest's in-memory SQLite database, so `shared_database_url` gives
it one it can open: on PostgreSQL the test database itself (the test must commit its data, i.e.
use `transactional_db`), on SQLite a migrated file in the test's temporary folder.
"""

from __future__ import annotations

import contextlib
import io
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

from django.core.management import call_command
from django.db import connection

PROJECT_DIR = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def postgres_url_of_test_database() -> str:
    settings = connection.settings_dict
    user = quote(settings["USER"] or "", safe="")
    password = f":{quote(settings['PASSWORD'], safe='')}" if settings["PASSWORD"] else ""
    host = settings["HOST"] or "127.0.0.1"
    port = settings["PORT"] or 5432
    return f"postgres://{user}{password}@{host}:{port}/{settings['NAME']}"


def shared_database_url(tmp_path: Path) -> str:
    """A database both this test and a server process use, holding the demo timeline."""
    if connection.vendor == "postgresql":
        call_command("load_demo", stdout=io.StringIO())
        return postgres_url_of_test_database()
    url = f"sqlite:///{tmp_path / 'served.sqlite3'}"
    env = server_environment(url)
    for command in (["migrate", "--noinput"], ["load_demo"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=PROJECT_DIR,
            env=env,
            check=True,
            capture_output=True,
        )
    return url


def server_environment(database_url: str, **overrides: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update({"DATABASE_URL": database_url, "DJANGO_ENV": "development", "DEBUG": "0"})
    env.update(overrides)
    return env


def get(url: str, headers: dict[str, str] | None = None, timeout: float = 10):
    """(status, headers, body text) of a GET, without raising on 4xx/5xx."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode(errors="replace")


@contextlib.contextmanager
def running_server(argv: list[str], env: dict[str, str], port: int) -> Iterator[str]:
    """Start a server, wait until /healthz answers, yield its base URL, stop it."""
    # A file, not a pipe: a chatty server would block once a pipe's buffer is full.
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            argv, cwd=PROJECT_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            yield wait_until_answering(process, log, argv[0], f"http://127.0.0.1:{port}")
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_until_answering(process, log, name: str, base_url: str) -> str:
    deadline = time.monotonic() + 30
    while True:
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"{name} exited early:\n{log.read().decode()}")
        with contextlib.suppress(OSError):
            if get(f"{base_url}/healthz", timeout=2)[0] == 200:
                return base_url
        if time.monotonic() > deadline:
            raise RuntimeError(f"{name} did not answer on {base_url} within 30 s")
        time.sleep(0.2)


def uvicorn(env: dict[str, str], port: int):
    argv = [
        str(BIN / "uvicorn"),
        "config.asgi:application",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--no-access-log",
    ]
    return running_server(argv, env, port)


def gunicorn(env: dict[str, str], port: int, workers: int = 1):
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": str(workers)}
    return running_server([str(BIN / "gunicorn"), "--config", "config/gunicorn.py"], env, port)
