"""Where a person is on the way into the cabinet, and what the way in has gathered; nothing about
them is stored before consent."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup

from bot.fsm.dialog_data import DialogCodec


@dataclass(frozen=True)
class OnboardingDialog:
    consented: bool = False  # «Согласен» was pressed in this dialog
    email: str | None = None  # the address a sign-in code went to
    login: str | None = None  # the phone or e-mail typed for a password sign-in
    reset_email: str | None = None  # the address a password reset code went to
    reset_code: str | None = None  # that code, kept until the new password arrives
    reset_by_phone: bool = False  # «Забыли пароль?» asked: a shared contact resets it


CODEC = DialogCodec(OnboardingDialog)
load = CODEC.load


async def remember(state: FSMContext, **gathered: Any) -> OnboardingDialog:
    """What a step learnt, added to the dialog's data in the step it is in."""
    dialog = replace(await load(state), **gathered)
    await CODEC.keep(state, dialog)
    return dialog


class Onboarding(StatesGroup):
    consent = State()  # «Согласен» / «Не согласен» asked
    choosing_way = State()  # share the phone, e-mail code or password
    email = State()
    email_code = State()
    login = State()
    password = State()
    reset_email = State()
    reset_code = State()
    new_password = State()


AFTER_CONSENT = (
    Onboarding.choosing_way,
    Onboarding.email,
    Onboarding.email_code,
    Onboarding.login,
    Onboarding.password,
    Onboarding.reset_email,
    Onboarding.reset_code,
    Onboarding.new_password,
)
