"""Registration and sign-in by a phone the bot has verified (a shared Telegram contact)."""

from __future__ import annotations

from core import audit
from core.clock import Clock
from core.enums import AuditAction
from core.errors import AlreadyStored
from core.ports import UnitOfWorkFactory
from core.users.sign_in import complete_sign_in, new_user
from core.users.telegram_login import TelegramLogin, language_of
from core.users.views import SignInView, UserView
from core.validation.phone import normalize_phone


async def register_or_sign_in_by_phone(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    telegram_user_id: int,
    chat_id: int,
    phone: str,
    *,
    username: str | None = None,
    language_code: str | None = None,
) -> SignInView:
    """Signs the Telegram account in to the user with this phone, registering one if none has it.

    Only for a phone already proven to be the sender's: a contact with `user_id == from_user.id`.
    A user registered on the web with this phone simply gets this Telegram account linked.
    """
    login = TelegramLogin(telegram_user_id, chat_id, username, language_code)
    normalized = normalize_phone(phone)
    try:
        return await _sign_in(uow_factory, clock, login, normalized)
    except AlreadyStored:
        # A parallel request registered this phone (or this Telegram account) first; now it exists.
        return await _sign_in(uow_factory, clock, login, normalized)


async def _sign_in(
    uow_factory: UnitOfWorkFactory, clock: Clock, login: TelegramLogin, phone: str
) -> SignInView:
    now = clock.now()
    async with uow_factory() as uow:
        user = await uow.users.by_phone(phone, for_update=True)
        registered = user is None
        if user is None:
            user = new_user(now, language_of(login), phone=phone)
            uow.users.add(user)
            await uow.flush()
            await audit.record(
                uow, user.id, AuditAction.REGISTERED, details={"method": "phone"}, at=now
            )
        await complete_sign_in(uow, user, login, "phone", now)
        await uow.commit()
        return SignInView(user=UserView.of(user), registered=registered)
