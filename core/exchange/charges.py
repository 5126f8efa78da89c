"""`charges` file: keyed by (account, period, service); a known charge updates its figures.

Amounts may be negative: a recalculation (перерасчёт) gives money back.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any, NamedTuple

from core.entities.billing import Charge
from core.entities.entity import Entity
from core.exchange.account_ids import AccountIds, unknown_accounts
from core.exchange.accounts import parse_account_number
from core.exchange.charges_notify import NewBillNotices
from core.exchange.fields import (
    optional_decimal,
    required_kopecks,
    required_period,
    required_text,
)
from core.exchange.kind import Batch, ImportContext, LoadState
from core.exchange.problems import RowProblem
from core.ports import UnitOfWork

COLUMNS = ("account_number", "period", "service", "consumption_kwh", "tariff_rub", "amount_rub")
FIGURES = ("consumption_kwh", "tariff_rub", "amount_kopecks")


class ChargeRecord(NamedTuple):
    account_number: str
    period: str
    service: str
    consumption_kwh: Decimal | None
    tariff_rub: Decimal | None
    amount_kopecks: int


class ChargesKind:
    name: str = "charges"
    columns: tuple[str, ...] = COLUMNS
    entity: type[Entity] = Charge

    def __init__(self, context: ImportContext) -> None:
        self.context = context
        self._account_ids = AccountIds()
        self._notices = NewBillNotices(context)

    def begin_pass(self) -> None:
        self._notices.begin_pass()

    def parse(self, values: Sequence[str]) -> ChargeRecord:
        number, period, service, consumption, tariff, amount = values
        return ChargeRecord(
            account_number=parse_account_number(number),
            period=required_period(period, "period"),
            service=required_text(service, "service", 100),
            consumption_kwh=optional_decimal(consumption, "consumption_kwh", places=3),
            tariff_rub=optional_decimal(tariff, "tariff_rub", places=5),
            amount_kopecks=required_kopecks(amount, "amount_rub", allow_negative=True),
        )

    def key(self, record: ChargeRecord) -> tuple[str, str, str]:
        return record.account_number, record.period, record.service

    async def load(
        self, uow: UnitOfWork, batch: Batch[ChargeRecord], state: LoadState
    ) -> list[RowProblem]:
        store = uow.exchange
        account_ids = await self._account_ids.of(
            store, [record.account_number for record in batch.records]
        )
        problems = unknown_accounts(batch, account_ids)
        if problems or not state.writing:
            return problems
        existing = (
            {}
            if state.table_was_empty
            else await store.charges_of_accounts(
                {account_ids[record.account_number] for record in batch.records},
                {record.period for record in batch.records},
            )
        )
        inserts: list[tuple[Any, ...]] = []
        updates: list[tuple[Any, ...]] = []
        for record in batch.records:
            account_id = account_ids[record.account_number]
            figures = record[3:]
            row = existing.get((account_id, record.period, record.service))
            if row is None:
                inserts.append((account_id, record.period, record.service, *figures))
            elif tuple(getattr(row, name) for name in FIGURES) != figures:
                updates.append((*figures, row.id))
        await store.insert_many(Charge, ("account_id", "period", "service", *FIGURES), inserts)
        await store.update_many(Charge, FIGURES, updates)
        state.counts.inserted += len(inserts)
        state.counts.updated += len(updates)
        state.counts.unchanged += len(batch) - len(inserts) - len(updates)
        await self._notices.after_batch(
            uow, {(account_ids[r.account_number], r.period) for r in batch.records}
        )
        return []
