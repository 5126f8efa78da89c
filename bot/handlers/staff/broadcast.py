"""`/broadcast` in the staff group's General topic: a text to every customer, or to one branch's.

`/broadcast текст` or `/broadcast branch=<филиал> текст` (a branch name of several words in
quotes, or alone on the command's line with the text below) → a preview with the number of
recipients and «Отправить» / «Отмена». The draft is kept in the group's own FSM record (any staff
member may send or cancel it; it survives a restart); «Отправить» enqueues it in the outbox once
per customer (`broadcast:{preview message id}:{user}`), so a second press sends nothing twice.
The drafts record is only read and written under the event-isolation lock of its own key (one
process's lock without Redis, Redis's lock with it): taking a draft is atomic, so of two presses
at once exactly one takes it (one "queued N" answer), and no write resurrects or loses a draft.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from aiogram import Bot, Dispatcher, Router, html
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command, CommandObject
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.storage.base import StorageKey
from aiogram.methods import EditMessageText
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)

from bot.staff_group import staff_group_sender
from bot.staff_members import InStaffChat, is_staff, pressed_by_staff
from bot.staff_texts import t
from core.cabinet import Cabinet
from core.notifications.errors import BroadcastTooLong

DRAFTS = "broadcast"  # the FSM destiny of the drafts (apart from the staff review's state)
_QUOTED_BRANCH = re.compile(r"^branch=[\"«]([^\"»]+)[\"»]\s*(.*)$", re.DOTALL)


class BroadcastAction(StrEnum):
    SEND = "send"
    CANCEL = "cancel"


class BroadcastButton(CallbackData, prefix="bcast"):
    action: BroadcastAction


@dataclass(frozen=True, slots=True)
class Draft:
    text: str
    branch: str | None


def parse(arguments: str) -> Draft:
    """The command's arguments as a text and an optional branch (empty text: nothing to send)."""
    arguments = arguments.strip()
    if not arguments.startswith("branch="):
        return Draft(arguments, None)
    quoted = _QUOTED_BRANCH.match(arguments)
    if quoted:
        return Draft(quoted.group(2).strip(), quoted.group(1).strip())
    first_line, _, rest = arguments.partition("\n")
    if rest.strip():
        return Draft(rest.strip(), first_line.removeprefix("branch=").strip())
    branch, _, text = first_line.removeprefix("branch=").partition(" ")
    return Draft(text.strip(), branch.strip())


@contextlib.asynccontextmanager
async def drafts(dispatcher: Dispatcher, bot: Bot, chat_id: int) -> AsyncIterator[FSMContext]:
    """The group's drafts, held for the block (no Telegram call inside: keep it short)."""
    key = StorageKey(bot_id=bot.id, chat_id=chat_id, user_id=chat_id, destiny=DRAFTS)
    async with dispatcher.fsm.events_isolation.lock(key):
        yield FSMContext(storage=dispatcher.storage, key=key)


async def take_draft(
    dispatcher: Dispatcher, bot: Bot, chat_id: int, preview_id: int
) -> dict[str, Any] | None:
    """Removes the preview's draft and returns it; None when someone took it first."""
    async with drafts(dispatcher, bot, chat_id) as record:
        data = await record.get_data()
        draft = data.pop(str(preview_id), None)
        if draft is not None:
            await record.set_data(data)
    return draft if isinstance(draft, dict) else None


def too_long(refused: BroadcastTooLong) -> str:
    return t("broadcast.too_long").format(limit=refused.params["limit"])


def _keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(
                    text=t("broadcast.button_send"),
                    callback_data=BroadcastButton(action=BroadcastAction.SEND).pack(),
                ),
                InlineKeyboardButton(
                    text=t("broadcast.button_cancel"),
                    callback_data=BroadcastButton(action=BroadcastAction.CANCEL).pack(),
                ),
            ]
        ]
    )


async def command(
    message: Message, command: CommandObject, bot: Bot, dispatcher: Dispatcher, cabinet: Cabinet
) -> None:
    sender = staff_group_sender(dispatcher, bot, message.chat.id)

    async def reply(text: str, markup: InlineKeyboardMarkup | None = None) -> Message:
        return await sender.reply(message, text, markup)

    if message.is_topic_message or not await is_staff(bot, cabinet.settings, message.from_user):
        await reply(t("broadcast.not_allowed"))
        return
    draft = parse(command.args or "")
    if not draft.text:
        await reply(t("broadcast.usage"))
        return
    try:
        cabinet.broadcasts.check_text(draft.text)
    except BroadcastTooLong as refused:
        await reply(too_long(refused))
        return
    count = await cabinet.broadcasts.count_recipients(draft.branch)
    if count == 0:
        branches = ", ".join(html.quote(b) for b in await cabinet.broadcasts.branches()) or "—"
        branch = html.quote(draft.branch or "")
        await reply(t("broadcast.no_recipients").format(branch=branch, branches=branches))
        return
    audience = (
        t("broadcast.audience_branch").format(branch=html.quote(draft.branch))
        if draft.branch
        else t("broadcast.audience_all")
    )
    preview = await reply(
        t("broadcast.preview").format(audience=audience, count=count, text=html.quote(draft.text)),
        _keyboard(),
    )
    async with drafts(dispatcher, bot, message.chat.id) as record:
        await record.update_data(
            {str(preview.message_id): {"text": draft.text, "branch": draft.branch}}
        )


async def button_pressed(
    query: CallbackQuery,
    callback_data: BroadcastButton,
    bot: Bot,
    dispatcher: Dispatcher,
    cabinet: Cabinet,
) -> None:
    preview = query.message
    if not await pressed_by_staff(query, bot, cabinet, refusal=t("broadcast.not_allowed")):
        return
    assert isinstance(preview, Message)  # InStaffChat saw it
    draft = await take_draft(dispatcher, bot, preview.chat.id, preview.message_id)
    if draft is None:
        await query.answer(t("broadcast.already_done"), show_alert=True)
        return
    await query.answer()
    if callback_data.action is BroadcastAction.CANCEL:
        outcome = t("broadcast.cancelled")
    else:
        try:
            queued = await cabinet.broadcasts.enqueue(
                preview.message_id, str(draft["text"]), draft.get("branch")
            )
        except BroadcastTooLong as refused:  # a draft kept from before the limit was lowered
            outcome = too_long(refused)
        else:
            outcome = t("broadcast.queued").format(broadcast_id=preview.message_id, count=queued)
    sender = staff_group_sender(dispatcher, bot, preview.chat.id)
    with contextlib.suppress(TelegramBadRequest):  # the preview deleted meanwhile
        await sender.call(
            EditMessageText(
                chat_id=preview.chat.id,
                message_id=preview.message_id,
                text=(preview.html_text or "") + "\n\n" + outcome,
            )
        )


def create_router() -> Router:
    router = Router(name="broadcast")
    router.message.register(command, Command("broadcast"), InStaffChat())
    router.callback_query.register(button_pressed, BroadcastButton.filter())
    return router
