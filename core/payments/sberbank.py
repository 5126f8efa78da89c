"""Sberbank online acquiring over its REST API: form-encoded POSTs, JSON answers.

`register.do` makes an order and gives the page the customer pays on; `getOrderStatusExtended.do`
says what became of it; `getReceiptStatus.do` gives the fiscal receipt (54-ФЗ) of a paid one, once
the bank's fiscal service has registered it (it may lag the payment). The callback the bank sends
is only a hint: it is believed only when signed (`callback_order_id`), and then only as far as
`status()` confirms it."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any

import aiohttp

from core.payments.checksum import checksum_valid
from core.payments.errors import ForgedCallback, GatewayUnavailable
from core.payments.gateway import OrderOutcome, OrderRequest, OrderState, RegisteredOrder

logger = logging.getLogger("cabinet.payments.sberbank")

RUB = "643"
DEFAULT_TIMEOUT = 15.0
# orderStatus of getOrderStatusExtended.do
_DEPOSITED = 2
_FAILED = {3, 4, 6}  # reversed, refunded, declined by authorisation


class SberbankGateway:
    name = "sberbank"
    pays_on_page = True

    def __init__(
        self,
        api_url: str,
        username: str,
        password: str,
        timeout: float = DEFAULT_TIMEOUT,
        *,
        callback_key: str = "",
    ) -> None:
        self._api_url = api_url.rstrip("/")
        self._username = username
        self._password = password
        self._callback_key = callback_key
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._http: aiohttp.ClientSession | None = None
        self._closed = False

    async def aclose(self) -> None:
        """Closes the HTTP session (the runtime calls this at shutdown). A handler still running
        after that gets `GatewayUnavailable` rather than a new session nobody would close."""
        self._closed = True
        http, self._http = self._http, None
        if http is not None:
            await http.close()

    async def register(self, order: OrderRequest) -> RegisteredOrder:
        form: dict[str, str] = {
            "orderNumber": order.order_number,
            "amount": str(order.amount_kopecks),
            "currency": RUB,
            "returnUrl": order.return_url,
            "failUrl": order.fail_url,
            "description": order.description[:512],
            "language": "ru",
            "dynamicCallbackUrl": order.callback_url,
            "orderBundle": json.dumps(_order_bundle(order), ensure_ascii=False),
        }
        if order.email:
            form["email"] = order.email
            form["jsonParams"] = json.dumps({"email": order.email})
        answer = await self._call("register.do", form)
        order_id, pay_url = answer.get("orderId"), answer.get("formUrl")
        if not isinstance(order_id, str) or not isinstance(pay_url, str):
            raise GatewayUnavailable("register.do answered without orderId/formUrl")
        return RegisteredOrder(order_id=order_id, pay_url=pay_url)

    def callback_order_id(self, params: Mapping[str, str]) -> str:
        """The `mdOrder` of a callback signed with the key the bank was given (HMAC-SHA256)."""
        if not checksum_valid(params, self._callback_key):
            reason = "no checksum" if not params.get("checksum") else "wrong checksum"
            logger.warning(
                "payment callback refused",
                extra={"reason": reason, "order_id": params.get("mdOrder")},
            )
            raise ForgedCallback(reason)
        order_id = params.get("mdOrder")
        if not order_id:
            raise ForgedCallback("no mdOrder")
        return order_id

    async def status(self, order_id: str) -> OrderState:
        answer = await self._call("getOrderStatusExtended.do", {"orderId": order_id})
        return order_state(answer)

    async def receipt(self, order_id: str) -> dict[str, Any]:
        answer = await self._call("getReceiptStatus.do", {"orderId": order_id})
        return _receipt(answer.get("receipt"))

    async def _call(self, method: str, form: dict[str, str]) -> dict[str, Any]:
        body = {"userName": self._username, "password": self._password, **form}
        url = f"{self._api_url}/{method}"
        try:
            async with self._session().post(url, data=body) as response:
                if response.status != 200:
                    raise GatewayUnavailable(f"{method}: HTTP {response.status}")
                answer = await response.json(content_type=None)
        except (aiohttp.ClientError, TimeoutError, ValueError) as failed:
            logger.warning("gateway call failed", extra={"method": method, "error": repr(failed)})
            raise GatewayUnavailable(f"{method}: {type(failed).__name__}") from failed
        if not isinstance(answer, dict):
            raise GatewayUnavailable(f"{method}: not a JSON object")
        code = str(answer.get("errorCode", "0") or "0")
        if code != "0":
            message = _text(answer.get("errorMessage")) or "no message"
            raise GatewayUnavailable(f"{method}: error {code}: {message}")
        return answer

    def _session(self) -> aiohttp.ClientSession:
        # Made on first use: a session belongs to the event loop running when it is created.
        if self._closed:
            raise aiohttp.ClientConnectionError("the gateway client is closed")
        if self._http is None or self._http.closed:
            self._http = aiohttp.ClientSession(timeout=self._timeout)
        return self._http


def order_state(answer: dict[str, Any]) -> OrderState:
    """What `getOrderStatusExtended.do` says of an order. A missing or non-numeric `amount`
    or `orderNumber` is None: `Settlement` refuses to settle a paid order on that."""
    status = _whole_number(answer.get("orderStatus"))
    if status is None:
        raise GatewayUnavailable("getOrderStatusExtended.do answered without orderStatus")
    if status == _DEPOSITED:
        outcome = OrderOutcome.PAID
    elif status in _FAILED:
        outcome = OrderOutcome.DECLINED
    else:
        outcome = OrderOutcome.PENDING
    return OrderState(
        outcome=outcome,
        order_number=_text(answer.get("orderNumber")),
        amount_kopecks=_whole_number(answer.get("amount")),
        fiscal=_card(answer),
        reason=_text(answer.get("actionCodeDescription")),
    )


def _order_bundle(order: OrderRequest) -> dict[str, Any]:
    """The items of the fiscal receipt (54-ФЗ) and where to send it."""
    bundle: dict[str, Any] = {
        "cartItems": {
            "items": [
                {
                    "positionId": 1,
                    "name": (order.item_name or order.description)[:100],
                    "quantity": {"value": 1, "measure": "шт"},
                    "itemAmount": order.amount_kopecks,
                    "itemPrice": order.amount_kopecks,
                    "itemCode": "1",
                    "tax": {"taxType": 0},
                }
            ]
        }
    }
    if order.email:
        bundle["customerDetails"] = {"email": order.email}
    return bundle


def _whole_number(value: object) -> int | None:
    """A number the bank wrote as an integer or in ASCII digits; None for anything else
    (`str.isdigit` alone also passes "²", which `int()` then refuses)."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        return None
    text = str(value)
    return int(text) if text.isascii() and text.isdigit() else None


def _text(value: object) -> str | None:
    return str(value) if isinstance(value, str | int) and str(value) else None


def _card(answer: dict[str, Any]) -> dict[str, Any]:
    """The card's masked number, for the receipt view."""
    card = answer.get("cardAuthInfo")
    if isinstance(card, dict):
        pan = card.get("maskedPan") or card.get("pan")
        if isinstance(pan, str) and pan:
            return {"masked_pan": pan}
    return {}


# Ours → the names getReceiptStatus.do uses for it.
_RECEIPT_FIELDS = {
    "fiscal_document_number": "fiscal_document_number",
    "fiscal_sign": "fiscal_document_attribute",
    "fiscal_drive_number": "fn_number",
    "receipt_at": "receipt_datetime",
    "ofd_url": "ofd_receipt_url",
}
_REGISTERED = 1  # receiptStatus: the fiscal service has registered the receipt


def _receipt(receipts: object) -> dict[str, Any]:
    """The first registered receipt of `getReceiptStatus.do`'s `receipt` (a list; one object
    from some gateway versions); empty while none is registered yet."""
    found = receipts if isinstance(receipts, list) else [receipts]
    for receipt in found:
        if not isinstance(receipt, dict):
            continue
        status = receipt.get("receiptStatus")
        if status is not None and str(status) != str(_REGISTERED):
            continue
        fiscal = {
            ours: str(receipt[theirs])
            for ours, theirs in _RECEIPT_FIELDS.items()
            if receipt.get(theirs) not in (None, "")
        }
        if "fiscal_document_number" in fiscal:
            return fiscal
    return {}
