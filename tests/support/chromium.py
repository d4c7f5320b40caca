"""Debian's Chromium, headless, as the browser tests and the screenshot script launch it."""

from __future__ import annotations

import os
from pathlib import Path

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


def launch_args(**extra) -> dict:
    """Keyword arguments for Playwright's ``chromium.launch``."""
    return {"executable_path": str(CHROMIUM), "headless": True, "args": CHROMIUM_ARGS, **extra}


def launch(playwright, **extra):
    """A headless Chromium from a started ``sync_playwright()``."""
    return playwright.chromium.launch(**launch_args(**extra))
