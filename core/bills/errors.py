"""What can go wrong with bills and receipts, in words a front end can translate."""

from __future__ import annotations

from core.errors import CabinetError


class NoBill(CabinetError):
    code = "no_bill"

    def __init__(self, period: str | None) -> None:
        super().__init__(f"No charges for the period {period or '(any)'}: no bill", period=period)


class ReceiptNotFound(CabinetError):
    code = "receipt_not_found"

    def __init__(self, payment_id: int) -> None:
        super().__init__(
            f"No receipt of payment {payment_id} of this account", payment_id=payment_id
        )
