"""Headless Debian Chromium for the web chat's browser tests and the README's screenshot."""

from __future__ import annotations

import shutil

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def find_chromium() -> str | None:
    """The installed chromium (never Playwright's own download: no network here)."""
    return shutil.which("chromium") or shutil.which("chromium-browser")
