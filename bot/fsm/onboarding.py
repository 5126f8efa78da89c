"""Where a person is on the way into the cabinet; nothing about them is stored before consent."""

from __future__ import annotations

from aiogram.fsm.state import State, StatesGroup

# FSM data keys (JSON-safe values only).
CONSENTED = "consented"  # True once «Согласен» was pressed in this dialog
EMAIL = "email"  # the address a sign-in code went to
LOGIN = "login"  # the phone or e-mail typed for a password sign-in
RESET_EMAIL = "reset_email"  # the address a password reset code went to
RESET_CODE = "reset_code"  # that code, kept until the new password arrives
RESET_BY_PHONE = "reset_by_phone"  # True: «Забыли пароль?» asked; a shared contact resets it


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
