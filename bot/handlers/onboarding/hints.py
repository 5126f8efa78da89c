"""Whatever a step of the way in did not expect (a sticker, a photo, a contact too early):
a reminder of what the step is waiting for."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import StateFilter
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _

from bot.filters.button_text import NotMenuButton
from bot.fsm.onboarding import Onboarding

HINTS = {
    Onboarding.consent.state: "start.hint_consent",
    Onboarding.choosing_way.state: "start.hint_choose_way",
    Onboarding.email.state: "start.hint_email",
    Onboarding.email_code.state: "start.hint_code",
    Onboarding.login.state: "start.hint_login",
    Onboarding.password.state: "start.hint_password",
    Onboarding.reset_email.state: "start.hint_email",
    Onboarding.reset_code.state: "start.hint_code",
    Onboarding.new_password.state: "start.hint_new_password",
}


async def unexpected_input(message: Message, raw_state: str | None) -> None:
    await message.answer(_(HINTS.get(raw_state or "", "start.hint_choose_way")))


def create_router() -> Router:
    router = Router(name="sign_in_hints")
    router.message.register(unexpected_input, StateFilter(Onboarding), NotMenuButton())
    return router
