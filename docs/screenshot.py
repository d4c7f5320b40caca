"""Screenshot the demo chronology for the README: `python docs/screenshot.py`.

The map: `python docs/screenshot.py --path map/ --out docs/map.png --height 1700`.

Starts `manage.py runserver` on a free local port with a throwaway SQLite database holding the
demo timeline (or uses `--url` of a server already running), opens the chronology in Debian's
Chromium through Playwright and writes `docs/chronology.png`.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
DEMO_PATH = "/timelines/india-pakistan-ceasefire-2025/"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"The server at {url} did not answer within {timeout:.0f} s.")


def start_demo_server(workdir: Path) -> tuple[subprocess.Popen, str]:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{workdir / 'demo.sqlite3'}",
        "DJANGO_ENV": "development",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (["migrate", "--noinput", "-v", "0"], ["load_demo"]):
        subprocess.run(manage + command, env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    port = free_port()
    server = subprocess.Popen(
        manage + ["runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return server, f"http://127.0.0.1:{port}"


def capture(base_url: str, out: Path, width: int, height: int, scheme: str, path: str = "") -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(
            viewport={"width": width, "height": height},
            device_scale_factor=1,
            color_scheme=scheme,
            locale="en-GB",
            timezone_id="UTC",
        )
        page.goto(base_url + DEMO_PATH + path, wait_until="networkidle")
        page.screenshot(path=str(out), full_page=False)
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running server to use instead of starting one")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "chronology.png")
    parser.add_argument("--width", type=int, default=1200)
    parser.add_argument("--height", type=int, default=1500)
    parser.add_argument("--scheme", choices=["light", "dark"], default="light")
    parser.add_argument("--path", default="", help="after the demo's address, e.g. map/")
    args = parser.parse_args()

    if args.url:
        capture(args.url.rstrip("/"), args.out, args.width, args.height, args.scheme, args.path)
    else:
        with tempfile.TemporaryDirectory() as workdir:
            server, base_url = start_demo_server(Path(workdir))
            try:
                wait_for(base_url + "/healthz")
                capture(base_url, args.out, args.width, args.height, args.scheme, args.path)
            finally:
                server.terminate()
                server.wait(timeout=10)
    print(f"Wrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")


if __name__ == "__main__":
    main()
