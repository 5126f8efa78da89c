"""The one ownership rule (an ACTIVE link grants access), checked inside a caller's unit of work."""

from __future__ import annotations

from core.accounts.errors import NotAccountOwner
from core.ports import UnitOfWork


async def ensure_owner(uow: UnitOfWork, user_id: int, account_id: int) -> None:
    """NotAccountOwner unless `user_id` holds an ACTIVE link to the account."""
    if not await uow.accounts.has_active_link(user_id, account_id):
        raise NotAccountOwner(account_id)
