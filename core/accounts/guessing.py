"""Guessing a ЕЛС: limited per person, watched per account.

A person is a cabinet (`users.id`): every Telegram account signed in to it counts against the
one limit, and its sign-in phone is its alone (`users.phone` is unique), so the limit per
cabinet is the limit per phone. Five misses in an hour, and the cabinet's ЕЛС linking waits
until the oldest of them is an hour old (a photo of the meter stays open meanwhile).

An account is never locked by misses: its number is printed on paper bills, so a lock that
strangers' misses set would shut its owner out, and the owner's right ЕЛС always links. Many
people missing one account's ЕЛС alert staff instead, at most once an hour per account.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from core.accounts.address import full_address
from core.accounts.errors import TooManyLinkAttempts
from core.entities.accounts import Account, LinkAttempt, LinkGuessingAlert
from core.errors import AlreadyStored
from core.ports import UnitOfWork, UnitOfWorkFactory

MAX_FAILED_ATTEMPTS = 5
ATTEMPTS_WINDOW = timedelta(hours=1)
# Staff hear of an account missed by this many cabinets, or this many times, within the window.
ALERT_USERS = 5
ALERT_FAILURES = 2 * MAX_FAILED_ATTEMPTS  # more than one cabinet can miss in an hour
ALERT_EVERY = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class GuessingAlert:
    """What staff are told: the account, and who missed its ЕЛС how often since when."""

    account_id: int
    account_number: str
    branch: str
    address: str
    users: int
    failures: int
    since: datetime


async def refuse_when_over_limit(uow: UnitOfWork, user_id: int, now: datetime) -> None:
    """`TooManyLinkAttempts` once the cabinet's own misses reach the limit; others' misses on
    the same account do not count."""
    failures = await uow.accounts.failed_attempts_by_user(user_id, now - ATTEMPTS_WINDOW)
    if len(failures) >= MAX_FAILED_ATTEMPTS:
        raise TooManyLinkAttempts(_retry_at(failures))


async def record_failure(
    uow: UnitOfWork, user_id: int, account: Account | None, now: datetime
) -> int:
    """Commits the miss (the caller raises next) and says how many tries the cabinet has left."""
    account_id = account.id if account is not None else None
    uow.accounts.add_attempt(
        LinkAttempt(user_id=user_id, account_id=account_id, succeeded=False, created_at=now)
    )
    await uow.commit()
    used = len(await uow.accounts.failed_attempts_by_user(user_id, now - ATTEMPTS_WINDOW))
    return max(0, MAX_FAILED_ATTEMPTS - used)


async def alert_due(
    uow_factory: UnitOfWorkFactory, account_id: int, now: datetime
) -> GuessingAlert | None:
    """The alert to post when the account's misses in the last hour call for one and staff have
    not been alerted of it within the hour; claimed in the database, so one worker posts it."""
    since = now - ATTEMPTS_WINDOW
    async with uow_factory() as uow:
        failures, users = await uow.accounts.failures_on_account(account_id, since)
    if users < ALERT_USERS and failures < ALERT_FAILURES:
        return None
    if not await _claim(uow_factory, account_id, now):
        return None
    async with uow_factory() as uow:
        account = await uow.accounts.get(account_id)
        if account is None:  # deleted by billing meanwhile: nothing left to watch
            return None
        return GuessingAlert(
            account_id=account.id,
            account_number=account.number,
            branch=account.branch,
            address=full_address(account),
            users=users,
            failures=failures,
            since=since,
        )


async def _claim(uow_factory: UnitOfWorkFactory, account_id: int, now: datetime) -> bool:
    try:
        async with uow_factory() as uow:
            last = await uow.accounts.guessing_alerted_at(account_id)
            if last is not None and last > now - ALERT_EVERY:
                return False  # the usual case while an attack goes on: no write
            if last is None:
                uow.accounts.add_guessing_alert(
                    LinkGuessingAlert(account_id=account_id, alerted_at=now)
                )
                claimed = True
            else:
                claimed = await uow.accounts.move_guessing_alert(
                    account_id, now, last_before=now - ALERT_EVERY
                )
            await uow.commit()
            return claimed
    except AlreadyStored:  # another worker alerted first
        return False


def _retry_at(failure_times: Sequence[datetime]) -> datetime:
    """When enough of the failures have aged out of the window to allow one more try."""
    return failure_times[-MAX_FAILED_ATTEMPTS] + ATTEMPTS_WINDOW
