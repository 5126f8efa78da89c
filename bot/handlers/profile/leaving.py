"""Leaving the cabinet: «Выйти» (this Telegram account forgets the user) and «Удалить мои данные»
(the person's data goes, what the law keeps stays without their name). Both ask first."""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, ReplyKeyboardRemove
from aiogram.utils.i18n import gettext as _

from bot.handlers.profile.keyboards import ProfileButton, ProfileScreen, confirmation_keyboard
from bot.handlers.profile.screens import show
from core.cabinet import Cabinet
from core.users.errors import NotSignedIn
from core.users.views import UserView


async def ask_to_sign_out(query: CallbackQuery, state: FSMContext) -> None:
    await state.clear()
    markup = confirmation_keyboard("profile.button_sign_out_yes", ProfileScreen.SIGN_OUT_CONFIRMED)
    await show(query, _("profile.sign_out_confirm"), markup)


async def sign_out(query: CallbackQuery, state: FSMContext, cabinet: Cabinet) -> None:
    with contextlib.suppress(NotSignedIn):  # a double tap: the first press signed out
        await cabinet.users.sign_out(query.from_user.id)
    await state.clear()
    await show(query, _("profile.signed_out"), None)
    await _say_goodbye(query, _("profile.start_hint"))


async def ask_to_delete(query: CallbackQuery, state: FSMContext) -> None:
    await state.clear()
    markup = confirmation_keyboard("profile.button_delete_yes", ProfileScreen.DELETE_CONFIRMED)
    await show(query, _("profile.delete_confirm"), markup)


async def delete_data(
    query: CallbackQuery, state: FSMContext, cabinet: Cabinet, user: UserView
) -> None:
    kept = await cabinet.users.delete_my_data(user.id)
    await state.clear()
    await show(query, _("profile.deleted"), None)
    await _say_goodbye(
        query,
        _("profile.deleted_kept").format(readings=kept.readings_kept, payments=kept.payments_kept),
    )


async def _say_goodbye(query: CallbackQuery, text: str) -> None:
    """The main menu is for the signed in: it goes with this message."""
    if query.bot is not None:
        await query.bot.send_message(query.from_user.id, text, reply_markup=ReplyKeyboardRemove())


def create_router() -> Router:
    router = Router(name="profile_leaving")
    screens: dict[ProfileScreen, Callable[..., Awaitable[None]]] = {
        ProfileScreen.SIGN_OUT: ask_to_sign_out,
        ProfileScreen.SIGN_OUT_CONFIRMED: sign_out,
        ProfileScreen.DELETE: ask_to_delete,
        ProfileScreen.DELETE_CONFIRMED: delete_data,
    }
    for screen, handler in screens.items():
        router.callback_query.register(handler, ProfileButton.filter(F.screen == screen))
    return router
