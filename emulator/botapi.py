"""The Bot API over HTTP: `/bot{token}/{method}` and `/file/bot{token}/{file_path}`.

Reads form, multipart and JSON bodies as aiogram sends them, checks the call against the spec,
runs the method and answers `{"ok": true, "result": ...}` or Telegram's error JSON.
"""

from __future__ import annotations

import json
from typing import Any

from aiohttp import BodyPartReader, web

from emulator.checker import check_call
from emulator.errors import NOT_FOUND, BotApiError
from emulator.faults import FAULTS_KEY, FILE_DOWNLOAD
from emulator.methods.call import Call, UploadedPart
from emulator.methods.registry import METHODS
from emulator.spec import ApiSpec
from emulator.world import World

WORLD_KEY = web.AppKey("emulator_world", World)
SPEC_KEY = web.AppKey("emulator_spec", ApiSpec)
# Telegram resolves method names case-insensitively.
_BY_LOWER_NAME = {name.lower(): name for name in METHODS}


def error_response(error: BotApiError) -> web.Response:
    return web.json_response(error.to_json(), status=error.error_code)


async def read_request(
    request: web.Request,
) -> tuple[dict[str, Any], dict[str, UploadedPart], bool]:
    """(raw parameters, uploaded parts, whether the values are text to be typed)."""
    raw: dict[str, Any] = dict(request.query)
    parts: dict[str, UploadedPart] = {}
    if request.content_type == "application/json":
        try:
            body = await request.json()
        except ValueError:
            raise BotApiError(400, "Bad Request: can't parse JSON request") from None
        if not isinstance(body, dict):
            raise BotApiError(400, "Bad Request: JSON request must be an object")
        return {**raw, **body}, parts, False
    if request.content_type == "multipart/form-data":
        reader = await request.multipart()
        async for part in reader:
            if not isinstance(part, BodyPartReader) or part.name is None:
                continue
            if part.filename is not None:
                data = await part.read()
                content_type = part.headers.get("Content-Type")
                parts[part.name] = UploadedPart(bytes(data), part.filename, content_type)
            else:
                raw[part.name] = await part.text()
        return raw, parts, True
    if request.can_read_body:
        raw.update({k: v for k, v in (await request.post()).items() if isinstance(v, str)})
    return raw, parts, True


async def handle_method(request: web.Request) -> web.Response:
    world = request.app[WORLD_KEY]
    try:
        world.authorize(request.match_info["token"])
        method = _BY_LOWER_NAME.get(request.match_info["method"].lower())
        if method is None:
            raise NOT_FOUND
        raw, parts, textual = await read_request(request)
        params = check_call(
            request.app[SPEC_KEY], method, raw, textual=textual, uploads=parts.keys()
        )
        faults = request.app.get(FAULTS_KEY)
        if faults is not None:  # errors on demand (emulator/faults.py)
            await faults.raise_if_due(method, params)
        result = await METHODS[method](Call(world, method, params, parts))
    except BotApiError as error:
        return error_response(error)
    return web.json_response({"ok": True, "result": result}, dumps=_dumps)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


async def handle_file(request: web.Request) -> web.StreamResponse:
    world = request.app[WORLD_KEY]
    try:
        world.authorize(request.match_info["token"])
        faults = request.app.get(FAULTS_KEY)
        if faults is not None:  # a download refused on demand (emulator/faults.py)
            await faults.raise_if_due(FILE_DOWNLOAD, {})
    except BotApiError as error:
        return error_response(error)
    stored = world.files.by_path(request.match_info["file_path"])
    if stored is None:
        return error_response(NOT_FOUND)
    content_type = stored.mime_type or "application/octet-stream"
    return web.Response(body=stored.data, content_type=content_type)


def setup_bot_api(app: web.Application) -> None:
    app.router.add_route("*", "/bot{token}/{method}", handle_method)
    app.router.add_get("/file/bot{token}/{file_path:.+}", handle_file)
