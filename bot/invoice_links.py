"""Telegram Payments' order: an invoice link (`createInvoiceLink`) in the customer's language,
made for core's `TelegramGateway` when the customer presses «Перейти к оплате»."""

from __future__ import annotations

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import LabeledPrice
from aiogram.utils.i18n import gettext as _
from pydantic import SecretStr

from core.payments.errors import GatewayUnavailable
from core.payments.gateway import OrderRequest


class BotInvoiceLinks:
    def __init__(self, bot: Bot, provider_token: SecretStr | None) -> None:
        self._bot = bot
        self._provider_token = provider_token

    async def create(self, order: OrderRequest) -> str:
        if self._provider_token is None:
            raise GatewayUnavailable("TELEGRAM_PAYMENT_PROVIDER_TOKEN is not set")
        try:
            return await self._bot.create_invoice_link(
                title=_("payments.invoice_title").format(number=order.account_number)[:32],
                description=_("payments.invoice_description").format(
                    service=order.service, number=order.account_number
                )[:255],
                payload=order.order_number,
                provider_token=self._provider_token.get_secret_value(),
                currency="RUB",
                prices=[LabeledPrice(label=order.service[:32], amount=order.amount_kopecks)],
            )
        except TelegramAPIError as failed:
            raise GatewayUnavailable(f"createInvoiceLink: {type(failed).__name__}") from failed
