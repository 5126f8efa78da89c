"""The billing exchange's store: look-ups by natural key and many rows written at once.

Core names what it writes by its record class (`Account`, `Reading`, ...) and the attributes
of that class, in the order of the values in each row; the store owns the tables and how rows
get there (a COPY where the database has one).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Collection, Sequence
from datetime import datetime
from typing import Any, Protocol

from core.entities.entity import Entity

# A stored row as a look-up returns it: its attributes are the record's (`row.id`, `row.status`).
StoredRow = Any


class Exchange(Protocol):
    async def accounts_by_number(self, numbers: Collection[str]) -> dict[str, StoredRow]: ...

    async def account_ids(self, numbers: Collection[str]) -> dict[str, int]: ...

    async def all_account_ids(self) -> dict[str, int]:
        """Every account's id by number, in one pass: for a file that names most accounts."""
        ...

    async def count(self, kind: type[Entity]) -> int: ...

    async def is_empty(self, kind: type[Entity]) -> bool: ...

    async def meters_by_account_number(
        self, numbers: Collection[str]
    ) -> dict[tuple[str, str], StoredRow]:
        """Meters of these accounts by (account number, serial), with `account_number`."""
        ...

    async def readings_of_meters(
        self, meter_ids: Collection[int], since: datetime, until: datetime
    ) -> list[StoredRow]: ...

    async def charges_of_accounts(
        self, account_ids: Collection[int], periods: Collection[str]
    ) -> dict[tuple[int, str, str], StoredRow]: ...

    async def payments_by_external_key(self, keys: Collection[str]) -> dict[str, StoredRow]: ...

    async def insert_many(
        self, kind: type[Entity], attributes: Sequence[str], rows: Sequence[Sequence[Any]]
    ) -> None:
        """Inserts rows given as values in the order of `attributes`; the others take their
        defaults, as a record added alone would."""
        ...

    async def update_many(
        self, kind: type[Entity], attributes: Sequence[str], rows: Sequence[Sequence[Any]]
    ) -> None:
        """Updates by id: each row is the new values in the order of `attributes`, then the id."""
        ...

    def readings_of_period(self, period: str) -> AsyncIterator[Any]:
        """The period's readings with account number and serial, in export order."""
        ...
