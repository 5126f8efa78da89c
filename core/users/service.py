"""One object for the front ends: the users' operations with their dependencies bound once."""

from __future__ import annotations

from collections.abc import Mapping

from core import audit
from core.audit import AuditEventView
from core.clock import Clock
from core.enums import CodePurpose
from core.mail.mailer import Mailer
from core.pagination import Page
from core.passwords import Passwords
from core.ports import UnitOfWorkFactory
from core.settings import Settings
from core.users import (
    consent,
    data_deletion,
    email_change,
    email_sign_in,
    password_change,
    password_reset,
    password_sign_in,
    password_steps,
    phone_change,
    phone_sign_in,
    profile,
    telegram_accounts,
)
from core.users.profile import ProfileValue
from core.users.profile_fields import ProfileField
from core.users.telegram_login import TelegramLogin
from core.users.views import CodeSentView, DeletionView, ProfileView, SignInView, UserView


class UsersService:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        settings: Settings,
        mailer: Mailer,
        passwords: Passwords | None = None,
    ) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._settings = settings
        self._mailer = mailer
        self._passwords = passwords or Passwords()

    # --- who is behind an update -----------------------------------------------------------
    async def by_telegram(self, telegram_user_id: int) -> UserView | None:
        return await telegram_accounts.find_user_by_telegram(self._uow_factory, telegram_user_id)

    async def sign_out(self, telegram_user_id: int) -> None:
        await telegram_accounts.sign_out(self._uow_factory, self._clock, telegram_user_id)

    async def mark_blocked(self, telegram_user_id: int) -> None:
        await telegram_accounts.mark_blocked(self._uow_factory, self._clock, telegram_user_id)

    # --- signing in --------------------------------------------------------------------------
    async def sign_in_by_phone(self, telegram: TelegramLogin, phone: str) -> SignInView:
        return await phone_sign_in.register_or_sign_in_by_phone(
            self._uow_factory,
            self._clock,
            telegram.telegram_user_id,
            telegram.chat_id,
            phone,
            username=telegram.username,
            language_code=telegram.language_code,
        )

    async def request_email_code(
        self, email: str, purpose: CodePurpose, language: str = "ru"
    ) -> CodeSentView:
        return await email_sign_in.request_email_code(
            self._uow_factory, self._clock, self._mailer, email, purpose, language=language
        )

    async def sign_in_by_email_code(
        self, telegram: TelegramLogin, email: str, code: str
    ) -> SignInView:
        return await email_sign_in.confirm_email_code(
            self._uow_factory, self._clock, email, code, telegram
        )

    async def sign_in_by_password(
        self, telegram: TelegramLogin, login: str, password: str
    ) -> SignInView:
        return await password_sign_in.sign_in_with_password(
            self._uow_factory, self._clock, self._passwords, login, password, telegram
        )

    async def reset_password(
        self, telegram: TelegramLogin, email: str, code: str, new_password: str
    ) -> SignInView:
        return await password_reset.reset_password(
            self._uow_factory, self._clock, self._passwords, email, code, new_password, telegram
        )

    async def record_consent(self, user_id: int) -> UserView:
        return await consent.record_consent(self._uow_factory, self._clock, user_id)

    # --- profile -----------------------------------------------------------------------------
    async def profile(self, user_id: int) -> ProfileView:
        return await profile.get_profile(self._uow_factory, user_id)

    async def update_profile(
        self, user_id: int, changes: Mapping[ProfileField, ProfileValue | None]
    ) -> ProfileView:
        return await profile.update_profile(
            self._uow_factory, self._clock, user_id, changes, timezone=self._settings.tz
        )

    async def set_first_password(self, user_id: int, new_password: str) -> None:
        await password_change.set_first_password(
            self._uow_factory, self._clock, self._passwords, user_id, new_password
        )

    async def change_password(self, user_id: int, old_password: str, new_password: str) -> None:
        await password_change.change_password(
            self._uow_factory, self._clock, self._passwords, user_id, old_password, new_password
        )

    # A password change in a chat, one step per message (see `core/users/password_steps.py`).
    async def prove_current_password(self, user_id: int, password: str) -> str:
        return await password_steps.prove_current_password(
            self._uow_factory, self._clock, self._passwords, user_id, password
        )

    async def prove_phone(self, user_id: int, phone: str) -> str:
        return await password_steps.prove_phone(self._uow_factory, self._clock, user_id, phone)

    async def prepare_new_password(self, user_id: int, new_password: str) -> str:
        return await password_steps.prepare_new_password(
            self._uow_factory, self._passwords, user_id, new_password
        )

    async def finish_password_change(
        self, user_id: int, proof: str | None, new_password_hash: str, repeated: str
    ) -> None:
        await password_steps.finish_password_change(
            self._uow_factory,
            self._clock,
            self._passwords,
            user_id,
            proof,
            new_password_hash,
            repeated,
        )

    async def request_email_change(self, user_id: int, new_email: str) -> CodeSentView:
        return await email_change.request_email_change(
            self._uow_factory, self._clock, self._mailer, user_id, new_email
        )

    async def confirm_email_change(self, user_id: int, new_email: str, code: str) -> UserView:
        return await email_change.confirm_email_change(
            self._uow_factory, self._clock, user_id, new_email, code
        )

    async def change_phone(
        self, user_id: int, phone: str, telegram_user_id: int | None = None
    ) -> UserView:
        return await phone_change.change_phone(
            self._uow_factory, self._clock, user_id, phone, telegram_user_id=telegram_user_id
        )

    async def history(self, user_id: int, page: int = 1) -> Page[AuditEventView]:
        return await audit.list_events(self._uow_factory, user_id, page)

    async def delete_my_data(self, user_id: int) -> DeletionView:
        return await data_deletion.delete_my_data(self._uow_factory, self._clock, user_id)
