"""The profile's dialogs: editing a field, changing the password, changing the e-mail; their
steps and their data."""

from __future__ import annotations

from dataclasses import dataclass

from aiogram.fsm.state import State, StatesGroup

from bot.fsm.dialog_data import DialogCodec, DialogDataLost
from core.users.profile_fields import ProfileField


class ProfileEdit(StatesGroup):
    field_value = State()  # FieldEdit


@dataclass(frozen=True)
class FieldEdit:
    field: ProfileField


FIELD_EDIT = DialogCodec(FieldEdit)


class PasswordChange(StatesGroup):
    by_phone = State()  # «Не помню пароль»: waiting for the customer's own contact
    old_password = State()
    new_password = State()  # PasswordDialog: proof (None when setting the first password)
    repeat_password = State()  # + new_hash


@dataclass(frozen=True)
class PasswordDialog:
    proof: str | None = None  # core's proof of the old password, or of the customer's phone
    new_hash: str | None = None  # the new password, hashed, until it is typed again

    def new(self) -> str:
        if self.new_hash is None:
            raise DialogDataLost("no new password in its repetition's step")
        return self.new_hash


PASSWORD_CHANGE = DialogCodec(PasswordDialog)


class EmailChange(StatesGroup):
    new_email = State()
    code = State()  # EmailDialog


@dataclass(frozen=True)
class EmailDialog:
    email: str | None = None  # where the code went


EMAIL_CHANGE = DialogCodec(EmailDialog)


class PhoneChange(StatesGroup):
    contact = State()  # «Телефон для входа»: waiting for the customer's own contact
