"""Run the app as in production on one machine: nginx -> gunicorn (uvicorn workers) + job worker.

`make serve` calls this after collectstatic and migrate. It renders deploy/nginx.conf.template
into $SERVE_DIR/nginx.conf, starts the three processes in the foreground, and stops them all
when one of them stops or on Ctrl-C / SIGTERM.

Environment (defaults in brackets):
  HOST, PORT            where nginx listens [127.0.0.1, 8000]
  APP_BIND              where gunicorn listens, nginx's upstream [unix:$SERVE_DIR/app.sock]
  SERVE_DIR             nginx's configuration, cache, logs, pid [var/serve]
  RATE_LIMIT_RPS        requests per second per client address; 0 turns the limit off [20]
  RATE_LIMIT_BURST      requests allowed above the rate before 429s [40]
  NGINX_ACCESS_LOG      a file for nginx's access log; "off" [off]
  WEB_CONCURRENCY       gunicorn workers [2 x cores + 1, config/gunicorn.py]
  JOB_WORKER            the job worker's command; "off" for none
                        [`manage.py db_worker` when django-tasks provides it]
  SECURE_COOKIES        session and CSRF cookies only over https [0 when nginx listens on a
                        loopback address (plain http, this machine only), else 1]
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "deploy" / "nginx.conf.template"


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)), None
    )


# What a value may hold inside an nginx double-quoted string: no quote, backslash, `$` (a
# variable) or control character. A policy needing one is refused at start, not half-written.
NGINX_SAFE_VALUE = re.compile(r'[^"\\$\x00-\x1f\x7f]*')


def security_header_lines(headers: dict[str, str]) -> tuple[str, str]:
    """nginx's part of timeline/front_headers.py: one map per header, to its default value when
    the app's response brought no Content-Security-Policy (none does for a static file or
    nginx's own error page), else to "" (nginx adds no header with an empty value); and the
    add_header lines each location repeats (a location with add_header of its own inherits
    none). Without a default policy the app keeps all its headers, and nginx adds none."""
    if "Content-Security-Policy" not in headers:
        return "", ""
    # The app's header is looked up once; each header's map reads this flag (maps are
    # evaluated once a request).
    maps = [
        "    map $upstream_http_content_security_policy $app_sent_security_headers {\n"
        '        "" 0;\n        default 1;\n    }'
    ]
    adds = []
    for name, value in headers.items():
        if not NGINX_SAFE_VALUE.fullmatch(value) or not re.fullmatch(r"[A-Za-z0-9-]+", name):
            raise ValueError(f"The security header {name}: {value!r} cannot be written to nginx")
        variable = "$front_" + name.lower().replace("-", "_")
        maps.append(
            f"    map $app_sent_security_headers {variable} {{\n"
            f'        0 "{value}";\n        default "";\n    }}'
        )
        adds.append(f"add_header {name} {variable} always;")
    return "\n".join(maps), "\n            ".join(adds)


def render_nginx_conf(
    serve_dir: Path,
    app_address: str,
    static_root: Path,
    security_headers: dict[str, str],
    env=os.environ,
):
    rate = int(env.get("RATE_LIMIT_RPS", "20") or 0)
    maps, adds = security_header_lines(security_headers)
    values = {
        "SERVE_DIR": str(serve_dir),
        "LISTEN": f"{env.get('HOST', '127.0.0.1')}:{env.get('PORT', '8000')}",
        "APP_ADDRESS": app_address,
        "STATIC_ROOT": str(static_root),
        "SESSION_COOKIE": env.get("SESSION_COOKIE_NAME", "sessionid"),
        # nginx refuses rate=0: when the limit is off the key is empty, which nginx never limits.
        "RATE_LIMIT_RPS": str(max(rate, 1)),
        "RATE_LIMIT_ON": "1" if rate > 0 else "0",
        "RATE_LIMIT_BURST": str(int(env.get("RATE_LIMIT_BURST", "40"))),
        "ACCESS_LOG": env.get("NGINX_ACCESS_LOG", "off") or "off",
        "USER_LINE": "user root root;" if os.geteuid() == 0 else "",
        "SECURITY_HEADER_MAPS": maps,
        "SECURITY_HEADERS": adds,
    }
    text = TEMPLATE.read_text()
    for name, value in values.items():
        text = text.replace(f"@{name}@", value)
    serve_dir.mkdir(parents=True, exist_ok=True)
    (serve_dir / "cache").mkdir(exist_ok=True)
    target = serve_dir / "nginx.conf"
    target.write_text(text)
    return target


LOOPBACK_HOSTS = {"localhost", "::1", "[::1]"}


def is_loopback(host: str) -> bool:
    return host in LOOPBACK_HOSTS or host.startswith("127.")


def app_environment(env=os.environ) -> dict[str, str]:
    """The app's environment. nginx here speaks plain http: on a loopback address (nobody but
    this machine can reach it) cookies must not be Secure, or no browser would send them back
    and logging in would fail; anywhere else the secure default stays (put TLS in front)."""
    app_env = dict(env)
    if "SECURE_COOKIES" not in env and is_loopback(env.get("HOST", "127.0.0.1")):
        app_env["SECURE_COOKIES"] = "0"
    # nginx adds the default security headers (deploy/nginx.conf.template, front_headers.py).
    app_env.setdefault("SECURITY_HEADERS_FROM_FRONT", "1")
    return app_env


def job_worker_command(python: str) -> list[str] | None:
    """django-tasks' `db_worker`, when the project has it (see README, "Background jobs")."""
    configured = os.environ.get("JOB_WORKER", "")
    if configured == "off":
        return None
    if configured:
        return configured.split()
    listed = subprocess.run(
        [python, "manage.py", "help", "--commands"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if "db_worker" in listed.stdout.split():
        return [python, "manage.py", "db_worker"]
    return None


# Read from the app's settings at start: where collectstatic put the files, and the security
# headers nginx adds in the app's place.
FROM_SETTINGS = """
import json, django
django.setup()
from django.conf import settings
from timeline.front_headers import default_security_headers
print(json.dumps({
    "static_root": str(settings.STATIC_ROOT),
    "security_headers": default_security_headers(),
}))
"""


def main() -> int:
    nginx = nginx_binary()
    if nginx is None:
        print(
            "nginx is not installed. On Debian or Ubuntu: sudo apt-get install nginx-light "
            "(or nginx); then run `make serve` again.",
            file=sys.stderr,
        )
        return 2
    python = sys.executable
    serve_dir = Path(os.environ.get("SERVE_DIR") or ROOT / "var" / "serve").resolve()
    app_bind = os.environ.get("APP_BIND") or f"unix:{serve_dir / 'app.sock'}"
    from_settings = subprocess.run(
        [python, "-c", FROM_SETTINGS],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    settings = json.loads(from_settings.stdout)
    conf = render_nginx_conf(
        serve_dir, app_bind, Path(settings["static_root"]), settings["security_headers"]
    )
    subprocess.run([nginx, "-t", "-q", "-p", str(serve_dir), "-c", str(conf)], check=True)

    commands = {
        "app": [
            python,
            "-m",
            "gunicorn",
            "--config",
            str(ROOT / "config" / "gunicorn.py"),
            "--worker-class",
            "config.uvicorn_worker.FrontedUvicornWorker",
            "--bind",
            app_bind,
            "config.asgi:application",
        ],
        "nginx": [nginx, "-p", str(serve_dir), "-c", str(conf), "-g", "daemon off;"],
    }
    worker = job_worker_command(python)
    if worker:
        commands["jobs"] = worker
    else:
        print("No job worker: this project has no `db_worker` command yet.", file=sys.stderr)

    app_env = app_environment()
    processes = {
        name: subprocess.Popen(cmd, cwd=ROOT, env=app_env) for name, cmd in commands.items()
    }
    listen = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
    print(f"Serving through nginx at http://{listen}/ (Ctrl-C stops it)", flush=True)

    stopping = False

    def stop(signum=None, frame=None):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    code = 0
    while not stopping:
        for name, process in processes.items():
            if process.poll() is not None:
                print(f"{name} stopped (exit {process.returncode}); stopping the rest.")
                code = process.returncode or 1
                stopping = True
        time.sleep(0.2)
    for process in processes.values():
        if process.poll() is None:
            process.send_signal(signal.SIGTERM if process.args[0] != nginx else signal.SIGQUIT)
    deadline = time.monotonic() + 15
    for process in processes.values():
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
    return code


if __name__ == "__main__":
    sys.exit(main())
