"""gunicorn serving the app with production settings, for the load and fault runs.

Production-like: DJANGO_ENV=production (DEBUG off, manifest static files, the psycopg pool with
health checks), but plain HTTP on loopback (SECURE_SSL_REDIRECT=0): the load generator speaks
HTTP, and TLS is the proxy's job in a real deployment.
"""

from __future__ import annotations

import http.client
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.support.servers import (
    PROJECT_DIR,
    free_port,
    manage,
    production_environment,
    wait_until,
)


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
        return manage(self.environ, *args)

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
            cwd=PROJECT_DIR,
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
