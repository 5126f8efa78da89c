"""What can go wrong with a payment, in words a front end can translate."""

from __future__ import annotations

from core.errors import CabinetError


class PaymentError(CabinetError):
    code = "payment_error"


class AmountMalformed(PaymentError):
    code = "payment_amount_malformed"

    def __init__(self, text: str) -> None:
        super().__init__(f"Not an amount of roubles: {text!r}", text=text)


class AmountTooManyDecimals(PaymentError):
    code = "payment_amount_decimals"

    def __init__(self, text: str) -> None:
        super().__init__(f"Kopecks are two digits at most: {text!r}", text=text)


class AmountNotPositive(PaymentError):
    code = "payment_amount_not_positive"

    def __init__(self) -> None:
        super().__init__("The amount must be more than zero")


class AmountTooLarge(PaymentError):
    code = "payment_amount_too_large"

    def __init__(self, max_kopecks: int) -> None:
        super().__init__(
            f"The amount may not exceed {max_kopecks} kopecks", max_kopecks=max_kopecks
        )


class PaymentNotFound(PaymentError):
    code = "payment_not_found"

    def __init__(self, reference: str) -> None:
        super().__init__(f"No payment {reference!r}", reference=reference)


class PaymentClosed(PaymentError):
    """The intent was paid, declined or has expired: a new one must be started."""

    code = "payment_closed"

    def __init__(self, reference: str) -> None:
        super().__init__(f"Payment {reference!r} is no longer open", reference=reference)


class PaymentMismatch(PaymentError):
    """What the customer is about to pay differs from the intent (amount, currency, payer)."""

    code = "payment_mismatch"

    def __init__(self, reference: str, what: str) -> None:
        super().__init__(f"Payment {reference!r} does not match: {what}", reference=reference)


class UnknownService(PaymentError):
    code = "payment_unknown_service"

    def __init__(self, service: str) -> None:
        super().__init__(f"Nothing to pay for {service!r} on this account", service=service)


class ForgedCallback(PaymentError):
    """A bank notification whose checksum is missing or wrong."""

    code = "payment_forged_callback"

    def __init__(self, reason: str) -> None:
        super().__init__(f"Callback refused: {reason}", reason=reason)


class GatewayUnavailable(PaymentError):
    """The bank did not answer, answered garbage or refused the request."""

    code = "payment_gateway_unavailable"

    def __init__(self, reason: str) -> None:
        super().__init__(f"The payment gateway failed: {reason}", reason=reason)


class ProviderNotConfigured(PaymentError):
    code = "payment_provider_not_configured"

    def __init__(self, provider: str) -> None:
        super().__init__(f"Payment provider {provider!r} is not configured", provider=provider)
