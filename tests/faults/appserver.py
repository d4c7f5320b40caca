"""gunicorn serving the app with production settings, for the load and fault runs.

Production-like: DJANGO_ENV=production (DEBUG off, manifest static files, the psycopg pool with
health checks), but plain HTTP on loopback (SECURE_SSL_REDIRECT=0): the load generator speaks
HTTP, and TLS is the proxy's job in a real deployment.
"""

from __future__ import annotations

import http.client
import os
import secrets
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.faults.cluster import free_port, wait_until

BASE_DIR = Path(__file__).resolve().parents[2]


def production_environment(database_url: str, static_root: Path, **extra: str) -> dict[str, str]:
    environ = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"))
    }
    environ.update(
        DJANGO_ENV="production",
        DJANGO_SETTINGS_MODULE="config.settings",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        DATABASE_URL=database_url,
        STATIC_ROOT=str(static_root),
        LOG_LEVEL="ERROR",
    )
    environ.update(extra)
    return environ


class AppServer:
    def __init__(self, database_url: str, *, workers: int = 2, threads: int = 4, **env: str):
        self.directory = Path(tempfile.mkdtemp(prefix="timeline-faults-app-"))
        self.port = free_port()
        self.workers = workers
        self.threads = threads
        self.environ = production_environment(database_url, self.directory / "static", **env)
        self.process: subprocess.Popen | None = None
        self.log_path = self.directory / "gunicorn.log"

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=BASE_DIR,
            env=self.environ,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
        return result.stdout

    def prepare(self) -> None:
        self.manage("collectstatic", "--noinput", "-v", "0")
        self.manage("migrate", "--noinput", "-v", "0")
        self.manage("load_demo")

    def create_editors(self, usernames: list[str], password: str, timeline_slug: str) -> None:
        """Editor accounts for the load's editors (production loads no demo accounts)."""
        self.manage(
            "shell",
            "-c",
            "from django.contrib.auth.models import User\n"
            "from timeline.models import Timeline\n"
            f"timeline = Timeline.objects.get(slug={timeline_slug!r})\n"
            f"for name in {usernames!r}:\n"
            f"    timeline.editors.add(User.objects.create_user(name, password={password!r}))\n",
        )

    def start(self) -> None:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--no-control-socket",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--worker-class",
                "gthread",
                "--threads",
                str(self.threads),
                "--timeout",
                "60",
                "--graceful-timeout",
                "5",
            ],  # fmt: skip
            cwd=BASE_DIR,
            env=self.environ,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        if not wait_until(lambda: self.get("/healthz")[0] == 200, timeout=60, interval=0.2):
            self.stop()
            raise RuntimeError(f"gunicorn did not become healthy:\n{self.log()}")

    def get(self, path: str) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            return response.status, response.read()
        except OSError:
            return 0, b""
        finally:
            connection.close()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self.process = None

    def __enter__(self) -> AppServer:
        self.prepare()
        self.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()
