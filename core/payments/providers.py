"""`PAYMENT_PROVIDER`: which gateway takes the money (settings refuse any other value)."""

from __future__ import annotations

from core.payments.gateway import PaymentGateway
from core.payments.sberbank import SberbankGateway
from core.settings import Settings


def build_gateway(settings: Settings) -> PaymentGateway | None:
    """The acquiring gateway; None for Telegram Payments, where the bot's invoice link and
    Telegram's updates take the gateway's place."""
    if settings.payment_provider == "telegram":
        return None
    return SberbankGateway(
        settings.sberbank_api_url,
        settings.sberbank_username,
        settings.sberbank_password.get_secret_value(),
    )
