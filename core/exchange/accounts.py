"""`accounts` file: personal accounts keyed by number; a known number updates its fields."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, NamedTuple

from core.entities.accounts import Account
from core.entities.entity import Entity
from core.exchange.fields import FieldError, Text, TextColumns
from core.exchange.kind import Batch, ImportContext, LoadState
from core.exchange.problems import RowProblem
from core.outages.address import account_address_keys
from core.ports import UnitOfWork

COLUMNS = (
    "account_number",
    "els",
    "branch",
    "locality",
    "street",
    "house",
    "letter",
    "building",
    "apartment",
    "holder_name",
    "tariff",
)

ACCOUNT_NUMBER = re.compile(r"[0-9A-Za-z-]{1,20}")
# ЕЛС of ГИС ЖКХ: ten characters, digits and capital letters (e.g. 26АБ123456).
ELS = re.compile(r"[0-9A-ZА-ЯЁ]{10}")


TEXT_COLUMNS = TextColumns(
    Text("els", 10, required=False),
    Text("branch", 150, required=True),
    Text("locality", 150, required=True),
    Text("street", 150, required=False),
    Text("house", 20, required=False),
    Text("letter", 10, required=False),
    Text("building", 10, required=False),
    Text("apartment", 10, required=False),
    Text("holder_name", 200, required=True),
    Text("tariff", 100, required=True),
)


def parse_account_number(value: str) -> str:
    number = value.strip()
    if not ACCOUNT_NUMBER.fullmatch(number):
        raise FieldError(f"account_number {number!r} is not 1-20 digits or letters")
    return number


class AccountRecord(NamedTuple):
    """Field names are the table's column names."""

    number: str
    els: str | None
    branch: str
    locality: str
    street: str | None
    house: str | None
    letter: str | None
    building: str | None
    apartment: str | None
    holder_name: str
    tariff: str
    # The address as outages match it, derived from the columns above (core.outages.address).
    addr_locality: str
    addr_street: str
    addr_house: int | None
    addr_house_suffix: str


class AccountsKind:
    name: str = "accounts"
    columns: tuple[str, ...] = COLUMNS
    entity: type[Entity] = Account

    def __init__(self, context: ImportContext) -> None:
        self.context = context

    def begin_pass(self) -> None:
        pass

    def parse(self, values: Sequence[str]) -> AccountRecord:
        number = parse_account_number(values[0])
        texts = TEXT_COLUMNS.parse(values[1:])
        els = texts[0]
        if els is not None and not ELS.fullmatch(els):
            raise FieldError(f"els {els!r} is not 10 digits or capital letters")
        keys = account_address_keys(texts[2], texts[3], texts[4], texts[5])
        return AccountRecord._make((number, *texts, *keys))

    def key(self, record: AccountRecord) -> str:
        return record.number

    async def load(
        self, uow: UnitOfWork, batch: Batch[AccountRecord], state: LoadState
    ) -> list[RowProblem]:
        store = uow.exchange
        if not state.writing:
            return []  # nothing to check against the database
        if state.table_was_empty:
            await store.insert_many(Account, AccountRecord._fields, batch.records)
            state.counts.inserted += len(batch)
            return []
        existing = await store.accounts_by_number([record.number for record in batch.records])
        inserts: list[AccountRecord] = []
        updates: list[tuple[Any, ...]] = []
        for record in batch.records:
            row = existing.get(record.number)
            if row is None:
                inserts.append(record)
            elif tuple(getattr(row, name) for name in AccountRecord._fields) != record:
                updates.append((*record, row.id))
        await store.insert_many(Account, AccountRecord._fields, inserts)
        await store.update_many(Account, AccountRecord._fields, updates)
        state.counts.inserted += len(inserts)
        state.counts.updated += len(updates)
        state.counts.unchanged += len(batch) - len(inserts) - len(updates)
        return []
