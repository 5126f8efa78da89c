"""`ClusterLease`: a job that must run on one worker of the cluster at a time.

The reminder scheduler and the outbox sender run in every worker, and each asks its lease before
a round: the worker that holds it does the round, the others wait. The lease is a row in the
database (`cluster_leases`) held for `ttl` and renewed every third of it; when its holder dies,
another worker takes it over within `ttl`. The answer is remembered between renewals, so a round
costs a database write only every `ttl / 3`. A holder that cannot renew stops believing it holds
the lease by the time it runs out, so two holders never overlap (clocks of the workers' machines
are assumed to agree within a second or so: NTP).
"""

from __future__ import annotations

import os
import secrets
import socket
import time
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy.exc import IntegrityError

from core.clock import Clock, SystemClock
from core.errors import AlreadyStored
from storage.uow import UnitOfWorkFactory


def worker_identity() -> str:
    """Who holds a lease, as an operator reads it: the host, the process, and a random part
    (a pid is reused after a restart)."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


class ClusterLease:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        name: str,
        ttl: timedelta,
        *,
        holder: str | None = None,
        clock: Clock | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.name = name
        self.holder = holder or worker_identity()
        self._uow_factory = uow_factory
        self._ttl = ttl
        self._clock = clock or SystemClock()  # wall-clock time between workers
        self._monotonic = monotonic
        self._held = False
        self._known_until = float("-inf")  # monotonic time until which `_held` is still true

    async def held(self) -> bool:
        """Whether this worker holds the lease now (taking or renewing it when due). Raises when
        the database cannot be asked; the lease is then not held from the next call on."""
        if self._monotonic() < self._known_until:
            return self._held
        asked_at = self._monotonic()
        self._held = False
        self._known_until = float("-inf")
        self._held = await self._take()
        self._known_until = asked_at + self._ttl.total_seconds() / 3
        return self._held

    async def give_up(self) -> None:
        """Lets another worker take the lease at once (a worker that stops)."""
        if not self._held:
            return
        self._held = False
        self._known_until = float("-inf")
        async with self._uow_factory() as uow:
            await uow.leases.give_up(self.name, self.holder, self._clock.now())
            await uow.commit()

    async def _take(self) -> bool:
        now = self._clock.now()
        until = now + self._ttl
        async with self._uow_factory() as uow:
            if await uow.leases.take(self.name, self.holder, now, until):
                await uow.commit()
                return True
            if await uow.leases.exists(self.name):
                return False
        try:
            async with self._uow_factory() as uow:
                await uow.leases.create(self.name, self.holder, until)
                await uow.commit()
        except (AlreadyStored, IntegrityError):  # another worker created it meanwhile: it holds it
            return False
        return True
