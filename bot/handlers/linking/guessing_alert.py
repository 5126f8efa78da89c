"""Staff hear when many people miss one account's ЕЛС: a note in the link requests' topic,
where a photo request for the same account would come next (see `core.accounts.guessing`)."""

from __future__ import annotations

import logging

from aiogram import Bot, Dispatcher, html
from aiogram.exceptions import TelegramAPIError
from aiogram.methods import SendMessage

from bot.formatting import local_datetime
from bot.handlers.staff.link_review import link_requests_topic
from bot.staff_group import staff_group_sender
from bot.staff_texts import t
from core.accounts.guessing import GuessingAlert
from core.cabinet import Cabinet

logger = logging.getLogger("cabinet.linking")


async def alert_staff(
    bot: Bot, dispatcher: Dispatcher, cabinet: Cabinet, alert: GuessingAlert
) -> None:
    """Posts the alert; a group that cannot be posted to is logged (the customer who happened
    to make the miss that called for it is answered all the same)."""
    chat_id = cabinet.settings.staff_chat_id
    if chat_id is None:
        logger.warning(
            "ЕЛС guessing: no staff group to tell", extra={"account_id": alert.account_id}
        )
        return
    sender = staff_group_sender(dispatcher, bot, chat_id)
    text = t("staff.guessing_alert").format(
        number=html.quote(alert.account_number),
        branch=html.quote(alert.branch),
        address=html.quote(alert.address),
        since=local_datetime(alert.since, cabinet.settings.tz),
        failures=alert.failures,
        users=alert.users,
    )
    try:
        topic = await link_requests_topic(sender, cabinet, chat_id)
        await sender.post(SendMessage(chat_id=chat_id, message_thread_id=topic, text=text))
    except TelegramAPIError:
        logger.exception("ЕЛС guessing alert not posted", extra={"account_id": alert.account_id})
