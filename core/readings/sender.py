"""Who sends readings, and so for which meters: the one rule both the meter's choice and the
submission check."""

from __future__ import annotations

from dataclasses import dataclass

from core.accounts.errors import NotAccountOwner
from core.accounts.ownership import ensure_owner
from core.ports import UnitOfWork


@dataclass(frozen=True)
class Sender:
    """A customer sends for the accounts linked to them; by an account's number anyone may send,
    for that account's meters only (`by_number`: the account the number named)."""

    user_id: int
    by_number: int | None = None


async def ensure_may_send(uow: UnitOfWork, sender: Sender, account_id: int) -> None:
    """NotAccountOwner unless `sender` may send readings for the account's meters."""
    if sender.by_number is None:
        await ensure_owner(uow, sender.user_id, account_id)
    elif account_id != sender.by_number:
        raise NotAccountOwner(account_id)
