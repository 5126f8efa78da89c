"""The repository of charges and payments as billing reports them."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Protocol

from core.entities.billing import Charge
from core.entities.payments import Payment


class Billing(Protocol):
    async def charged_per_service(
        self, account_ids: Collection[int]
    ) -> Sequence[tuple[int, str, int]]:
        """(account_id, service, kopecks charged in all periods), on the charges' unique index."""
        ...

    async def paid_per_purpose(
        self, account_ids: Collection[int]
    ) -> Sequence[tuple[int, str, int]]:
        """(account_id, purpose, kopecks of confirmed payments), on (account_id, paid_at)."""
        ...

    async def paid_since(self, account_ids: Collection[int], since: datetime) -> dict[int, int]:
        """Kopecks of confirmed payments paid at or after a moment, per account."""
        ...

    async def latest_tariff(self, account_id: int) -> Decimal | None:
        """The rouble tariff of the account's newest charge that has one."""
        ...

    async def count_charges(self, account_id: int) -> int: ...

    async def charges_page(
        self, account_id: int, *, offset: int, limit: int
    ) -> Sequence[tuple[Charge, int | None]]:
        """Charges newest period first, each with the id of that period's bill if there is one."""
        ...

    async def count_payments(self, account_id: int) -> int: ...

    async def payments_page(self, account_id: int, *, offset: int, limit: int) -> Sequence[Payment]:
        """Payments newest first; one not yet paid is dated by its creation."""
        ...
