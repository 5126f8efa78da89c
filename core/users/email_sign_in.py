"""Registration and sign-in by a code mailed to the address; password reset codes go out here too."""

from __future__ import annotations

from core import audit
from core.clock import Clock
from core.codes import CODE_TTL, RESEND_INTERVAL, redeem_code
from core.enums import AuditAction, CodePurpose
from core.errors import AlreadyStored
from core.mail.mailer import Mailer
from core.ports import UnitOfWorkFactory
from core.users.code_delivery import issue_and_mail_code
from core.users.sign_in import complete_sign_in, new_user
from core.users.telegram_login import TelegramLogin, language_of
from core.users.views import CodeSentView, SignInView, UserView
from core.validation.email import normalize_email

_MAILED_HERE = (CodePurpose.EMAIL_SIGN_IN, CodePurpose.PASSWORD_RESET)


async def request_email_code(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    mailer: Mailer,
    email: str,
    purpose: CodePurpose,
    *,
    language: str = "ru",
) -> CodeSentView:
    """Mails a 6-digit code for signing in (registering if the address is new) or for a reset.

    The letter is in the user's language, or in `language` for an address not yet registered.
    A reset for an unknown address answers the same as for a known one and mails nothing, so the
    answer does not tell who is a customer. E-mail changes use `request_email_change`.
    """
    if purpose not in _MAILED_HERE:
        raise ValueError(f"{purpose} codes are requested by their own service")
    address = normalize_email(email)
    async with uow_factory() as uow:
        user = await uow.users.by_email(address)
        user_id, user_language = (user.id, user.language) if user else (None, language)
    if user_id is None and purpose is CodePurpose.PASSWORD_RESET:
        now = clock.now()
        return CodeSentView(address, expires_at=now + CODE_TTL, resend_after=now + RESEND_INTERVAL)
    return await issue_and_mail_code(
        uow_factory,
        clock,
        mailer,
        purpose=purpose,
        email=address,
        user_id=user_id,
        language=user_language,
    )


async def confirm_email_code(
    uow_factory: UnitOfWorkFactory, clock: Clock, email: str, code: str, telegram: TelegramLogin
) -> SignInView:
    """Signs the Telegram account in to the user with this address; a new address registers one.

    Raises `CodeNotRequested`, `CodeExpired`, `CodeWrong` (with `attempts_left`) or
    `CodeAttemptsExhausted`.
    """
    address = normalize_email(email)
    try:
        return await _sign_in(uow_factory, clock, address, code, telegram)
    except AlreadyStored:
        # The address was registered by a parallel request after the code was checked; the code is
        # still live (that transaction rolled back), so this second pass signs in to that user.
        return await _sign_in(uow_factory, clock, address, code, telegram)


async def _sign_in(
    uow_factory: UnitOfWorkFactory, clock: Clock, address: str, code: str, login: TelegramLogin
) -> SignInView:
    now = clock.now()
    async with uow_factory() as uow:
        await redeem_code(uow, CodePurpose.EMAIL_SIGN_IN, address, code, now)
        user = await uow.users.by_email(address, for_update=True)
        registered = user is None
        if user is None:
            user = new_user(now, language_of(login), email=address)
            uow.users.add(user)
            await uow.flush()
            await audit.record(
                uow, user.id, AuditAction.REGISTERED, details={"method": "email"}, at=now
            )
        elif user.email_verified_at is None:
            user.email_verified_at = now
        await complete_sign_in(uow, user, login, "email_code", now)
        await uow.commit()
        return SignInView(user=UserView.of(user), registered=registered)
