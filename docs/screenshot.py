"""Screenshot the demo chronology for the README: `python docs/screenshot.py`.

The map: `python docs/screenshot.py --path map/ --out docs/map.png --height 1700`.

Starts `manage.py runserver` on a free local port with a throwaway SQLite database holding the
demo timeline (or uses `--url` of a server already running), opens the chronology in Debian's
Chromium through Playwright and writes `docs/chronology.png`.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support import chromium, servers  # noqa: E402

DEMO_PATH = "/timelines/india-pakistan-ceasefire-2025/"


def start_demo_server(workdir: Path, port: int):
    """runserver on a throwaway SQLite database holding the demo timeline."""
    env = servers.development_environment(f"sqlite:///{workdir / 'demo.sqlite3'}")
    for command in (["migrate", "--noinput", "-v", "0"], ["load_demo"]):
        servers.manage(env, *command)
    return servers.runserver(env, port)


def capture(base_url: str, out: Path, width: int, height: int, scheme: str, path: str = "") -> None:
    with sync_playwright() as playwright:
        browser = chromium.launch(playwright)
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
        with (
            tempfile.TemporaryDirectory() as workdir,
            start_demo_server(Path(workdir), servers.free_port()) as base_url,
        ):
            capture(base_url, args.out, args.width, args.height, args.scheme, args.path)
    print(f"Wrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")


if __name__ == "__main__":
    main()
