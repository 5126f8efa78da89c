"""`PAYMENT_PROVIDER`: which gateway takes the money (settings refuse any other value)."""

from __future__ import annotations

from core.payments.gateway import PaymentGateway
from core.payments.sberbank import SberbankGateway
from core.payments.telegram import TELEGRAM, InvoiceLinks, TelegramGateway
from core.settings import Settings


def build_gateway(settings: Settings, invoice_links: InvoiceLinks | None = None) -> PaymentGateway:
    """`invoice_links`: how the bot makes a Telegram invoice link, for Telegram Payments."""
    if settings.payment_provider == TELEGRAM:
        return TelegramGateway(invoice_links)
    return SberbankGateway(
        settings.sberbank_api_url,
        settings.sberbank_username,
        settings.sberbank_password.get_secret_value(),
        callback_key=settings.sberbank_callback_key.get_secret_value(),
    )
