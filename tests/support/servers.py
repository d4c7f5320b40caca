"""Real server processes for what needs more than Django's test client: tests (uvicorn and
gunicorn serving, caches across processes, faults), bench/ and docs/screenshot.py.

Every server is started from the project directory with an explicit environment, and is ready
once ``/healthz`` answers 200.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def development_environment(database_url: str, **overrides: str) -> dict[str, str]:
    """This process's environment for a development server on `database_url` (DEBUG off)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update({"DATABASE_URL": database_url, "DJANGO_ENV": "development", "DEBUG": "0"})
    env.update(overrides)
    return env


def production_environment(database_url: str, static_root: Path, **extra: str) -> dict[str, str]:
    """DJANGO_ENV=production (DEBUG off, manifest static files, the psycopg pool), a fresh
    secret key, plain HTTP on loopback (TLS is the proxy's job), static files in `static_root`."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"))
        and key != "GUNICORN_ACCESS_LOG"
    }
    env.update(
        DJANGO_ENV="production",
        DJANGO_SETTINGS_MODULE="config.settings",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        DATABASE_URL=database_url,
        STATIC_ROOT=str(static_root),
        LOG_LEVEL="ERROR",
    )
    env.update(extra)
    return env


def manage(env: dict[str, str], *args: str, timeout: float = 300) -> str:
    """Run ``manage.py`` with `env`; its output, or RuntimeError with what it printed."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


def get_bytes(url: str, headers: dict[str, str] | None = None, timeout: float = 10):
    """(status, headers, body bytes) of a GET, without raising on 4xx/5xx."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def get(url: str, headers: dict[str, str] | None = None, timeout: float = 10):
    """(status, headers, body text) of a GET, without raising on 4xx/5xx."""
    status, response_headers, body = get_bytes(url, headers, timeout)
    return status, response_headers, body.decode(errors="replace")


def wait_until(predicate, timeout: float, interval: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False


def wait_until_answering(process, log, name: str, base_url: str, timeout: float = 30) -> str:
    """`base_url` once its /healthz answers 200; RuntimeError with the log if the process
    exits or `timeout` seconds pass."""
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"{name} exited early:\n{log.read().decode(errors='replace')}")
        with contextlib.suppress(OSError):
            if get(f"{base_url}/healthz", timeout=2)[0] == 200:
                return base_url
        if time.monotonic() > deadline:
            raise RuntimeError(f"{name} did not answer on {base_url} within {timeout:.0f} s")
        time.sleep(0.2)


@contextlib.contextmanager
def running_server(
    argv: list[str], env: dict[str, str], port: int, timeout: float = 30
) -> Iterator[str]:
    """Start a server, wait until /healthz answers, yield its base URL, stop it."""
    # A file, not a pipe: a chatty server would block once a pipe's buffer is full.
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            argv, cwd=PROJECT_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            yield wait_until_answering(
                process, log, Path(argv[0]).name, f"http://127.0.0.1:{port}", timeout
            )
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


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


def gunicorn(
    env: dict[str, str], port: int | None = None, workers: int | None = None, timeout: float = 30
):
    """gunicorn with config/gunicorn.py on `port` (a free one by default), with `workers`
    processes (by default as the environment or config/gunicorn.py says)."""
    port = port or free_port()
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}"}
    if workers is not None:
        env["WEB_CONCURRENCY"] = str(workers)
    return running_server(
        [str(BIN / "gunicorn"), "--config", "config/gunicorn.py"], env, port, timeout
    )


def runserver(env: dict[str, str], port: int):
    """Django's development server (no reloader)."""
    argv = [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"]
    return running_server(argv, env, port)
