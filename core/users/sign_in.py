"""The last step of every way in: bind the Telegram account, clear failures, audit."""

from __future__ import annotations

from datetime import datetime

from core import audit
from core.entities.users import User
from core.enums import AuditAction
from core.ports import UnitOfWork
from core.users.telegram_login import TelegramLogin, bind_identity


async def complete_sign_in(
    uow: UnitOfWork, user: User, login: TelegramLogin, method: str, now: datetime
) -> None:
    """`method`: phone, email_code, password or password_reset; the caller commits."""
    previous_user_id = await bind_identity(uow, login, user.id, now)
    if previous_user_id is not None:
        await audit.record(
            uow,
            previous_user_id,
            AuditAction.SIGNED_OUT,
            details={"reason": "signed_in_as_another_user"},
            at=now,
        )
    user.failed_sign_ins = 0
    user.locked_until = None
    await audit.record(uow, user.id, AuditAction.SIGNED_IN, details={"method": method}, at=now)


def new_user(
    now: datetime, language: str, *, phone: str | None = None, email: str | None = None
) -> User:
    return User(
        phone=phone,
        email=email,
        email_verified_at=now if email else None,
        failed_sign_ins=0,
        language=language,
        created_at=now,
    )
