"""«Профиль»: the overview with its sections; each section's dialog lives in `profile_*.py`."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.filters.signed_in import SignedIn
from bot.handlers import (
    password_by_phone,
    profile_accounts,
    profile_email,
    profile_fields,
    profile_history,
    profile_leaving,
    profile_password,
    profile_phone,
)
from bot.handlers.profile_screens import overview_text, show
from bot.keyboards.profile import ProfileButton, ProfileScreen, overview_keyboard
from core.cabinet import Cabinet
from core.users.views import UserView


async def open_profile(
    message: Message, state: FSMContext, cabinet: Cabinet, user: UserView | None
) -> None:
    if user is None:  # the menu signs people in first; this only guards a direct call
        return
    profile = await cabinet.users.profile(user.id)
    await message.answer(overview_text(profile), reply_markup=overview_keyboard())


async def back_to_overview(
    query: CallbackQuery, state: FSMContext, cabinet: Cabinet, user: UserView
) -> None:
    await state.clear()
    profile = await cabinet.users.profile(user.id)
    await show(query, overview_text(profile), overview_keyboard())


def create_router() -> Router:
    router = Router(name="profile")
    router.callback_query.filter(SignedIn())
    router.message.filter(SignedIn())
    router.callback_query.register(
        back_to_overview, ProfileButton.filter(F.screen == ProfileScreen.OVERVIEW)
    )
    for section in (
        profile_fields,
        password_by_phone,  # its state is one of «Изменить пароль»'s: before that one's hint
        profile_password,
        profile_email,
        profile_phone,
        profile_history,
        profile_accounts,
        profile_leaving,
    ):
        router.include_router(section.create_router())
    return router
