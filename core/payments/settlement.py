"""What became of an order at a gateway with a payment page: settled once by whichever comes
first of the gateway's callback, the customer's return and a repeat, each believed only as far
as the gateway's status confirms it."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import replace
from datetime import timedelta
from typing import Any

from core.clock import Clock
from core.entities.payments import Payment
from core.enums import OPEN_PAYMENT_STATUSES as OPEN
from core.enums import NotificationKind, PaymentStatus
from core.payments.announce import announce
from core.payments.errors import GatewayUnavailable, PaymentError, PaymentMismatch, PaymentNotFound
from core.payments.gateway import OrderOutcome, OrderState, PaymentGateway
from core.payments.lookup import account_of, load, load_view, payment_view, view_of
from core.payments.views import PaymentView
from core.ports import UnitOfWorkFactory

logger = logging.getLogger("cabinet.payments")

# Reconciliation: an order still pending this long after its link or its last question is
# asked about (its callback may have been lost: our side down when the gateway sent it) …
ASK_AFTER = timedelta(minutes=2)
# … for as long as the gateway keeps an unpaid order payable, and a good margin.
ASK_FOR = timedelta(days=1)
ASK_AT_MOST = 50  # orders per round: a round stays short whatever piled up


class Settlement:
    def __init__(
        self, uow_factory: UnitOfWorkFactory, clock: Clock, gateway: PaymentGateway
    ) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._gateway = gateway

    def _asks(self, payment: Payment) -> bool:
        """Whether the gateway at work is the one to ask about this payment."""
        return self._gateway.pays_on_page and payment.provider == self._gateway.name

    async def handle_callback(self, params: Mapping[str, str]) -> PaymentView:
        """The gateway's notification: believed only when signed, and then only as far as the
        order's status confirms it."""
        return await self.confirm_order(self._gateway.callback_order_id(params))

    async def confirm_order(self, order_id: str) -> PaymentView:
        """Asks the gateway what became of an order and settles the intent once; the callback
        and the return page both come here, in either order, any number of times."""
        async with self._uow_factory() as uow:
            payment = await uow.payments.by_provider_order_id(order_id)
            if payment is None:
                raise PaymentNotFound(order_id)
            if payment.status not in OPEN or not self._asks(payment):
                return await view_of(uow, payment)
            payment_id = payment.id
        state = await self._gateway.status(order_id)
        if state.outcome is OrderOutcome.PAID:
            state = replace(state, fiscal={**state.fiscal, **await self._receipt(order_id)})
        return await self._settle(payment_id, state)

    async def on_return(self, order_id: str) -> PaymentView | None:
        """What the return page shows for the `orderId` in its address (anyone can type one):
        the gateway is asked only about a known order still pending there; a settled one is
        shown as stored; an unknown one, or one paid where there is no page, as None."""
        async with self._uow_factory() as uow:
            payment = await uow.payments.by_provider_order_id(order_id)
            if payment is None or not self._asks(payment):
                return None
            asking = payment.status == PaymentStatus.PENDING.value and payment.form_url is not None
            if not asking:
                return await view_of(uow, payment)
        return await self.confirm_order(order_id)

    async def reconcile(self) -> list[PaymentView]:
        """Asks the gateway about orders left pending (a callback that never came, or came
        while the database was away) and settles those it has an answer for: each is asked at
        most once per `ASK_AFTER`. The payments settled now."""
        if not self._gateway.pays_on_page:
            return []
        now = self._clock.now()
        async with self._uow_factory() as uow:
            pending = await uow.payments.pending_at_gateway(
                self._gateway.name,
                asked_before=now - ASK_AFTER,
                created_after=now - ASK_FOR,
                limit=ASK_AT_MOST,
            )
            orders = [(p.id, p.provider_order_id) for p in pending if p.provider_order_id]
        settled: list[PaymentView] = []
        for payment_id, order_id in orders:
            async with self._uow_factory() as uow:
                await uow.payments.mark_asked(payment_id, now)
                await uow.commit()
            try:
                view = await self.confirm_order(order_id)
            except PaymentError as failed:  # the gateway away, or an answer not believed
                logger.warning(
                    "reconciliation: order not settled",
                    extra={"payment_id": payment_id, "error": type(failed).__name__},
                )
                continue
            if view.status is not PaymentStatus.PENDING:
                settled.append(view)
        if settled:
            logger.info("reconciliation settled payments", extra={"settled": len(settled)})
        return settled

    async def refresh_fiscal(self, user_id: int, payment_id: int) -> PaymentView:
        """The payment with its fiscal receipt asked of the gateway again when it was not ready
        at the callback (the receipt screen calls this before it shows one). `user_id` must be
        the payer or hold the account; the gateway not answering leaves what is stored."""
        async with self._uow_factory() as uow:
            payment = await uow.payments.get(payment_id)
            if payment is None or not (
                payment.user_id == user_id
                or await uow.accounts.has_active_link(user_id, payment.account_id)
            ):
                raise PaymentNotFound(str(payment_id))
            stored = dict(payment.fiscal or {})
            order_id = payment.provider_order_id
            waiting = (
                payment.status == PaymentStatus.CONFIRMED.value
                and self._asks(payment)
                and order_id is not None
                and not stored.get("fiscal_document_number")
            )
            if not waiting:
                return await view_of(uow, payment)
        assert order_id is not None
        fetched = await self._receipt(order_id)
        async with self._uow_factory() as uow:
            if fetched:
                await uow.payments.set_fiscal(payment_id, {**stored, **fetched}, self._clock.now())
                await uow.commit()
            return await load_view(uow, payment_id)

    async def _receipt(self, order_id: str) -> dict[str, Any]:
        """The fiscal receipt of a paid order; empty when not registered yet or the gateway does
        not answer (the payment is settled all the same: the receipt is fetched again later)."""
        try:
            return await self._gateway.receipt(order_id)
        except GatewayUnavailable as failed:
            logger.warning(
                "fiscal receipt unavailable", extra={"order_id": order_id, "error": str(failed)}
            )
            return {}

    async def _settle(self, payment_id: int, state: OrderState) -> PaymentView:
        now = self._clock.now()
        async with self._uow_factory() as uow:
            payment = await load(uow, payment_id)
            reference = payment.order_number or str(payment_id)
            if state.outcome is OrderOutcome.PAID:
                _check_paid(payment, state, reference)
                values: dict[str, Any] = {
                    "paid_at": now,
                    "fiscal": state.fiscal or None,
                    "failure_reason": None,
                }
                changed = await uow.payments.settle(
                    payment_id, PaymentStatus.CONFIRMED, now=now, values=values
                )
                kind = NotificationKind.PAYMENT_CONFIRMED
            elif state.outcome is OrderOutcome.DECLINED:
                values = {"failure_reason": state.reason or "declined"}
                changed = await uow.payments.settle(
                    payment_id, PaymentStatus.DECLINED, now=now, values=values
                )
                kind = NotificationKind.PAYMENT_DECLINED
            else:
                return await view_of(uow, payment)
            account = await account_of(uow, payment.account_id)
            if changed:
                await announce(uow, payment, account, kind, now)
                await uow.commit()
            return payment_view(await uow.payments.refresh(payment), account)


def _check_paid(payment: Payment, state: OrderState, reference: str) -> None:
    """An answer without a readable amount or order number proves nothing: it is left unsettled
    (the callback answers 503 and the gateway asks again)."""
    if state.amount_kopecks is None or state.amount_kopecks != payment.amount_kopecks:
        logger.error(
            "paid amount differs from the intent",
            extra={"payment_id": payment.id, "paid": state.amount_kopecks},
        )
        raise PaymentMismatch(reference, "amount")
    if state.order_number is None or state.order_number != payment.order_number:
        logger.error(
            "paid order number differs from the intent",
            extra={"payment_id": payment.id, "paid_order": state.order_number},
        )
        raise PaymentMismatch(reference, "order number")
