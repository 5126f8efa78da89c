"""Who is behind a Telegram account, remembered between updates for a one-process bot.

Every update asks; the answer changes only when the users or their Telegram identities are
written (sign-in, sign-out, profile, consent, deletion). This process sees its own writes
(`written`, a number the store changes at every such write), so a remembered answer is dropped
at the first write to them, whoever made it. Writes by other processes are not seen: answers are also forgotten after
`ttl`, and a bot with several processes (Redis) does not use this at all.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from core.users.service import UsersService
from core.users.views import UserView

REMEMBERED = 10_000


@dataclass(frozen=True, slots=True)
class _Known:
    user: UserView | None
    generation: int
    until: float


class KnownIdentities:
    def __init__(
        self,
        users: UsersService,
        written: Callable[[], int],
        ttl_seconds: float = 60.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._users = users
        self._written = written
        self._ttl = ttl_seconds
        self._monotonic = monotonic
        self._known: OrderedDict[int, _Known] = OrderedDict()

    async def by_telegram(self, telegram_user_id: int) -> UserView | None:
        """`UsersService.by_telegram`, from memory while nothing it depends on was written."""
        generation = self._written()
        now = self._monotonic()
        known = self._known.get(telegram_user_id)
        if known is not None and known.generation == generation and known.until > now:
            return known.user
        user = await self._users.by_telegram(telegram_user_id)
        if self._written() == generation:  # nothing written meanwhile
            self._known[telegram_user_id] = _Known(user, generation, now + self._ttl)
            self._known.move_to_end(telegram_user_id)
            if len(self._known) > REMEMBERED:
                self._known.popitem(last=False)
        return user
