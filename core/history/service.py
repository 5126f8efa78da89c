"""The history of an account. Callers check ownership first (AccountsService.ensure_owner)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from core.accounts.address import full_address
from core.bills.errors import ReceiptNotFound
from core.enums import PaymentSource, PaymentStatus, ReadingSource, ReadingStatus
from core.history.views import ChargeRecord, PaymentRecord, PeriodCharges, ReadingRecord, Receipt
from core.pagination import Page, slice_for
from core.ports import UnitOfWorkFactory


class HistoryService:
    def __init__(self, uow_factory: UnitOfWorkFactory) -> None:
        self._uow_factory = uow_factory

    async def readings(
        self, account_id: int, page: int = 1, meter_id: int | None = None
    ) -> Page[ReadingRecord]:
        """One row per zone and moment; `meter_id` narrows it to one meter of the account."""
        async with self._uow_factory() as uow:
            total = await uow.readings.count_for_account(account_id, meter_id)
            where = slice_for(page, total)
            rows = await uow.readings.page_for_account(
                account_id, meter_id, offset=where.offset, limit=where.limit
            )
            items = [
                ReadingRecord(
                    id=reading.id,
                    meter_id=reading.meter_id,
                    meter_serial=serial,
                    zone=reading.zone,
                    value=reading.value,
                    consumption=reading.consumption,
                    taken_at=reading.taken_at,
                    period=reading.period,
                    source=ReadingSource(reading.source),
                    status=ReadingStatus(reading.status),
                    reject_reason=reading.reject_reason,
                    photo_path=reading.photo_path,
                )
                for reading, serial in rows
            ]
            return Page(items=items, page=where.page, pages=where.pages, total=total)

    async def charges(self, account_id: int, page: int = 1) -> Page[ChargeRecord]:
        async with self._uow_factory() as uow:
            total = await uow.billing.count_charges(account_id)
            where = slice_for(page, total)
            rows = await uow.billing.charges_page(
                account_id, offset=where.offset, limit=where.limit
            )
            items = [
                ChargeRecord(
                    id=charge.id,
                    period=charge.period,
                    service=charge.service,
                    consumption_kwh=charge.consumption_kwh,
                    tariff_rub=charge.tariff_rub,
                    amount_kopecks=charge.amount_kopecks,
                    bill_id=bill_id,
                )
                for charge, bill_id in rows
            ]
            return Page(items=items, page=where.page, pages=where.pages, total=total)

    async def payments(self, account_id: int, page: int = 1) -> Page[PaymentRecord]:
        async with self._uow_factory() as uow:
            total = await uow.billing.count_payments(account_id)
            where = slice_for(page, total)
            rows = await uow.billing.payments_page(
                account_id, offset=where.offset, limit=where.limit
            )
            items = [
                PaymentRecord(
                    id=payment.id,
                    amount_kopecks=payment.amount_kopecks,
                    purpose=payment.purpose,
                    source=payment.source,
                    status=PaymentStatus(payment.status),
                    paid_at=payment.paid_at,
                    created_at=payment.created_at,
                    has_receipt=payment.source == PaymentSource.BOT.value and bool(payment.fiscal),
                )
                for payment in rows
            ]
            return Page(items=items, page=where.page, pages=where.pages, total=total)

    async def charge_periods(self, account_id: int, page: int = 1) -> Page[PeriodCharges]:
        """Periods newest first with what was charged in each (a bill per period)."""
        async with self._uow_factory() as uow:
            total = await uow.bills.count_periods(account_id)
            where = slice_for(page, total)
            rows = await uow.bills.periods_page(account_id, offset=where.offset, limit=where.limit)
            items = [PeriodCharges(period, kopecks) for period, kopecks in rows]
            return Page(items=items, page=where.page, pages=where.pages, total=total)

    async def receipt(self, account_id: int, payment_id: int) -> Receipt:
        """The receipt of a payment of the account made in the bot; ReceiptNotFound otherwise."""
        async with self._uow_factory() as uow:
            found = await uow.bills.payment_with_meter(account_id, payment_id)
            account = await uow.accounts.get(account_id)
            if found is None or account is None:
                raise ReceiptNotFound(payment_id)
            payment, meter = found
            fiscal: dict[str, Any] = payment.fiscal or {}
            if payment.source != PaymentSource.BOT.value or not fiscal:
                raise ReceiptNotFound(payment_id)
            return Receipt(
                payment_id=payment.id,
                account_number=account.number,
                address=full_address(account),
                tariff=account.tariff,
                meter_serial=meter.serial if meter else None,
                meter_model=meter.model if meter else None,
                meter_digits=meter.digits if meter else None,
                amount_kopecks=payment.amount_kopecks,
                purpose=payment.purpose,
                status=PaymentStatus(payment.status),
                paid_at=payment.paid_at,
                fiscal_document_number=_text(fiscal.get("fiscal_document_number")),
                fiscal_sign=_text(fiscal.get("fiscal_sign")),
                fiscal_drive_number=_text(fiscal.get("fiscal_drive_number")),
                ecr_registration_number=_text(fiscal.get("ecr_registration_number")),
                receipt_at=_moment(fiscal.get("receipt_at")),
                ofd_url=_text(fiscal.get("ofd_url")),
                masked_pan=_text(fiscal.get("masked_pan")),
            )


def _text(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)


def _moment(value: Any) -> datetime | None:
    """The payments side writes ISO 8601; a value without a zone is UTC."""
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
