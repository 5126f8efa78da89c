"""Account ids for the account numbers a file names, looked up as cheaply as the file allows."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Protocol, TypeVar

from core.entities.accounts import Account
from core.exchange.kind import Batch
from core.exchange.problems import RowProblem
from core.ports.exchange import Exchange

# Once a file has named this share of the accounts table, reading the whole table in one
# stream costs less than looking up the rest of the file batch by batch.
WHOLE_TABLE_SHARE = 0.1


class AccountIds:
    """Batched look-ups by number at first; the whole table once the file proves large."""

    def __init__(self) -> None:
        self._all: dict[str, int] | None = None
        self._table_size: int | None = None
        self._numbers_seen = 0  # distinct within each batch

    async def of(self, store: Exchange, numbers: Collection[str]) -> Mapping[str, int]:
        """Ids by number covering every known number of `numbers` (and perhaps others)."""
        if self._all is None:
            # Distinct numbers: a look-up costs per account, and a file of charges or payments
            # names each account in a score of rows.
            self._numbers_seen += len(set(numbers))
            if self._table_size is None:
                self._table_size = await store.count(Account)
            if self._numbers_seen < self._table_size * WHOLE_TABLE_SHARE:
                return await store.account_ids(numbers)
            self._all = await store.all_account_ids()
        return self._all


class _OfAccount(Protocol):
    @property
    def account_number(self) -> str: ...


OfAccount = TypeVar("OfAccount", bound=_OfAccount)


def unknown_accounts(batch: Batch[OfAccount], ids: Mapping[str, int]) -> list[RowProblem]:
    """A problem for each row whose account is not in `ids`."""
    return [
        RowProblem(line, f"account {record.account_number} is not known")
        for line, record in batch.numbered()
        if record.account_number not in ids
    ]
