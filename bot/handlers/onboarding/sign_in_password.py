"""«У меня есть пароль»: a phone or e-mail, then the password, whose message is deleted at once.
Too many wrong passwords lock sign-in for a while; «Забыли пароль?» leads to `sign_in_reset`."""

from __future__ import annotations

import contextlib

from aiogram import F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _

from bot.errors_text import error_text
from bot.filters.button_text import NotMenuButton
from bot.fsm.dialog_data import DialogDataLost
from bot.fsm.onboarding import Onboarding, load, remember
from bot.handlers.onboarding.keyboards import forgot_password_keyboard
from bot.handlers.onboarding.welcome import message_login, welcome_signed_in
from core.cabinet import Cabinet
from core.users.errors import SignInLocked, WrongCredentials
from core.users.sign_in_input import InvalidLogin, normalize_login
from core.validation.errors import ValidationError


async def delete_secret(message: Message) -> None:
    """A password must not stay in the chat history; a message too old to delete stays."""
    with contextlib.suppress(TelegramBadRequest):
        await message.delete()


async def ask_login(message: Message, state: FSMContext) -> None:
    await state.set_state(Onboarding.login)
    await message.answer(_("start.ask_login"))


async def login_given(message: Message, state: FSMContext) -> None:
    try:
        login = normalize_login(message.text or "")
    except InvalidLogin:
        await message.answer(_("start.login_invalid"))
        return
    await remember(state, login=login)
    await state.set_state(Onboarding.password)
    await message.answer(_("start.ask_password"), reply_markup=forgot_password_keyboard())


async def password_given(message: Message, state: FSMContext, cabinet: Cabinet) -> None:
    await delete_secret(message)
    login = (await load(state)).login
    if login is None:
        raise DialogDataLost("no login in the password's step")
    try:
        signed = await cabinet.users.sign_in_by_password(
            message_login(message), login, message.text or ""
        )
    except (WrongCredentials, ValidationError) as error:
        await message.answer(
            error_text(error, cabinet.settings.tz), reply_markup=forgot_password_keyboard()
        )
        return
    except SignInLocked as error:
        # The ways in stay open: a mailed code or a reset signs in despite the lock.
        await state.set_state(Onboarding.choosing_way)
        await message.answer(
            error_text(error, cabinet.settings.tz), reply_markup=forgot_password_keyboard()
        )
        return
    await welcome_signed_in(message, state, cabinet, signed)


def create_router() -> Router:
    router = Router(name="sign_in_password")
    router.message.register(login_given, Onboarding.login, F.text, NotMenuButton())
    router.message.register(password_given, Onboarding.password, F.text, NotMenuButton())
    return router
