"""A payment and its account read in one unit of work, and the view front ends get of them."""

from __future__ import annotations

from core.entities.accounts import Account
from core.entities.payments import Payment
from core.enums import PaymentStatus
from core.payments.errors import PaymentNotFound
from core.payments.views import PaymentView
from core.ports import UnitOfWork


async def load(uow: UnitOfWork, payment_id: int, *, user_id: int | None = None) -> Payment:
    """The payment; PaymentNotFound when there is none or (given `user_id`) another made it."""
    payment = await uow.payments.get(payment_id)
    if payment is None or (user_id is not None and payment.user_id != user_id):
        raise PaymentNotFound(str(payment_id))
    return payment


async def load_view(uow: UnitOfWork, payment_id: int, *, user_id: int | None = None) -> PaymentView:
    return await view_of(uow, await load(uow, payment_id, user_id=user_id))


async def view_of(uow: UnitOfWork, payment: Payment) -> PaymentView:
    return payment_view(payment, await account_of(uow, payment.account_id))


async def account_of(uow: UnitOfWork, account_id: int) -> Account:
    account = await uow.accounts.get(account_id)
    if account is None:
        raise PaymentNotFound(str(account_id))
    return account


def payment_view(payment: Payment, account: Account) -> PaymentView:
    return PaymentView(
        payment_id=payment.id,
        user_id=payment.user_id,
        account_id=account.id,
        account_number=account.number,
        service=payment.purpose,
        amount_kopecks=payment.amount_kopecks,
        status=PaymentStatus(payment.status),
        provider=payment.provider or "",
        order_number=payment.order_number or "",
        pay_url=payment.form_url,
        receipt_email=payment.receipt_email,
        fiscal=dict(payment.fiscal or {}),
    )
