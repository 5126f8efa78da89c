"""`payments` file: money received, keyed by a deterministic `external_key`.

Billing sends no payment id, so the key is a hash of the row's identifying fields (account, day,
amount, purpose, source) and of the row's occurrence among identical rows of the file: two equal
payments on one day are a real case (two receipts paid at a post office), and the second is a
second payment, not a repeat. Status is what an update changes (pending → confirmed).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date
from typing import Any, NamedTuple

from core.entities.entity import Entity
from core.entities.payments import Payment
from core.enums import PaymentSource, PaymentStatus
from core.exchange.account_ids import AccountIds, unknown_accounts
from core.exchange.accounts import parse_account_number
from core.exchange.fields import (
    FieldError,
    required_choice,
    required_date,
    required_kopecks,
    required_text,
)
from core.exchange.kind import Batch, ImportContext, LoadState
from core.exchange.problems import RowProblem
from core.ports import UnitOfWork

COLUMNS = ("account_number", "paid_on", "amount_rub", "purpose", "source", "status")
KEY_PREFIX = "billing:"
SOURCE_CODES = frozenset(source.value for source in PaymentSource)
SOURCE_LIMIT = 100
INSERTED_COLUMNS = (
    "account_id",
    "amount_kopecks",
    "purpose",
    "source",
    "status",
    "paid_at",
    "external_key",
    "created_at",
)


class PaymentRecord(NamedTuple):
    account_number: str
    paid_on: date
    amount_kopecks: int
    purpose: str
    source: str  # one of PaymentSource's codes, or the agent's name as billing writes it
    status: PaymentStatus
    external_key: str


def payment_source(value: str) -> str:
    """Where the money came from: one of our codes (`bank`, `post`, ...), or the payment agent's
    name as billing writes it («Сбербанк Онлайн», «Почта России»), up to 100 characters."""
    text = value.strip()
    return text if text in SOURCE_CODES else required_text(text, "source", SOURCE_LIMIT)


def payment_key(identity: str, occurrence: int) -> str:
    digest = hashlib.sha256(f"{identity}|{occurrence}".encode()).hexdigest()
    return KEY_PREFIX + digest[: 64 - len(KEY_PREFIX)]


class PaymentsKind:
    name: str = "payments"
    columns: tuple[str, ...] = COLUMNS
    entity: type[Entity] = Payment

    def __init__(self, context: ImportContext) -> None:
        self.context = context
        self._account_ids = AccountIds()
        # Occurrences by a 64-bit fingerprint of the identity, not the identity itself: a
        # million rows stay small, and a rare fingerprint clash only shifts an occurrence
        # number, which keeps keys unique and the same for the same file.
        self._seen: dict[int, int] = {}

    def begin_pass(self) -> None:
        self._seen.clear()

    def parse(self, values: Sequence[str]) -> PaymentRecord:
        number, paid, amount_rub, purpose_text, source_text, status_text = values
        account_number = parse_account_number(number)
        paid_on = required_date(paid, "paid_on")
        amount = required_kopecks(amount_rub, "amount_rub", allow_negative=False)
        if amount == 0:
            raise FieldError("amount_rub is zero")
        purpose = required_text(purpose_text, "purpose", 100)
        source = payment_source(source_text)
        status = required_choice(status_text, "status", PaymentStatus)
        identity = f"{account_number}|{paid_on.isoformat()}|{amount}|{purpose}|{source}"
        fingerprint = int.from_bytes(hashlib.blake2b(identity.encode(), digest_size=8).digest())
        occurrence = self._seen.get(fingerprint, 0)
        self._seen[fingerprint] = occurrence + 1
        return PaymentRecord(
            account_number,
            paid_on,
            amount,
            purpose,
            source,
            status,
            payment_key(identity, occurrence),
        )

    def key(self, record: PaymentRecord) -> str:
        return record.external_key

    async def load(
        self, uow: UnitOfWork, batch: Batch[PaymentRecord], state: LoadState
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
            else await store.payments_by_external_key([r.external_key for r in batch.records])
        )
        inserts: list[tuple[Any, ...]] = []
        updates: list[tuple[str, int]] = []
        for record in batch.records:
            row = existing.get(record.external_key)
            if row is None:
                inserts.append(self._new_row(account_ids[record.account_number], record))
            elif row.status != record.status:
                updates.append((record.status.value, row.id))
        await store.insert_many(Payment, INSERTED_COLUMNS, inserts)
        await store.update_many(Payment, ("status",), updates)
        state.counts.inserted += len(inserts)
        state.counts.updated += len(updates)
        state.counts.unchanged += len(batch) - len(inserts) - len(updates)
        return []

    def _new_row(self, account_id: int, record: PaymentRecord) -> tuple[Any, ...]:
        return (
            account_id,
            record.amount_kopecks,
            record.purpose,
            record.source,
            record.status.value,
            self.context.noon_utc(record.paid_on),
            record.external_key,
            self.context.now,
        )
