"""Payment intents: started in the chat, registered once at the gateway, which gives the link
the customer pays by.

A `payments` row is the intent: status created (nothing sent to the gateway yet) → pending (one
request has claimed it and registers it at the gateway; the gateway has the order once `form_url`
is set) → confirmed or declined (`settlement.py`, or the gateway's own module). Every move is one
conditional UPDATE: two workers pressing «Перейти к оплате» at once register one order."""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from datetime import datetime, timedelta

from core.accounts.errors import NotAccountOwner
from core.accounts.ownership import ensure_owner
from core.clock import Clock
from core.entities.accounts import Account
from core.entities.payments import Payment
from core.enums import OPEN_PAYMENT_STATUSES as OPEN
from core.enums import PaymentSource, PaymentStatus
from core.errors import AlreadyStored
from core.payments.amounts import max_payment_kopecks
from core.payments.debts import debts_per_service, payable_services
from core.payments.errors import (
    AmountNotPositive,
    AmountTooLarge,
    GatewayUnavailable,
    UnknownService,
)
from core.payments.gateway import OrderRequest, PaymentGateway
from core.payments.lookup import account_of, load, load_view, view_of
from core.payments.paths import CALLBACK_PATH, RETURN_PATH
from core.payments.views import PaymentRequest, PaymentView
from core.ports import UnitOfWork, UnitOfWorkFactory
from core.settings import Settings
from core.validation.email import normalize_email

logger = logging.getLogger("cabinet.payments")

# A payment link lives on in the chat; after this long its intent no longer takes payment.
INTENT_LIFETIME = timedelta(hours=1)
# A registration claim older than this was abandoned (its worker died mid-call): longer than the
# gateway client's whole timeout, so a live claim is never taken over.
CLAIM_LIFETIME = timedelta(minutes=1)
# How long a second press waits for the first one's link: under Telegram's deadline for
# answering the callback query.
CLAIM_WAIT_SECONDS = 10.0
CLAIM_POLL_SECONDS = 0.05


class PaymentIntents:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        settings: Settings,
        gateway: PaymentGateway,
    ) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._settings = settings
        self._gateway = gateway

    @property
    def max_kopecks(self) -> int:
        return max_payment_kopecks(self._settings)

    # --- the receipt's e-mail ------------------------------------------------------------

    async def receipt_email(self, user_id: int) -> str | None:
        async with self._uow_factory() as uow:
            user = await uow.users.get(user_id)
            return user.receipt_email if user is not None else None

    async def remember_receipt_email(self, user_id: int, text: str) -> str:
        """Validates and keeps the address for the next payments too; the normalised address."""
        email = normalize_email(text)
        async with self._uow_factory() as uow:
            user = await uow.users.get(user_id)
            if user is not None:
                user.receipt_email = email
                await uow.commit()
        return email

    # --- starting a payment --------------------------------------------------------------

    async def start(self, user_id: int, request: PaymentRequest) -> PaymentView:
        """The intent for the confirmed request, and the gateway's order for it. The same
        `request.key` again returns the same intent (registering it again only if the gateway
        failed the first time)."""
        if request.amount_kopecks <= 0:
            raise AmountNotPositive()
        if request.amount_kopecks > self.max_kopecks:
            raise AmountTooLarge(self.max_kopecks)
        email = normalize_email(request.email) if request.email else None
        key = f"bot:{user_id}:{request.key}"[:64]
        now = self._clock.now()
        async with self._uow_factory() as uow:
            payment = await uow.payments.by_external_key(key)
            if payment is None:
                payment = await self._new_intent(uow, user_id, request, email, key, now)
            if payment.form_url is not None:
                return await view_of(uow, payment)
            payment_id = payment.id
        return await self._register(payment_id)

    async def get(self, payment_id: int, user_id: int) -> PaymentView:
        async with self._uow_factory() as uow:
            return await load_view(uow, payment_id, user_id=user_id)

    async def _new_intent(
        self,
        uow: UnitOfWork,
        user_id: int,
        request: PaymentRequest,
        email: str | None,
        key: str,
        now: datetime,
    ) -> Payment:
        if request.other_account:
            account = await uow.accounts.get(request.account_id)
            if account is None:
                raise NotAccountOwner(request.account_id)
        else:
            await ensure_owner(uow, user_id, request.account_id)
        debts = await debts_per_service(uow, [request.account_id])
        services = {debt.service for debt in payable_services(debts.get(request.account_id, []))}
        if request.service not in services:
            raise UnknownService(request.service)
        payment = Payment(
            account_id=request.account_id,
            user_id=user_id,
            amount_kopecks=request.amount_kopecks,
            purpose=request.service,
            source=PaymentSource.BOT.value,
            status=PaymentStatus.CREATED.value,
            external_key=key,
            provider=self._gateway.name,
            order_number=_order_number(),
            receipt_email=email,
            created_at=now,
            updated_at=now,
        )
        uow.payments.add(payment)
        if email is not None:
            user = await uow.users.get(user_id)
            if user is not None:
                user.receipt_email = email
        try:
            await uow.commit()
        except AlreadyStored:  # the same press handled at the same time elsewhere
            await uow.rollback()
            existing = await uow.payments.by_external_key(key)
            if existing is None:
                raise
            return existing
        return payment

    def _order_request(self, payment: Payment, account: Account) -> OrderRequest:
        base = self._settings.public_url.rstrip("/")
        assert payment.order_number is not None
        return OrderRequest(
            order_number=payment.order_number,
            amount_kopecks=payment.amount_kopecks,
            description=f"Оплата по лицевому счёту {account.number}: {payment.purpose}",
            return_url=base + RETURN_PATH,
            fail_url=base + RETURN_PATH,
            callback_url=base + CALLBACK_PATH,
            email=payment.receipt_email,
            item_name=f"{payment.purpose}, л/с {account.number}",
            account_number=account.number,
            service=payment.purpose,
        )

    async def _register(self, payment_id: int) -> PaymentView:
        """Registers the intent at the gateway if this request wins the claim; otherwise waits
        for the request that did and answers with its link."""
        # A fresh number for every attempt: an earlier one may have reached the bank, which
        # refuses a number twice.
        number = _order_number()
        now = self._clock.now()
        async with self._uow_factory() as uow:
            claimed = await uow.payments.claim_registration(
                payment_id, number, now=now, stale_before=now - CLAIM_LIFETIME
            )
            if claimed:
                await uow.commit()
                payment = await load(uow, payment_id)
                order = self._order_request(payment, await account_of(uow, payment.account_id))
        if not claimed:
            return await self._await_registration(payment_id)
        try:
            registered = await self._gateway.register(order)
        except Exception as failed:
            async with self._uow_factory() as uow:
                values = {
                    "status": PaymentStatus.CREATED.value,
                    "failure_reason": str(failed)[:500],
                }
                await uow.payments.finish_registration(
                    payment_id, number, now=self._clock.now(), values=values
                )
                await uow.commit()
            raise
        async with self._uow_factory() as uow:
            values = {"provider_order_id": registered.order_id, "form_url": registered.pay_url}
            if not await uow.payments.finish_registration(
                payment_id, number, now=self._clock.now(), values=values
            ):
                # Taken over as abandoned: the other claim's order is the one the customer gets.
                logger.warning("a registration claim was lost", extra={"payment_id": payment_id})
            await uow.commit()
            return await load_view(uow, payment_id)

    async def _await_registration(self, payment_id: int) -> PaymentView:
        """Another request holds the claim: its link once it has one."""
        deadline = time.monotonic() + CLAIM_WAIT_SECONDS
        while True:
            async with self._uow_factory() as uow:
                payment = await load(uow, payment_id)
                if payment.form_url is not None or payment.status not in OPEN:
                    return await view_of(uow, payment)
                if payment.status == PaymentStatus.CREATED.value:  # the other one failed
                    raise GatewayUnavailable(payment.failure_reason or "registration failed")
            if time.monotonic() >= deadline:
                raise GatewayUnavailable("the payment link is still being prepared")
            await asyncio.sleep(CLAIM_POLL_SECONDS)


def _order_number() -> str:
    return "LK" + secrets.token_hex(8).upper()
