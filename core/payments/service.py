"""Payment intents: started in the chat, paid on the gateway's page (or in Telegram), settled
once by whichever comes first of the bank's callback, the customer's return and a repeat.

A `payments` row is the intent: status created (nothing sent to the gateway yet) → pending (one
request has claimed it and registers it at the gateway; the gateway has the order once `form_url`
is set) → confirmed or declined. Every move is one conditional UPDATE: two workers pressing
«Перейти к оплате» at once register one order, and a replayed callback or a race with the return
page settles it once."""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from core import audit
from core.accounts.address import full_address, masked_address
from core.accounts.errors import NotAccountOwner
from core.accounts.ownership import ensure_owner
from core.accounts.service import AccountsService
from core.accounts.views import ServiceDebt
from core.clock import Clock
from core.entities.accounts import Account
from core.entities.payments import Payment
from core.enums import OPEN_PAYMENT_STATUSES as OPEN
from core.enums import AuditAction, LinkStatus, NotificationKind, PaymentSource, PaymentStatus
from core.errors import AlreadyStored
from core.notifications.outbox import notify_user
from core.payments.amounts import parse_amount
from core.payments.checksum import checksum_valid
from core.payments.debts import debts_per_service, payable_services
from core.payments.errors import (
    AmountNotPositive,
    AmountTooLarge,
    ForgedCallback,
    GatewayUnavailable,
    PaymentClosed,
    PaymentMismatch,
    PaymentNotFound,
    ProviderNotConfigured,
    UnknownService,
)
from core.payments.gateway import OrderOutcome, OrderRequest, OrderState, PaymentGateway
from core.payments.paths import CALLBACK_PATH, RETURN_PATH
from core.payments.views import PayableAccount, PaymentRequest, PaymentView
from core.ports import UnitOfWork, UnitOfWorkFactory
from core.settings import Settings
from core.validation.email import normalize_email

logger = logging.getLogger("cabinet.payments")

TELEGRAM = "telegram"
RUB = "RUB"
# An invoice link lives on in the chat; after this long its intent no longer takes payment.
INTENT_LIFETIME = timedelta(hours=1)
# A registration claim older than this was abandoned (its worker died mid-call): longer than the
# gateway client's whole timeout, so a live claim is never taken over.
CLAIM_LIFETIME = timedelta(minutes=1)
# How long a second press waits for the first one's link: under Telegram's deadline for
# answering the callback query.
CLAIM_WAIT_SECONDS = 10.0
CLAIM_POLL_SECONDS = 0.05


class PaymentsService:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        settings: Settings,
        accounts: AccountsService,
        gateway: PaymentGateway | None,
    ) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._settings = settings
        self._accounts = accounts
        self._gateway = gateway

    async def aclose(self) -> None:
        """Closes the gateway's connections: the runtime calls this at shutdown."""
        if self._gateway is not None:
            await self._gateway.aclose()

    @property
    def provider(self) -> str:
        return self._settings.payment_provider

    @property
    def max_kopecks(self) -> int:
        return self._settings.payment_max_rub * 100

    def parse_amount(self, text: str) -> int:
        return parse_amount(text, self.max_kopecks)

    # --- what can be paid ----------------------------------------------------------------

    async def payable_accounts(self, user_id: int) -> list[PayableAccount]:
        """The user's active accounts, oldest link first, each with its services' debts."""
        async with self._uow_factory() as uow:
            linked = await uow.accounts.linked_accounts(user_id, [LinkStatus.ACTIVE])
            accounts = list({account.id: account for _link, account in linked}.values())
            debts = await debts_per_service(uow, [account.id for account in accounts])
            return [
                _payable(account, debts.get(account.id, []), masked=False) for account in accounts
            ]

    async def payable_account(self, user_id: int, account_id: int) -> PayableAccount:
        """One of the user's own accounts (a crafted id of another's is refused)."""
        async with self._uow_factory() as uow:
            account = await uow.accounts.get(account_id)
            if account is None:
                raise NotAccountOwner(account_id)
            await ensure_owner(uow, user_id, account_id)
            debts = await debts_per_service(uow, [account_id])
            return _payable(account, debts.get(account_id, []), masked=False)

    async def other_account(self, user_id: int, number: str) -> PayableAccount:
        """«Оплатить по другому лицевому счёту»: anyone may pay any account, seeing only a
        masked address; the look-ups count against the same limit as everywhere else."""
        found = await self._accounts.lookup(number, user_id)
        return await self.account_by_id(found.account_id, masked=found.masked)

    async def account_by_id(self, account_id: int, *, masked: bool) -> PayableAccount:
        async with self._uow_factory() as uow:
            account = await uow.accounts.get(account_id)
            if account is None:
                raise NotAccountOwner(account_id)
            debts = await debts_per_service(uow, [account_id])
            return _payable(account, debts.get(account_id, []), masked=masked)

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
            if payment.form_url is not None or self.provider == TELEGRAM:
                return await _view_of(uow, payment)
            payment_id = payment.id
        return await self._register(payment_id)

    async def attach_pay_url(self, payment_id: int, user_id: int, url: str) -> PaymentView:
        """The Telegram invoice link the bot made for an intent."""
        async with self._uow_factory() as uow:
            payment = await _load(uow, payment_id, user_id=user_id)
            if payment.form_url is None:
                payment.form_url = url
                payment.status = PaymentStatus.PENDING.value
                payment.updated_at = self._clock.now()
                await uow.commit()
            return await _view_of(uow, payment)

    async def get(self, payment_id: int, user_id: int) -> PaymentView:
        async with self._uow_factory() as uow:
            return await _load_view(uow, payment_id, user_id=user_id)

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
            provider=self.provider,
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
        )

    async def _register(self, payment_id: int) -> PaymentView:
        """Registers the intent at the gateway if this request wins the claim; otherwise waits
        for the request that did and answers with its link."""
        gateway = self._require_gateway()
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
                payment = await _load(uow, payment_id)
                order = self._order_request(payment, await _account(uow, payment.account_id))
        if not claimed:
            return await self._await_registration(payment_id)
        try:
            registered = await gateway.register(order)
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
        return await self._current(payment_id)

    async def _await_registration(self, payment_id: int) -> PaymentView:
        """Another request holds the claim: its link once it has one."""
        deadline = time.monotonic() + CLAIM_WAIT_SECONDS
        while True:
            async with self._uow_factory() as uow:
                payment = await _load(uow, payment_id)
                if payment.form_url is not None or payment.status not in OPEN:
                    return await _view_of(uow, payment)
                if payment.status == PaymentStatus.CREATED.value:  # the other one failed
                    raise GatewayUnavailable(payment.failure_reason or "registration failed")
            if time.monotonic() >= deadline:
                raise GatewayUnavailable("the payment link is still being prepared")
            await asyncio.sleep(CLAIM_POLL_SECONDS)

    async def _current(self, payment_id: int) -> PaymentView:
        async with self._uow_factory() as uow:
            return await _load_view(uow, payment_id)

    def _require_gateway(self) -> PaymentGateway:
        if self._gateway is None:
            raise ProviderNotConfigured(self.provider)
        return self._gateway

    # --- the bank's word -----------------------------------------------------------------

    async def handle_callback(self, params: Mapping[str, str]) -> PaymentView:
        """The bank's notification: believed only when signed, and then only as far as
        getOrderStatusExtended.do confirms it."""
        key = self._settings.sberbank_callback_key.get_secret_value()
        if not checksum_valid(params, key):
            reason = "no checksum" if not params.get("checksum") else "wrong checksum"
            logger.warning(
                "payment callback refused",
                extra={"reason": reason, "order_id": params.get("mdOrder")},
            )
            raise ForgedCallback(reason)
        order_id = params.get("mdOrder")
        if not order_id:
            raise ForgedCallback("no mdOrder")
        return await self.confirm_order(order_id)

    async def confirm_order(self, order_id: str) -> PaymentView:
        """Asks the gateway what became of an order and settles the intent once; the callback
        and the return page both come here, in either order, any number of times."""
        async with self._uow_factory() as uow:
            payment = await uow.payments.by_provider_order_id(order_id)
            if payment is None:
                raise PaymentNotFound(order_id)
            if payment.status not in OPEN:
                return await _view_of(uow, payment)
            payment_id = payment.id
        gateway = self._require_gateway()
        state = await gateway.status(order_id)
        if state.outcome is OrderOutcome.PAID:
            state = replace(state, fiscal={**state.fiscal, **await self._receipt(order_id)})
        return await self._settle(payment_id, state)

    async def on_return(self, order_id: str) -> PaymentView | None:
        """What the return page shows for the `orderId` in its address (anyone can type one):
        the bank is asked only about a known order still pending at the gateway; a settled one
        is shown as stored, an unknown one as None."""
        async with self._uow_factory() as uow:
            payment = await uow.payments.by_provider_order_id(order_id)
            if payment is None or payment.provider == TELEGRAM:
                return None
            asking = (
                payment.status == PaymentStatus.PENDING.value
                and payment.form_url is not None
                and self._gateway is not None
            )
            if not asking:
                return await _view_of(uow, payment)
        return await self.confirm_order(order_id)

    async def refresh_fiscal(self, user_id: int, payment_id: int) -> PaymentView:
        """The payment with its fiscal receipt asked of the bank again when it was not ready at
        the callback (the receipt screen calls this before it shows one). `user_id` must be the
        payer or hold the account; the bank not answering leaves what is stored."""
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
                and payment.provider != TELEGRAM
                and order_id is not None
                and not stored.get("fiscal_document_number")
                and self._gateway is not None
            )
            if not waiting:
                return await _view_of(uow, payment)
        assert order_id is not None
        fetched = await self._receipt(order_id)
        if not fetched:
            return await self._current(payment_id)
        async with self._uow_factory() as uow:
            await uow.payments.set_fiscal(payment_id, {**stored, **fetched}, self._clock.now())
            await uow.commit()
        return await self._current(payment_id)

    async def _receipt(self, order_id: str) -> dict[str, Any]:
        """The fiscal receipt of a paid order; empty when not registered yet or the bank does
        not answer (the payment is settled all the same: the receipt is fetched again later)."""
        try:
            return await self._require_gateway().receipt(order_id)
        except GatewayUnavailable as failed:
            logger.warning(
                "fiscal receipt unavailable", extra={"order_id": order_id, "error": str(failed)}
            )
            return {}

    async def _settle(self, payment_id: int, state: OrderState) -> PaymentView:
        now = self._clock.now()
        async with self._uow_factory() as uow:
            payment = await _load(uow, payment_id)
            reference = payment.order_number or str(payment_id)
            if state.outcome is OrderOutcome.PAID:
                # An answer without a readable amount or order number proves nothing: it is
                # left unsettled (the callback answers 503 and the bank asks again).
                if state.amount_kopecks is None or state.amount_kopecks != payment.amount_kopecks:
                    logger.error(
                        "paid amount differs from the intent",
                        extra={"payment_id": payment_id, "paid": state.amount_kopecks},
                    )
                    raise PaymentMismatch(reference, "amount")
                if state.order_number is None or state.order_number != payment.order_number:
                    logger.error(
                        "paid order number differs from the intent",
                        extra={"payment_id": payment_id, "paid_order": state.order_number},
                    )
                    raise PaymentMismatch(reference, "order number")
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
                return await _view_of(uow, payment)
            account = await _account(uow, payment.account_id)
            if changed:
                await self._announce(uow, payment, account, kind, now)
                await uow.commit()
            return _view(await uow.payments.refresh(payment), account)

    async def _announce(
        self,
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

    # --- Telegram Payments ---------------------------------------------------------------

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
            return await _view_of(uow, payment)

    async def record_telegram_payment(
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
            account = await _account(uow, payment.account_id)
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
                await self._announce(uow, payment, account, NotificationKind.PAYMENT_CONFIRMED, now)
                await uow.commit()
            elif payment.provider_payment_id != telegram_charge_id:
                logger.error("a second charge for a paid intent", extra={"payload": payload})
            return _view(payment, account)


def _order_number() -> str:
    return "LK" + secrets.token_hex(8).upper()


def _payable(account: Account, debts: list[ServiceDebt], masked: bool) -> PayableAccount:
    return PayableAccount(
        account_id=account.id,
        number=account.number,
        address=masked_address(account) if masked else full_address(account),
        masked=masked,
        services=payable_services(debts),
    )


async def _load(uow: UnitOfWork, payment_id: int, *, user_id: int | None = None) -> Payment:
    """The payment; PaymentNotFound when there is none or (given `user_id`) another made it."""
    payment = await uow.payments.get(payment_id)
    if payment is None or (user_id is not None and payment.user_id != user_id):
        raise PaymentNotFound(str(payment_id))
    return payment


async def _load_view(
    uow: UnitOfWork, payment_id: int, *, user_id: int | None = None
) -> PaymentView:
    return await _view_of(uow, await _load(uow, payment_id, user_id=user_id))


async def _view_of(uow: UnitOfWork, payment: Payment) -> PaymentView:
    return _view(payment, await _account(uow, payment.account_id))


async def _account(uow: UnitOfWork, account_id: int) -> Account:
    account = await uow.accounts.get(account_id)
    if account is None:
        raise PaymentNotFound(str(account_id))
    return account


def _view(payment: Payment, account: Account) -> PaymentView:
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
