"""gunicorn settings for `make serve` and for production: `gunicorn -c config/gunicorn.py`.

Everything can be overridden from the environment, so the same file serves a laptop and a
container:

- WEB_CONCURRENCY: worker processes (default 2 x usable cores + 1, gunicorn's own advice for
  sync workers, which spend part of each request waiting on PostgreSQL);
- GUNICORN_BIND: where to listen (default HOST:PORT, i.e. 127.0.0.1:8000);
- GUNICORN_ACCESS_LOG: "-" for stdout or a file path; unset: no access log (a load balancer or
  proxy in front normally keeps one, and writing a line per request costs throughput);
- GUNICORN_TIMEOUT: seconds before a stuck worker is restarted (default 30);
- GC_YOUNG_THRESHOLD: allocations between collections of young objects in each worker
  (default 10000; Python's own is 700; 0 leaves Python's settings alone).
"""

from __future__ import annotations

import gc
import os
from pathlib import Path


def usable_cores() -> int:
    """Cores this process may run on (a container's CPU set, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS has no sched_getaffinity
        return os.cpu_count() or 1


wsgi_app = "config.wsgi:application"
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * usable_cores() + 1)
bind = os.environ.get("GUNICORN_BIND") or (
    f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
)
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# gunicorn 27 otherwise opens a control socket under ~/.gunicorn, shared by every instance of
# the same user: two servers (or a server and the tests) would fight over it.
control_socket_disable = True
# Workers signal liveness by touching a file; on a container's overlay filesystem that write can
# block for seconds, so use memory-backed /dev/shm where there is one.
SHARED_MEMORY = Path("/dev/shm")  # noqa: S108 - only heartbeat files, as gunicorn's docs advise
if SHARED_MEMORY.is_dir():
    worker_tmp_dir = str(SHARED_MEMORY)


def post_worker_init(worker) -> None:
    """Once a worker has loaded the app: its startup objects (modules, URL patterns, compiled
    templates...) are frozen out of the garbage collector's reach, and young objects are
    collected every GC_YOUNG_THRESHOLD allocations rather than 700. An uncached page builds
    tens of thousands of objects, nearly all freed by reference counting; Python's defaults
    ran about two collections of young objects per request and a full one every few hundred,
    each walking every object the app holds (about a tenth of the page's CPU)."""
    young = int(os.environ.get("GC_YOUNG_THRESHOLD", "10000"))
    if young:
        gc.collect()
        gc.freeze()
        _, middle, old = gc.get_threshold()
        gc.set_threshold(young, middle, old)
