"""`meters` file: meters keyed by (account number, serial); a known meter updates its fields."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, NamedTuple

from core.entities.entity import Entity
from core.entities.meters import Meter
from core.exchange.account_ids import AccountIds, unknown_accounts
from core.exchange.accounts import parse_account_number
from core.exchange.fields import FieldError, optional_date, required_text
from core.exchange.kind import Batch, ImportContext, LoadState
from core.exchange.problems import RowProblem
from core.ports import UnitOfWork

COLUMNS = (
    "account_number",
    "serial",
    "model",
    "digits",
    "zones",
    "installed_on",
    "next_verification_on",
)
ZONE_SETS = ("T", "T1;T2", "T1;T2;T3")
MIN_DIGITS, MAX_DIGITS = 4, 9
DIGITS = {str(digits): digits for digits in range(MIN_DIGITS, MAX_DIGITS + 1)}
# The meter's columns an import sets, in the record's order after the account number.
FIELDS = ("serial", "model", "digits", "zones", "installed_on", "next_verification_on")


class MeterRecord(NamedTuple):
    account_number: str
    serial: str
    model: str
    digits: int
    zones: str
    installed_on: date | None
    next_verification_on: date | None


def parse_digits(value: str) -> int:
    value = value.strip()
    if value in DIGITS:  # the usual spelling, without int()
        return DIGITS[value]
    # isdigit() alone takes "²", which int() refuses
    if not (value.isascii() and value.isdigit()) or not MIN_DIGITS <= int(value) <= MAX_DIGITS:
        raise FieldError(f"digits {value!r} is not a whole number {MIN_DIGITS} to {MAX_DIGITS}")
    return int(value)


def parse_zones(value: str) -> str:
    value = value.strip()
    if value not in ZONE_SETS:
        raise FieldError(f"zones {value!r} is not one of {', '.join(ZONE_SETS)}")
    return value


class MetersKind:
    name: str = "meters"
    columns: tuple[str, ...] = COLUMNS
    entity: type[Entity] = Meter

    def __init__(self, context: ImportContext) -> None:
        self.context = context
        self._account_ids = AccountIds()

    def begin_pass(self) -> None:
        pass

    def parse(self, values: Sequence[str]) -> MeterRecord:
        number, serial, model, digits, zones, installed, next_verification = values
        installed_on = optional_date(installed, "installed_on")
        next_verification_on = optional_date(next_verification, "next_verification_on")
        if installed_on and next_verification_on and next_verification_on <= installed_on:
            raise FieldError("next_verification_on is not after installed_on")
        return MeterRecord(
            parse_account_number(number),
            required_text(serial, "serial", 40),
            required_text(model, "model", 100),
            parse_digits(digits),
            parse_zones(zones),
            installed_on,
            next_verification_on,
        )

    def key(self, record: MeterRecord) -> tuple[str, str]:
        return record.account_number, record.serial

    async def load(
        self, uow: UnitOfWork, batch: Batch[MeterRecord], state: LoadState
    ) -> list[RowProblem]:
        store = uow.exchange
        numbers = [record.account_number for record in batch.records]
        account_ids = await self._account_ids.of(store, numbers)
        problems = unknown_accounts(batch, account_ids)
        if problems or not state.writing:
            return problems
        existing = {} if state.table_was_empty else await store.meters_by_account_number(numbers)
        inserts: list[tuple[Any, ...]] = []
        updates: list[tuple[Any, ...]] = []
        for record in batch.records:
            values = record[1:]
            row = existing.get((record.account_number, record.serial))
            if row is None:
                inserts.append((account_ids[record.account_number], *values))
            elif tuple(getattr(row, name) for name in FIELDS) != values:
                updates.append((*values, row.id))
        await store.insert_many(Meter, ("account_id", *FIELDS), inserts)
        await store.update_many(Meter, FIELDS, updates)
        state.counts.inserted += len(inserts)
        state.counts.updated += len(updates)
        state.counts.unchanged += len(batch) - len(inserts) - len(updates)
        return []
