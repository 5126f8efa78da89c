"""An order as getOrderStatusExtended.do describes it (the keys are listed in CONTROL_API.md)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from emulator.sandbox.orders import Order
from emulator.sandbox.protocol import ACTION_CODES, PAYMENT_STATES, OrderStatus

SANDBOX_CARD = {
    "maskedPan": "411111**1111",
    "expiration": "203012",
    "cardholderName": "CARD HOLDER",
    "approvalCode": "123456",
    "paymentSystem": "VISA",
    "product": "Visa Classic",
}
SANDBOX_BANK = {"bankName": "SANDBOX BANK", "bankCountryCode": "RU", "bankCountryName": "Россия"}
TERMINAL_ID = "10000001"


def millis(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def status_json(order: Order) -> dict[str, Any]:
    paid = order.status is OrderStatus.DEPOSITED
    answer: dict[str, Any] = {
        "errorCode": "0",
        "errorMessage": "Успешно",
        "orderNumber": order.order_number,
        "orderStatus": int(order.status),
        "actionCode": order.action_code,
        "actionCodeDescription": ACTION_CODES.get(order.action_code, ""),
        "amount": order.amount,
        "currency": order.currency,
        "date": millis(order.registered_at),
        "orderDescription": order.description,
        "ip": order.ip or "",
        "merchantOrderParams": [
            {"name": name, "value": value} for name, value in order.json_params.items()
        ],
        "attributes": [{"name": "mdOrder", "value": order.order_id}],
        "terminalId": TERMINAL_ID,
        "paymentAmountInfo": {
            "paymentState": PAYMENT_STATES.get(order.status, order.status.name),
            "approvedAmount": order.amount if paid else 0,
            "depositedAmount": order.amount if paid else 0,
            "refundedAmount": 0,
            "feeAmount": 0,
            "totalAmount": order.amount,
        },
    }
    if order.settled and order.settled_at is not None:
        answer["cardAuthInfo"] = {**SANDBOX_CARD, "pan": SANDBOX_CARD["maskedPan"]}
        answer["bankInfo"] = SANDBOX_BANK
        answer["authDateTime"] = millis(order.settled_at)
        answer["authRefNum"] = order.order_id.replace("-", "")[:12]
    if paid and order.settled_at is not None:
        answer["depositedDate"] = millis(order.settled_at)
    if paid and order.receipt is not None:
        # Not in the bank's getOrderStatusExtended: its getReceiptStatus.do gives the same list.
        answer["receipt"] = [order.receipt.to_json()]
    return answer
