"""Rows of the history screens."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from core.enums import PaymentSource, PaymentStatus, ReadingSource, ReadingStatus


@dataclass(frozen=True, slots=True)
class ReadingRecord:
    id: int
    meter_id: int
    meter_serial: str
    zone: str
    value: Decimal
    consumption: Decimal | None
    taken_at: datetime
    period: str
    source: ReadingSource
    status: ReadingStatus
    reject_reason: str | None
    photo_path: str | None = None  # a photo of the meter sent with it, under FILES_DIR


@dataclass(frozen=True, slots=True)
class ChargeRecord:
    id: int
    period: str
    service: str
    consumption_kwh: Decimal | None
    tariff_rub: Decimal | None
    amount_kopecks: int
    bill_id: int | None


@dataclass(frozen=True, slots=True)
class PaymentRecord:
    id: int
    amount_kopecks: int
    purpose: str
    source: str  # as stored: one of PaymentSource's codes, or the agent's name from billing
    status: PaymentStatus
    paid_at: datetime | None
    created_at: datetime
    has_receipt: bool = False  # made in the bot and fiscalised: a «Чек» to show

    @property
    def source_code(self) -> PaymentSource | None:
        """The code when the source is one of ours (shown in the reader's language), else None
        (the agent's name, shown as written)."""
        try:
            return PaymentSource(self.source)
        except ValueError:
            return None


@dataclass(frozen=True, slots=True)
class PeriodCharges:
    """A period of the charges history: everything charged in it, and its bill."""

    period: str
    amount_kopecks: int


@dataclass(frozen=True, slots=True)
class Receipt:
    """A payment made in the bot with its fiscal data (ФФД: ФД, ФП, ФН, РН ККТ), the check's
    page, and what the web cabinet's receipt shows of the account and the meter."""

    payment_id: int
    account_number: str
    address: str  # «Адрес точки поставки»
    tariff: str
    meter_serial: str | None
    meter_model: str | None  # «Тип прибора учёта»
    meter_digits: int | None  # «Значность прибора учёта»
    amount_kopecks: int
    purpose: str
    status: PaymentStatus
    paid_at: datetime | None
    fiscal_document_number: str | None
    fiscal_sign: str | None
    fiscal_drive_number: str | None
    ecr_registration_number: str | None  # РН ККТ: the till's registration number
    receipt_at: datetime | None
    ofd_url: str | None
    masked_pan: str | None
