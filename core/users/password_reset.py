"""«Забыли пароль?»: a code mailed to the user's address (`request_email_code` with
`CodePurpose.PASSWORD_RESET`), then a new password, which also signs the Telegram account in."""

from __future__ import annotations

import asyncio

from core import audit
from core.clock import Clock
from core.codes import redeem_code
from core.enums import AuditAction, CodePurpose
from core.passwords import Passwords
from core.ports import UnitOfWorkFactory
from core.users.errors import CodeNotRequested
from core.users.password_policy import check_password_strength
from core.users.sign_in import complete_sign_in
from core.users.telegram_login import TelegramLogin
from core.users.views import SignInView, UserView
from core.validation.email import normalize_email


async def reset_password(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    passwords: Passwords,
    email: str,
    code: str,
    new_password: str,
    telegram: TelegramLogin,
) -> SignInView:
    """The password is checked before the code, so a weak one does not use the code up."""
    address = normalize_email(email)
    now = clock.now()
    async with uow_factory() as uow:
        user = await uow.users.by_email(address, for_update=True)
        if user is None:
            raise CodeNotRequested()  # no code is ever mailed for an unknown address
        check_password_strength(new_password, phone=user.phone, email=user.email)
        new_hash = await asyncio.to_thread(passwords.hash, new_password)
        await redeem_code(uow, CodePurpose.PASSWORD_RESET, address, code, now)
        user.password_hash = new_hash
        await audit.record(uow, user.id, AuditAction.PASSWORD_RESET, at=now)
        await complete_sign_in(uow, user, telegram, "password_reset", now)
        await uow.commit()
        return SignInView(user=UserView.of(user), registered=False)
