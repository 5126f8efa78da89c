"""Helpers every multi-step dialog uses: saving its step with its data, the message under a
pressed button, answers sent together, the hint for input a step does not expect, and the end of
a dialog whose customer signed out meanwhile."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.fsm.step import save_step
from bot.handlers.menu.keyboard import main_menu


def message_of(query: CallbackQuery) -> Message | None:
    """The message under a pressed button, when Telegram still lets the bot answer it."""
    return query.message if isinstance(query.message, Message) else None


save = save_step  # every dialog's step and data (`bot.fsm.step`)


async def together(*answers: Awaitable[Any]) -> None:
    """Sends answers that do not depend on each other at once, so none waits for another's round
    trip. All of them have finished when it returns; the first failure is raised then. (aiogram's
    methods are awaitable but unhashable, which `gather` refuses: each is awaited in a coroutine.)"""

    async def sent(answer: Awaitable[Any]) -> None:
        await answer

    outcomes = await asyncio.gather(*(sent(answer) for answer in answers), return_exceptions=True)
    failure = next((outcome for outcome in outcomes if isinstance(outcome, BaseException)), None)
    if failure is not None:
        raise failure


def hint(key: str) -> Callable[[Message], Awaitable[None]]:
    """A handler that answers input its step does not expect with the text `key`, in the user's
    language."""

    async def answer_hint(message: Message) -> None:
        await message.answer(_(key))

    return answer_hint


def ended_by_sign_out(key: str) -> Callable[[Message, FSMContext], Awaitable[None]]:
    """A handler for a dialog's input after its customer signed out elsewhere: the dialog ends
    with the text `key` and the main menu."""

    async def end_dialog(message: Message, state: FSMContext) -> None:
        await state.clear()
        await message.answer(_(key), reply_markup=main_menu())

    return end_dialog
