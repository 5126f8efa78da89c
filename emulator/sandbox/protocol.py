"""The acquiring bank's REST protocol as the sandbox speaks it: codes, texts and the checksum.

Error codes and texts follow the bank's documentation of `register.do` and
`getOrderStatusExtended.do`; the callback checksum is the bank's symmetric one (HMAC-SHA256 over
the other parameters sorted by name, each written as `name;value;`, hex in upper case).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from enum import IntEnum, StrEnum

RUB = "643"
MAX_ORDER_NUMBER = 32  # the bank refuses longer merchant order numbers


class OrderStatus(IntEnum):
    """`orderStatus` in getOrderStatusExtended.do (the sandbox uses 0, 2 and 6)."""

    REGISTERED = 0
    APPROVED = 1
    DEPOSITED = 2
    REVERSED = 3
    REFUNDED = 4
    ACS_AUTH = 5
    DECLINED = 6


PAYMENT_STATES = {
    OrderStatus.REGISTERED: "CREATED",
    OrderStatus.DEPOSITED: "DEPOSITED",
    OrderStatus.DECLINED: "DECLINED",
}


class ErrorCode(StrEnum):
    """`errorCode` of a REST answer (a string, as the bank sends it)."""

    OK = "0"
    ORDER_NUMBER = "1"  # duplicate or malformed order number; no orderId/orderNumber given
    CURRENCY = "3"
    MISSING = "4"  # a required parameter is empty
    DENIED = "5"  # wrong credentials, a wrong value of a parameter
    NOT_FOUND = "6"
    SYSTEM = "7"


class CallbackOperation(StrEnum):
    """`operation` of a callback: what happened to the order."""

    DEPOSITED = "deposited"
    DECLINED_BY_TIMEOUT = "declinedByTimeout"


# actionCode → actionCodeDescription (the bank's processing answers the sandbox can give).
ACTION_CODES = {
    0: "Платёж успешно проведён",
    -100: "Не было попыток оплаты",
    -2007: "Истёк срок ожидания ввода данных",
    116: "Недостаточно средств",
    100: "Ограничение на карте",
    2001: "Мошенническая операция",
}
ACTION_PAID = 0
ACTION_NOT_ATTEMPTED = -100
ACTION_DECLINED = -2007  # what the customer's «Отказаться» gives


class RestError(Exception):
    """A REST call the bank answers with `errorCode` and `errorMessage`."""

    def __init__(self, code: ErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def to_json(self) -> dict[str, str]:
        return {"errorCode": self.code.value, "errorMessage": self.message}


ACCESS_DENIED = "Доступ запрещён"
SYSTEM_ERROR = "Системная ошибка"


def checksum_text(params: Mapping[str, str]) -> str:
    """The signed text: every parameter but `checksum` (and `sign_alias`), sorted by name."""
    names = sorted(name for name in params if name not in {"checksum", "sign_alias"})
    return "".join(f"{name};{params[name]};" for name in names)


def checksum(params: Mapping[str, str], key: str) -> str:
    digest = hmac.new(key.encode(), checksum_text(params).encode(), hashlib.sha256)
    return digest.hexdigest().upper()
