"""A settled payment told to its payer (the outbox) and, when paid, written to the audit."""

from __future__ import annotations

from datetime import datetime

from core import audit
from core.entities.accounts import Account
from core.entities.payments import Payment
from core.enums import AuditAction, NotificationKind
from core.notifications.outbox import notify_user
from core.ports import UnitOfWork


async def announce(
    uow: UnitOfWork,
    payment: Payment,
    account: Account,
    kind: NotificationKind,
    now: datetime,
) -> None:
    if payment.user_id is None:
        return
    status = "confirmed" if kind is NotificationKind.PAYMENT_CONFIRMED else "declined"
    if kind is NotificationKind.PAYMENT_CONFIRMED:
        await audit.record(
            uow,
            payment.user_id,
            AuditAction.PAYMENT_MADE,
            account.id,
            {"provider": payment.provider or ""},
            at=now,
        )
    await notify_user(
        uow,
        user_id=payment.user_id,
        kind=kind,
        payload={
            "payment_id": payment.id,
            "account_number": account.number,
            "amount_kopecks": payment.amount_kopecks,
        },
        dedup_key=f"payment:{payment.id}:{status}",
        now=now,
    )
