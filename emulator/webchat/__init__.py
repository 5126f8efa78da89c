"""The emulator's web chat: a Telegram-like page at `/`, plain HTML, CSS and JS with no build step.

The page talks only to the control API (`emulator/CONTROL_API.md`). `app.js` is the entry point;
the other scripts are the ES modules it imports, one concern each.
"""

from __future__ import annotations

import re
from pathlib import Path

from aiohttp import web

STATIC_DIR = Path(__file__).parent
# The page's scripts (ES modules) and style sheet; nothing else here is reachable over HTTP.
ASSET_NAME = re.compile(r"[a-z][a-z-]*\.(js|css)")
CONTENT_TYPES = {"js": "text/javascript", "css": "text/css"}
# The emulator is a development tool: always serve the files on disk as they are now.
NO_CACHE = {"Cache-Control": "no-cache"}


async def _index(request: web.Request) -> web.FileResponse:
    return web.FileResponse(
        STATIC_DIR / "index.html",
        headers={**NO_CACHE, "Content-Type": "text/html; charset=utf-8"},
    )


async def _asset(request: web.Request) -> web.FileResponse:
    name = request.match_info["name"]
    match = ASSET_NAME.fullmatch(name)
    if match is None or not (STATIC_DIR / name).is_file():
        raise web.HTTPNotFound()
    content_type = CONTENT_TYPES[match.group(1)]
    return web.FileResponse(
        STATIC_DIR / name,
        headers={**NO_CACHE, "Content-Type": f"{content_type}; charset=utf-8"},
    )


def setup_webchat(app: web.Application) -> None:
    """Serve the web chat at `/` and its script and style under `/webchat/`."""
    app.router.add_get("/", _index)
    app.router.add_get("/webchat/{name}", _asset)
