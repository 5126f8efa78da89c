"""Telegram Payments as a gateway: the order is an invoice link the bot makes, and Telegram
itself reports the payment (the pre-checkout query, then `successful_payment`); there is no page
to come back from, no callback and no status to ask."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any, Protocol

from core.clock import Clock
from core.enums import OPEN_PAYMENT_STATUSES as OPEN
from core.enums import NotificationKind, PaymentStatus
from core.payments.announce import announce
from core.payments.errors import (
    ForgedCallback,
    GatewayUnavailable,
    PaymentClosed,
    PaymentMismatch,
    PaymentNotFound,
)
from core.payments.gateway import OrderRequest, OrderState, RegisteredOrder
from core.payments.intents import INTENT_LIFETIME
from core.payments.lookup import account_of, payment_view, view_of
from core.payments.views import PaymentView
from core.ports import UnitOfWorkFactory

logger = logging.getLogger("cabinet.payments.telegram")

TELEGRAM = "telegram"
RUB = "RUB"


class InvoiceLinks(Protocol):
    """The front end that talks to Telegram makes the invoice link (`createInvoiceLink`), in the
    customer's language."""

    async def create(self, order: OrderRequest) -> str: ...


class TelegramGateway:
    name = TELEGRAM
    pays_on_page = False

    def __init__(self, links: InvoiceLinks | None) -> None:
        self._links = links

    async def register(self, order: OrderRequest) -> RegisteredOrder:
        if self._links is None:
            raise GatewayUnavailable("no bot to make the invoice link")
        # The invoice is known by its payload, our order number, until Telegram names the
        # charge (`TelegramPayments.record` keeps that one).
        link = await self._links.create(order)
        return RegisteredOrder(order_id=order.order_number, pay_url=link)

    def callback_order_id(self, params: Mapping[str, str]) -> str:
        raise ForgedCallback("Telegram Payments has no callback")

    async def status(self, order_id: str) -> OrderState:
        raise GatewayUnavailable("Telegram reports its payments itself")

    async def receipt(self, order_id: str) -> dict[str, Any]:
        return {}  # the provider sends the fiscal receipt to the customer in Telegram

    async def aclose(self) -> None:
        return None


class TelegramPayments:
    """What Telegram's own updates do to an intent made for an invoice link."""

    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow_factory = uow_factory
        self._clock = clock

    async def check_pre_checkout(
        self, payload: str, currency: str, total_kopecks: int, telegram_user_id: int
    ) -> PaymentView:
        """Whether Telegram may charge the customer for this intent now."""
        now = self._clock.now()
        async with self._uow_factory() as uow:
            payment = await uow.payments.by_order_number(payload)
            if payment is None or payment.provider != TELEGRAM:
                raise PaymentNotFound(payload)
            if payment.status not in OPEN or now - payment.created_at > INTENT_LIFETIME:
                raise PaymentClosed(payload)
            if currency != RUB or total_kopecks != payment.amount_kopecks:
                raise PaymentMismatch(payload, "amount")
            payer = await uow.users.signed_in_as(telegram_user_id)
            if payer is None or payer.id != payment.user_id:
                raise PaymentMismatch(payload, "payer")
            return await view_of(uow, payment)

    async def record(
        self,
        payload: str,
        currency: str,
        total_kopecks: int,
        telegram_charge_id: str,
        provider_charge_id: str | None = None,
    ) -> PaymentView:
        """Telegram's `successful_payment`: the money is taken; recorded once per charge."""
        now = self._clock.now()
        async with self._uow_factory() as uow:
            payment = await uow.payments.by_order_number(payload)
            if payment is None or payment.provider != TELEGRAM:
                raise PaymentNotFound(payload)
            account = await account_of(uow, payment.account_id)
            if currency != RUB or total_kopecks != payment.amount_kopecks:
                # Pre-checkout refuses this; if it happens anyway, the money is what was taken.
                logger.error("telegram charge differs from the intent", extra={"payload": payload})
            values = {
                "paid_at": now,
                "amount_kopecks": total_kopecks,
                "provider_payment_id": telegram_charge_id,
                "provider_order_id": provider_charge_id,
            }
            changed = await uow.payments.settle(
                payment.id,
                PaymentStatus.CONFIRMED,
                now=now,
                values=values,
                # A late charge of an expired or declined intent is still money received.
                from_statuses=(*OPEN, PaymentStatus.DECLINED.value),
            )
            if changed:
                await uow.payments.refresh(payment)
                await announce(uow, payment, account, NotificationKind.PAYMENT_CONFIRMED, now)
                await uow.commit()
            elif payment.provider_payment_id != telegram_charge_id:
                logger.error("a second charge for a paid intent", extra={"payload": payload})
            return payment_view(payment, account)
