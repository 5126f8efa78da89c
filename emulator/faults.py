"""Faults on demand: the next N calls of a method (optionally to one chat) answer an error.

Real Telegram sometimes answers 500 or 502, takes too long, says 429 with a `retry_after` before a
bucket we could see is empty, or 403 once a user blocks the bot. Tests of a sender need each of
these at a moment they choose: `POST /_emu/faults` queues one, and the Bot API consumes it on the
first matching call (after the call's parameters have been checked, so a malformed call still
fails as it would). The server also counts its answers by status, flood control's 429s included,
so that a test can say "no 429 was answered" from the server's side.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from emulator.errors import BotApiError

FAULT_STATUSES = {400, 403, 404, 429, 500, 502, 503, 504}
# The "method" of a file download at `/file/bot{token}/{file_path}`: Telegram answers 404 there
# once a file path has expired (an hour after getFile), and 5xx when its file servers fail.
FILE_DOWNLOAD = "file"
_DEFAULT_DESCRIPTIONS = {
    400: "Bad Request: chat not found",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    429: "Too Many Requests: retry after {retry_after}",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


@dataclass
class Fault:
    status: int
    times: int
    method: str | None = None
    chat_id: int | None = None
    retry_after: int = 1
    delay: float = 0.0  # seconds before the answer: longer than a client's timeout is a timeout
    description: str | None = None

    def matches(self, method: str, params: dict[str, Any]) -> bool:
        if self.method is None and method == FILE_DOWNLOAD:  # "any method": of the Bot API
            return False
        if self.method is not None and self.method.lower() != method.lower():
            return False
        if self.chat_id is None:
            return True
        chat = params.get("chat_id")
        return chat is not None and str(chat) == str(self.chat_id)

    def error(self) -> BotApiError:
        text = self.description or _DEFAULT_DESCRIPTIONS[self.status]
        if self.status == 429:
            return BotApiError(429, text.format(retry_after=self.retry_after), self.retry_after)
        return BotApiError(self.status, text)

    def as_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "times": self.times,
            "method": self.method,
            "chat_id": self.chat_id,
            "retry_after": self.retry_after,
            "delay": self.delay,
            "description": self.description,
        }


class Faults:
    def __init__(self) -> None:
        self.pending: list[Fault] = []
        self.answered: Counter[int] = Counter()  # Bot API answers by HTTP status
        self.methods: Counter[str] = Counter()  # Bot API calls by method (benchmarks count them)

    def add(self, fault: Fault) -> None:
        if fault.status not in FAULT_STATUSES:
            raise ValueError(f"status must be one of {sorted(FAULT_STATUSES)}")
        if fault.times < 1:
            raise ValueError("times must be at least 1")
        self.pending.append(fault)

    def clear(self) -> None:
        self.pending.clear()
        self.answered.clear()
        self.methods.clear()

    async def raise_if_due(self, method: str, params: dict[str, Any]) -> None:
        """Raises the first queued fault matching the call (and counts it down)."""
        for fault in self.pending:
            if fault.matches(method, params):
                fault.times -= 1
                if fault.times == 0:
                    self.pending.remove(fault)
                if fault.delay:
                    await asyncio.sleep(fault.delay)
                raise fault.error()

    def as_json(self) -> dict[str, Any]:
        return {
            "pending": [fault.as_json() for fault in self.pending],
            "answered": {str(status): count for status, count in sorted(self.answered.items())},
            "methods": dict(sorted(self.methods.items())),
        }


FAULTS_KEY = web.AppKey("emulator_faults", Faults)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@web.middleware
async def _count_answers(request: web.Request, handler: Handler) -> web.StreamResponse:
    response = await handler(request)
    if request.path.startswith("/bot"):
        faults = request.app[FAULTS_KEY]
        faults.answered[response.status] += 1
        faults.methods[request.path.rsplit("/", 1)[-1].lower()] += 1
    return response


def _reply(result: Any) -> web.Response:
    return web.json_response({"ok": True, "result": result})


async def _get_faults(request: web.Request) -> web.Response:
    return _reply(request.app[FAULTS_KEY].as_json())


async def _post_fault(request: web.Request) -> web.Response:
    try:
        data = await request.json()
        if not isinstance(data, dict):
            raise TypeError("the body must be a JSON object")
        chat_id = data.get("chat_id")
        fault = Fault(
            status=int(data["status"]),
            times=int(data.get("times", 1)),
            method=data.get("method"),
            chat_id=int(chat_id) if chat_id is not None else None,
            retry_after=int(data.get("retry_after", 1)),
            delay=float(data.get("delay", 0.0)),
            description=data.get("description"),
        )
        request.app[FAULTS_KEY].add(fault)
    except (KeyError, TypeError, ValueError) as error:
        return web.json_response({"ok": False, "error": f"bad request: {error!r}"}, status=400)
    return _reply(fault.as_json())


async def _delete_faults(request: web.Request) -> web.Response:
    request.app[FAULTS_KEY].clear()
    return _reply(True)


def setup_faults(app: web.Application) -> None:
    app[FAULTS_KEY] = Faults()
    app.middlewares.append(_count_answers)
    app.router.add_get("/_emu/faults", _get_faults)
    app.router.add_post("/_emu/faults", _post_fault)
    app.router.add_delete("/_emu/faults", _delete_faults)
