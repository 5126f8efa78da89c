"""Telegram Payments: the pre-checkout query (answered at once, within Telegram's 10 seconds,
after core checks the intent) and the successful payment (recorded once per charge)."""

from __future__ import annotations

import logging

from aiogram import F, Router
from aiogram.types import Message, PreCheckoutQuery
from aiogram.utils.i18n import gettext as _

from bot.errors_text import error_text
from core.cabinet import Cabinet
from core.payments.errors import PaymentError

logger = logging.getLogger("cabinet.bot.payments")


async def pre_checkout(query: PreCheckoutQuery, cabinet: Cabinet) -> None:
    try:
        await cabinet.payments.telegram.check_pre_checkout(
            query.invoice_payload, query.currency, query.total_amount, query.from_user.id
        )
    except PaymentError as refused:
        await query.answer(ok=False, error_message=error_text(refused, cabinet.settings.tz))
        return
    except Exception:
        await query.answer(ok=False, error_message=_("payments.try_later"))
        raise
    await query.answer(ok=True)


async def successful_payment(message: Message, cabinet: Cabinet) -> None:
    paid = message.successful_payment
    if paid is None:
        return
    try:
        await cabinet.payments.telegram.record(
            paid.invoice_payload,
            paid.currency,
            paid.total_amount,
            paid.telegram_payment_charge_id,
            paid.provider_payment_charge_id,
        )
    except PaymentError:
        # The money is taken and the intent is unknown: staff must see this in the log.
        logger.error("a payment for an unknown intent", extra={"payload": paid.invoice_payload})


def create_router() -> Router:
    router = Router(name="payments_telegram")
    router.pre_checkout_query.register(pre_checkout)
    router.message.register(successful_payment, F.successful_payment)
    return router
