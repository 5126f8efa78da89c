"""«Изменить пароль»: old, new, and the new one again; the bot deletes each of these messages
at once and keeps no password between them (see `core/users/password_steps.py`)."""

from __future__ import annotations

import contextlib
from dataclasses import replace

from aiogram import F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.errors_text import error_text
from bot.fsm.profile import PASSWORD_CHANGE, PasswordChange, PasswordDialog
from bot.handlers.profile.keyboards import (
    ProfileButton,
    ProfileScreen,
    back_to,
    old_password_keyboard,
)
from bot.handlers.profile.screens import show
from core.cabinet import Cabinet
from core.errors import CabinetError
from core.users.password_steps import PasswordChangeExpired, PasswordsDiffer
from core.users.views import UserView


async def start_change(
    query: CallbackQuery, state: FSMContext, cabinet: Cabinet, user: UserView
) -> None:
    await state.clear()
    if user.has_password:
        await state.set_state(PasswordChange.old_password)
        await show(
            query, _("profile.password_ask_old"), old_password_keyboard(user.phone is not None)
        )
    else:
        await state.set_state(PasswordChange.new_password)
        await show(query, _("profile.password_ask_first"), back_to(ProfileScreen.OVERVIEW))


async def old_password_received(
    message: Message, state: FSMContext, cabinet: Cabinet, user: UserView
) -> None:
    password = await _take_password(message)
    try:
        proof = await cabinet.users.prove_current_password(user.id, password)
    except CabinetError as refused:
        await message.answer(error_text(refused, cabinet.settings.tz))
        return
    await PASSWORD_CHANGE.save(state, PasswordChange.new_password, PasswordDialog(proof=proof))
    await message.answer(_("profile.password_ask_new"))


async def new_password_received(
    message: Message, state: FSMContext, cabinet: Cabinet, user: UserView
) -> None:
    password = await _take_password(message)
    try:
        new_hash = await cabinet.users.prepare_new_password(user.id, password)
    except CabinetError as refused:
        await message.answer(error_text(refused, cabinet.settings.tz))
        return
    dialog = replace(await PASSWORD_CHANGE.load(state), new_hash=new_hash)
    await PASSWORD_CHANGE.save(state, PasswordChange.repeat_password, dialog)
    await message.answer(_("profile.password_ask_repeat"))


async def repeat_received(
    message: Message, state: FSMContext, cabinet: Cabinet, user: UserView
) -> None:
    repeated = await _take_password(message)
    dialog = await PASSWORD_CHANGE.load(state)
    try:
        await cabinet.users.finish_password_change(user.id, dialog.proof, dialog.new(), repeated)
    except PasswordsDiffer as refused:
        await state.set_state(PasswordChange.new_password)
        await message.answer(error_text(refused, cabinet.settings.tz))
        return
    except PasswordChangeExpired as refused:
        await state.clear()
        await message.answer(error_text(refused, cabinet.settings.tz))
        return
    await state.clear()
    await message.answer(
        _("profile.password_changed"), reply_markup=back_to(ProfileScreen.OVERVIEW)
    )


async def password_not_text(message: Message) -> None:
    with contextlib.suppress(TelegramBadRequest):  # whatever it is, it may show a password
        await message.delete()
    await message.answer(_("profile.password_expects_text"))


async def _take_password(message: Message) -> str:
    """The text, with the message gone from the chat before anything else is done."""
    with contextlib.suppress(TelegramBadRequest):  # already deleted by the user
        await message.delete()
    return message.text or ""


def create_router() -> Router:
    router = Router(name="profile_password")
    router.callback_query.register(
        start_change, ProfileButton.filter(F.screen == ProfileScreen.PASSWORD)
    )
    router.message.register(old_password_received, PasswordChange.old_password, F.text)
    router.message.register(new_password_received, PasswordChange.new_password, F.text)
    router.message.register(repeat_received, PasswordChange.repeat_password, F.text)
    router.message.register(password_not_text, StateFilter(PasswordChange))
    return router
