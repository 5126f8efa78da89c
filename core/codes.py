"""One-time codes mailed to an address: 6 digits, 15 minutes, 5 tries, one re-send a minute.

Only a hash is stored. The newest code for a (purpose, address) supersedes every older one.
At most 10 codes a day go to one address for one purpose: with 5 tries each, guessing a
code takes about 2,000 days on average, and the owner sees every letter.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from core.clock import Clock
from core.entities.codes import VerificationCode
from core.enums import CodePurpose
from core.ports import UnitOfWork, UnitOfWorkFactory
from core.users.errors import (
    CodeAttemptsExhausted,
    CodeExpired,
    CodeNotRequested,
    CodeResendTooSoon,
    CodeWrong,
)

CODE_DIGITS = 6
CODE_TTL = timedelta(minutes=15)
MAX_CODE_ATTEMPTS = 5
RESEND_INTERVAL = timedelta(minutes=1)
MAX_CODES_PER_DAY = 10
DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class IssuedCode:
    id: int
    code: str
    expires_at: datetime


def generate_code() -> str:
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def hash_code(purpose: CodePurpose, target: str, code: str) -> str:
    """Bound to purpose and address, so a hash copied to another row matches nothing."""
    return hashlib.sha256(f"{purpose.value}:{target}:{code}".encode()).hexdigest()


async def issue_code(
    uow: UnitOfWork, purpose: CodePurpose, target: str, user_id: int | None, now: datetime
) -> IssuedCode:
    """Adds a fresh code (the caller commits) after the re-send pause; older codes die.

    Raises `CodeResendTooSoon` with the seconds to wait: a minute after the last code, or until
    the oldest of the day's codes is a day old.
    """
    sent_today = await uow.codes.created_since(purpose.value, target, now - DAY)
    if sent_today:
        next_allowed = sent_today[-1] + RESEND_INTERVAL
        if len(sent_today) >= MAX_CODES_PER_DAY:
            next_allowed = max(next_allowed, sent_today[-MAX_CODES_PER_DAY] + DAY)
        if now < next_allowed:
            raise CodeResendTooSoon(math.ceil((next_allowed - now).total_seconds()))
    await uow.codes.consume_all(purpose.value, target, now)
    code = generate_code()
    row = VerificationCode(
        purpose=purpose.value,
        target=target,
        user_id=user_id,
        code_hash=hash_code(purpose, target, code),
        attempts=0,
        expires_at=now + CODE_TTL,
        created_at=now,
    )
    uow.codes.add(row)
    await uow.flush()
    return IssuedCode(id=row.id, code=code, expires_at=row.expires_at)


async def redeem_code(
    uow: UnitOfWork, purpose: CodePurpose, target: str, code: str, now: datetime
) -> VerificationCode:
    """Marks the live code used (the caller commits with what the code allows) and returns it.

    Each check takes one of the code's 5 tries in the database before comparing, so parallel
    guesses cannot make more. A wrong code's try is committed here at once, so that rolling back
    the caller's unit of work cannot give it back; then it raises.
    """
    row = await uow.codes.latest(purpose.value, target)
    if row is None or row.consumed_at is not None:
        raise CodeNotRequested()
    if now >= row.expires_at:
        raise CodeExpired()
    tries = await uow.codes.take_try(row.id, MAX_CODE_ATTEMPTS)
    if tries is None:
        raise CodeAttemptsExhausted()
    if not hmac.compare_digest(row.code_hash, hash_code(purpose, target, code.strip())):
        await uow.commit()
        if tries >= MAX_CODE_ATTEMPTS:
            raise CodeAttemptsExhausted()
        raise CodeWrong(MAX_CODE_ATTEMPTS - tries)
    if not await uow.codes.consume(row.id, now):
        raise CodeNotRequested()  # redeemed by a concurrent request a moment ago
    return row


async def purge_old_codes(uow_factory: UnitOfWorkFactory, clock: Clock) -> int:
    """For a periodic job: codes older than a day can be neither used nor counted any more."""
    async with uow_factory() as uow:
        removed = await uow.codes.purge_created_before(clock.now() - DAY)
        await uow.commit()
    return removed
