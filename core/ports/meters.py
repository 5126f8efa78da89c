"""The repository of meters of accounts."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Protocol

from core.entities.meters import Meter


class Meters(Protocol):
    def add(self, meter: Meter) -> None: ...

    async def get(self, meter_id: int) -> Meter | None: ...

    async def for_account(self, account_id: int) -> Sequence[Meter]: ...

    async def for_accounts(self, account_ids: Collection[int]) -> Sequence[Meter]:
        """Ordered by account, then serial."""
        ...
