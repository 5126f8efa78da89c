"""«Передать по другому лицевому счёту»: anyone signed in may send readings by any account number
(the web cabinet allows it), seeing only masked data. Look-ups are limited per user, counted in
the audit log so that every worker sees the same count."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from core import audit
from core.accounts.views import AccountLookupView
from core.enums import AuditAction
from core.errors import CabinetError

if TYPE_CHECKING:
    from core.cabinet import Cabinet

MAX_LOOKUPS = 10
LOOKUPS_WINDOW = timedelta(hours=1)


class TooManyAccountLookups(CabinetError):
    code = "too_many_account_lookups"

    def __init__(self, retry_at: datetime) -> None:
        super().__init__(
            f"At most {MAX_LOOKUPS} account look-ups an hour; try again at {retry_at.isoformat()}",
            retry_at=retry_at,
        )


async def look_up(cabinet: Cabinet, user_id: int, number: str) -> AccountLookupView:
    """The account behind `number` as its owner's neighbour would see it (masked unless the user
    owns it). Every look-up counts, found or not: guessing numbers is what the limit stops."""
    now = cabinet.clock.now()
    async with cabinet.uow_factory() as uow:
        done = await uow.audit.times_since(
            user_id, AuditAction.ACCOUNT_LOOKED_UP.value, now - LOOKUPS_WINDOW
        )
        if len(done) >= MAX_LOOKUPS:
            raise TooManyAccountLookups(done[-MAX_LOOKUPS] + LOOKUPS_WINDOW)
        await audit.record(uow, user_id, AuditAction.ACCOUNT_LOOKED_UP, at=now)
        await uow.commit()
    return await cabinet.accounts.lookup(number, user_id)
