"""The repository of outages and the customers they reach."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import NamedTuple, Protocol

from core.entities.outages import Outage
from core.outages.address import Place
from core.ports.outbox import Recipient


class LinkedAddress(NamedTuple):
    """An account a user has linked, with its address as outages match it."""

    account_id: int
    number: str
    branch: str
    locality: str
    street: str | None
    house: str | None
    letter: str | None
    addr_locality: str | None
    addr_street: str | None


class Outages(Protocol):
    async def by_external_ids(self, ids: Collection[str]) -> dict[str, Outage]: ...

    async def get(self, outage_id: int) -> Outage | None: ...

    async def add(self, outage: Outage) -> None: ...

    async def open_imported(self) -> list[Outage]:
        """Outages of the grid company's file still active: those a new file no longer names
        are over."""
        ...

    async def needing_attention(self, now: datetime) -> list[int]:
        """Ids of outages that may have something to tell: active and not over, or closed
        after being told and not told of it yet."""
        ...

    async def recipients(
        self, branch: str, place: Place, kind: str, after_identity: int, limit: int
    ) -> list[Recipient]:
        """Reachable chats of customers with an active link to an account in the place who have
        not switched `kind` off, in identity order after `after_identity`. Driven by the
        accounts' address index: the rows read are the place's accounts, not the table."""
        ...

    async def reach(self, branch: str, place: Place) -> tuple[int, int]:
        """(accounts in the place, customers with one of them linked)."""
        ...

    async def linked_addresses(self, user_id: int) -> list[LinkedAddress]: ...

    async def current_in(self, localities: Collection[str], now: datetime) -> Sequence[Outage]:
        """Active outages not over yet in these localities (by key), by start."""
        ...

    async def branches(self) -> list[str]: ...
