"""The profile's dialogs: editing a field, changing the password, changing the e-mail."""

from __future__ import annotations

from aiogram.fsm.state import State, StatesGroup


class ProfileEdit(StatesGroup):
    field_value = State()  # data: "field"


class PasswordChange(StatesGroup):
    by_phone = State()  # «Не помню пароль»: waiting for the customer's own contact
    old_password = State()
    new_password = State()  # data: "proof" (absent when setting the first password)
    repeat_password = State()  # data: "proof", "new_hash"


class EmailChange(StatesGroup):
    new_email = State()
    code = State()  # data: "email"


class PhoneChange(StatesGroup):
    contact = State()  # «Телефон для входа»: waiting for the customer's own contact
