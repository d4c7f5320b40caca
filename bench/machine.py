"""What the figures were measured on: cores, memory, CPU and the versions that matter."""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
from importlib import metadata
from pathlib import Path

import psycopg


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def _postgres_version(database_url: str) -> str:
    with psycopg.connect(database_url, autocommit=True) as connection:
        return connection.execute("SELECT current_setting('server_version')").fetchone()[0]


def _wrk_version() -> str:
    if not shutil.which("wrk"):
        return "not installed (Python load generator used)"
    result = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False)
    return (result.stdout or result.stderr).split("[", 1)[0].strip()


def describe(database_url: str) -> dict[str, str]:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "cores (nproc)": str(cores),
        "CPU": _cpu_model(),
        "memory": _memory(),
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "Django": metadata.version("Django"),
        "PostgreSQL": _postgres_version(database_url),
        "psycopg": metadata.version("psycopg"),
        "gunicorn": metadata.version("gunicorn"),
        "load generator": _wrk_version(),
        # The machine may be shared: its load says how far to trust absolute figures.
        "load average at start (1, 5, 15 min)": ", ".join(f"{x:.1f}" for x in os.getloadavg()),
    }
