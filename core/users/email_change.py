"""Changing the sign-in e-mail: a code goes to the new address and proves the user reads it."""

from __future__ import annotations

from core import audit
from core.clock import Clock
from core.codes import redeem_code
from core.enums import AuditAction, CodePurpose
from core.mail.mailer import Mailer
from core.ports import UnitOfWork, UnitOfWorkFactory
from core.users.code_delivery import issue_and_mail_code
from core.users.errors import CodeNotRequested, EmailTaken, EmailUnchanged, UserNotFound
from core.users.views import CodeSentView, UserView
from core.validation.email import normalize_email


async def request_email_change(
    uow_factory: UnitOfWorkFactory, clock: Clock, mailer: Mailer, user_id: int, new_email: str
) -> CodeSentView:
    address = normalize_email(new_email)
    async with uow_factory() as uow:
        language = await _check_free(uow, user_id, address)
    return await issue_and_mail_code(
        uow_factory,
        clock,
        mailer,
        purpose=CodePurpose.EMAIL_CHANGE,
        email=address,
        user_id=user_id,
        language=language,
    )


async def confirm_email_change(
    uow_factory: UnitOfWorkFactory, clock: Clock, user_id: int, new_email: str, code: str
) -> UserView:
    address = normalize_email(new_email)
    now = clock.now()
    async with uow_factory() as uow:
        await _check_free(uow, user_id, address)
        redeemed = await redeem_code(uow, CodePurpose.EMAIL_CHANGE, address, code, now)
        if redeemed.user_id != user_id:
            raise CodeNotRequested()  # another user asked for this address since
        user = await uow.users.get(user_id, for_update=True)
        if user is None:
            raise UserNotFound()
        had_email = user.email is not None
        user.email = address
        user.email_verified_at = now
        await audit.record(
            uow, user.id, AuditAction.EMAIL_CHANGED, details={"added": not had_email}, at=now
        )
        await uow.commit()
        return UserView.of(user)


async def _check_free(uow: UnitOfWork, user_id: int, address: str) -> str:
    """The user's language, once the address is known to be neither theirs nor someone else's."""
    user = await uow.users.get(user_id)
    if user is None:
        raise UserNotFound()
    if user.email == address:
        raise EmailUnchanged()
    if await uow.users.by_email(address) is not None:
        raise EmailTaken()
    return user.language
