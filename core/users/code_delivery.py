"""Issuing a code and mailing it, as one step that leaves nothing behind when mail fails."""

from __future__ import annotations

from core.clock import Clock
from core.codes import CODE_TTL, RESEND_INTERVAL, issue_code
from core.enums import CodePurpose
from core.mail.code_letters import code_letter
from core.mail.errors import MailNotSent
from core.mail.mailer import Mailer
from core.ports import UnitOfWorkFactory
from core.users.views import CodeSentView


async def issue_and_mail_code(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    mailer: Mailer,
    *,
    purpose: CodePurpose,
    email: str,
    user_id: int | None,
    language: str,
) -> CodeSentView:
    """Commits the code before mailing (no transaction waits on SMTP); a failed send removes it,
    so the re-send pause does not hold the user back from trying again."""
    now = clock.now()
    async with uow_factory() as uow:
        issued = await issue_code(uow, purpose, email, user_id, now)
        await uow.commit()
    letter = code_letter(purpose, issued.code, language, int(CODE_TTL.total_seconds()) // 60)
    try:
        await mailer.send(email, letter.subject, letter.text, letter.html)
    except MailNotSent:
        async with uow_factory() as uow:
            await uow.codes.remove(issued.id)
            await uow.commit()
        raise
    return CodeSentView(
        email=email, expires_at=issued.expires_at, resend_after=now + RESEND_INTERVAL
    )
