"""The repository of payments started here or reported by billing."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any, Protocol

from core.entities.payments import Payment
from core.enums import PaymentStatus


class Payments(Protocol):
    def add(self, payment: Payment) -> None: ...

    async def get(self, payment_id: int) -> Payment | None: ...

    async def by_external_key(self, key: str) -> Payment | None: ...

    async def by_order_number(self, order_number: str) -> Payment | None: ...

    async def by_provider_order_id(self, order_id: str) -> Payment | None: ...

    async def settle(
        self,
        payment_id: int,
        status: PaymentStatus,
        *,
        now: datetime,
        values: dict[str, Any],
        from_statuses: Collection[str] = ...,
    ) -> bool:
        """Moves an open payment to `status` in one conditional UPDATE; False when another
        request (a replayed callback, the return page) got there first."""
        ...

    async def claim_registration(
        self, payment_id: int, order_number: str, *, now: datetime, stale_before: datetime
    ) -> bool:
        """Takes the intent for one registration at the gateway under a fresh `order_number`
        (the claim's token): from created, or from a claim left unfinished since before
        `stale_before` (its worker died). False when another request holds it or it has a link."""
        ...

    async def finish_registration(
        self, payment_id: int, order_number: str, *, now: datetime, values: dict[str, Any]
    ) -> bool:
        """Ends the claim made with `order_number` (the gateway's order, or a failure); False
        when the claim was lost meanwhile."""
        ...

    async def set_fiscal(self, payment_id: int, fiscal: dict[str, Any], now: datetime) -> None: ...

    async def pending_at_gateway(
        self, provider: str, *, asked_before: datetime, created_after: datetime, limit: int
    ) -> list[Payment]:
        """Orders at the gateway no answer has settled, least recently asked first."""
        ...

    async def mark_asked(self, payment_id: int, now: datetime) -> None:
        """The gateway is being asked about a pending order: not again before the next turn."""
        ...

    async def refresh(self, payment: Payment) -> Payment: ...
