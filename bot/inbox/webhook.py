"""The webhook through the inbox: 200 only once the update is kept (and, within a few seconds,
handled); a redelivered `update_id` is answered 200 and not handled again.

- a missing or wrong secret header → 401, as aiogram's own handler answers;
- a body that is not JSON, or not an Update → 400 and a log line naming the error's type (never
  the body: it is a customer's message);
- the database cannot keep it → 503, and Telegram delivers it again later; the customer gets a
  short apology meanwhile (`outage.py`);
- kept → handled here while Telegram waits, up to `answer_within` seconds; a slower handler goes
  on in the background (the update is kept, so even a crash now loses nothing) and Telegram gets
  its 200 at that limit.
"""

from __future__ import annotations

import json
import logging
import secrets

from aiogram import Bot
from aiohttp import web

from bot.background import error_fields
from bot.inbox.outage import OutageApology
from bot.inbox.received import received_from_json
from bot.inbox.store import InboxStore
from bot.inbox.worker import InboxWorker

logger = logging.getLogger("cabinet.inbox")
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class InboxWebhook:
    def __init__(
        self,
        store: InboxStore,
        worker: InboxWorker,
        secret: str | None,
        answer_within: float = 5.0,
        apology: OutageApology | None = None,
        bot: Bot | None = None,
    ) -> None:
        self._apology = apology
        self._bot = bot  # the updates parsed for it are handed to its dispatcher as they are
        self._store = store
        self._worker = worker
        self._secret = secret
        self._answer_within = answer_within

    def register(self, app: web.Application, path: str) -> None:
        app.router.add_post(path, self.handle)

    async def handle(self, request: web.Request) -> web.Response:
        if self._secret and not secrets.compare_digest(
            request.headers.get(SECRET_HEADER, ""), self._secret
        ):
            return web.Response(status=401, text="Unauthorized")
        try:
            payload = json.loads(await request.read())
            if not isinstance(payload, dict):
                raise TypeError("the body is not a JSON object")
            received = received_from_json(payload, self._bot)
        except (ValueError, TypeError) as error:
            logger.warning("webhook body refused", extra={"error": type(error).__name__})
            return web.Response(status=400, text="Bad Request")
        try:
            kept = await self._store.keep_claiming([received])
        except Exception as error:
            logger.warning(
                "webhook update not kept",
                extra={"update_id": received.update_id, **error_fields(error)},
            )
            if self._apology is not None:
                self._apology.tell(received)
            return web.Response(status=503, text="Service Unavailable")
        if kept:
            await self._worker.handled_within(kept[0], self._answer_within)
        return web.json_response({})
