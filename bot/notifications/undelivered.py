"""Staff hear at once, in the customer's topic, when an answer of theirs cannot be delivered.

A staff answer's outbox row that ends failed or skipped (the customer blocked the bot, Telegram
refused the message, Telegram did not answer through every retry) is reported in the topic the
answer was written in, as a reply to it. The row names that topic (`staff_topic` in its payload,
written by `core.support.service`); a row without one, enqueued by an older release, is logged
only. The report is posted once, within `REPORT_SECONDS`: the outcome is already recorded, so a
report that fails is logged and never holds the sender up for long.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from typing import Any

from aiogram import Bot, html
from aiogram.methods import SendMessage
from aiogram.types import ReplyParameters
from redis.asyncio import Redis

from bot.i18n import PoCatalogI18n
from bot.staff_group import StaffGroupSender
from bot.staff_texts import t
from core.clock import Clock
from core.enums import NotificationKind
from core.notifications.delivery import Due, OutboxStore
from storage.uow import UnitOfWorkFactory

REPORT_SECONDS = 15.0
SHOWN_REASON_LIMIT = 300

logger = logging.getLogger("cabinet.outbox")


class UndeliveredAnswers:
    """Posts the warnings, through a group sender of its own (Telegram's 20 a minute)."""

    def __init__(self, bot: Bot, i18n: PoCatalogI18n, redis: Redis | None = None) -> None:
        self._bot = bot
        self._i18n = i18n
        self._redis = redis  # the cluster's bucket for the group, as the handlers use
        self._groups: dict[int, StaffGroupSender] = {}

    async def tell(self, due: Due, *, blocked: bool = False, reason: str = "") -> None:
        if due.kind is not NotificationKind.STAFF_ANSWER:
            return
        topic = due.payload.get("staff_topic")
        if not isinstance(topic, dict) or not topic.get("chat_id"):
            logger.warning("undelivered answer, no topic to tell", extra={"outbox_id": due.id})
            return
        with self._i18n.context():
            if blocked:
                text = t("support.staff_undelivered_blocked")
            else:
                shown = html.quote(reason[:SHOWN_REASON_LIMIT].rstrip(". "))
                text = t("support.staff_undelivered").format(reason=shown)
        try:
            async with asyncio.timeout(REPORT_SECONDS):
                await self._post(topic, text)
        except Exception as error:  # the outcome is recorded; the report is a courtesy on top
            logger.warning(
                "undelivered answer not reported",
                extra={"outbox_id": due.id, "error": type(error).__name__},
            )
            return
        logger.info("undelivered answer reported", extra={"outbox_id": due.id})

    async def _post(self, topic: dict[str, Any], text: str) -> None:
        chat_id = int(topic["chat_id"])
        group = self._groups.setdefault(
            chat_id, StaffGroupSender(self._bot, chat_id, redis=self._redis)
        )
        answer_id = topic.get("message_id")
        reply = (
            ReplyParameters(message_id=int(answer_id), allow_sending_without_reply=True)
            if answer_id
            else None
        )
        await group.post(
            SendMessage(
                chat_id=chat_id,
                message_thread_id=topic.get("thread_id"),
                text=text,
                reply_parameters=reply,
            )
        )


class StaffWarningStore(OutboxStore):
    """The outbox store whose final failures of a staff answer are also told to the staff."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        lease: timedelta,
        bot: Bot,
        i18n: PoCatalogI18n,
        redis: Redis | None = None,
    ) -> None:
        super().__init__(uow_factory, clock, lease)
        self._undelivered = UndeliveredAnswers(bot, i18n, redis)

    async def failed(self, due: Due, error: str, attempts: int) -> bool:
        held = await super().failed(due, error, attempts)
        if held:  # else another sender holds the row and decides its outcome
            await self._undelivered.tell(due, reason=error)
        return held

    async def skipped(self, due: Due, reason: str) -> bool:
        held = await super().skipped(due, reason)
        if held:
            await self._undelivered.tell(due, reason=reason)
        return held

    async def blocked(self, due: Due, error: str) -> int:
        skipped = await super().blocked(due, error)
        await self._undelivered.tell(due, blocked=True)
        return skipped
