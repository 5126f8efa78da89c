"""The REST endpoints under `/sandbox/sberbank/payment/rest/`, as the bank's gateway answers them.

Parameters come form-encoded in a POST (or in the query string, which the bank also takes);
answers are JSON with `errorCode`/`errorMessage` on failure, HTTP 200 either way.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from aiohttp import web

from emulator.sandbox.gateway import SANDBOX_KEY, Sandbox, form_url
from emulator.sandbox.orders import Order
from emulator.sandbox.protocol import (
    ACCESS_DENIED,
    MAX_ORDER_NUMBER,
    RUB,
    SYSTEM_ERROR,
    ErrorCode,
    RestError,
)
from emulator.sandbox.status_view import status_json

REST_PATH = "/sandbox/sberbank/payment/rest"
BAD_VALUE = "Неверное значение одного из параметров"
RestHandler = Callable[[Sandbox, dict[str, str], web.Request], Awaitable[dict[str, Any]]]


class HttpFailure(Exception):
    """A fault injected as the gateway's own HTTP 500."""


def answer(data: dict[str, Any]) -> web.Response:
    return web.json_response(data, dumps=lambda value: json.dumps(value, ensure_ascii=False))


def rest_endpoint(handler: RestHandler) -> Callable[[web.Request], Awaitable[web.Response]]:
    async def wrapped(request: web.Request) -> web.Response:
        params: dict[str, str] = dict(request.query)
        if request.method == "POST":
            params.update({k: str(v) for k, v in (await request.post()).items()})
        try:
            return answer(await handler(request.app[SANDBOX_KEY], params, request))
        except RestError as error:
            return answer(error.to_json())
        except HttpFailure:
            return web.Response(status=500, text="Internal Server Error")

    return wrapped


def origin_of(request: web.Request) -> str:
    return str(request.url.origin())


def check_credentials(sandbox: Sandbox, params: Mapping[str, str]) -> None:
    if not params.get("userName"):
        raise RestError(ErrorCode.MISSING, "Имя мерчанта не может быть пустым")
    if not params.get("password"):
        raise RestError(ErrorCode.MISSING, "Пароль не может быть пуст")
    if not sandbox.credentials_ok(params["userName"], params["password"]):
        raise RestError(ErrorCode.DENIED, ACCESS_DENIED)


def web_url(value: str | None) -> str | None:
    if not value:
        return None
    if not value.startswith(("http://", "https://")):
        raise RestError(ErrorCode.DENIED, BAD_VALUE)
    return value


def json_object(text: str | None) -> dict[str, Any] | None:
    if not text:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        raise RestError(ErrorCode.DENIED, BAD_VALUE) from None
    if not isinstance(value, dict):
        raise RestError(ErrorCode.DENIED, BAD_VALUE)
    return value


def amount_of(text: str | None) -> int:
    if not text:
        raise RestError(ErrorCode.MISSING, "Отсутствует сумма")
    if not text.isascii() or not text.isdigit() or int(text) <= 0:
        raise RestError(ErrorCode.DENIED, "Неверная сумма")
    return int(text)


async def register(sandbox: Sandbox, params: dict[str, str], request: web.Request) -> Any:
    check_credentials(sandbox, params)
    number = params.get("orderNumber", "")
    if not number:
        raise RestError(ErrorCode.MISSING, "Номер заказа не может быть пуст")
    if len(number) > MAX_ORDER_NUMBER:
        raise RestError(ErrorCode.ORDER_NUMBER, "Неверный номер заказа")
    amount = amount_of(params.get("amount"))
    if params.get("currency", RUB) != RUB:
        raise RestError(ErrorCode.CURRENCY, "Неизвестная валюта")
    return_url = web_url(params.get("returnUrl"))
    if return_url is None:
        raise RestError(ErrorCode.MISSING, "URL возврата не может быть пуст")
    fail_url = web_url(params.get("failUrl"))
    callback_url = web_url(params.get("dynamicCallbackUrl"))
    json_params = {k: str(v) for k, v in (json_object(params.get("jsonParams")) or {}).items()}
    order_bundle = json_object(params.get("orderBundle"))
    if number in sandbox.book.by_number:
        raise RestError(ErrorCode.ORDER_NUMBER, "Заказ с таким номером уже обработан")
    order_id = str(uuid.uuid4())
    order = Order(
        order_id=order_id,
        order_number=number,
        amount=amount,
        currency=RUB,
        description=params.get("description", ""),
        language=params.get("language", "ru"),
        return_url=return_url,
        fail_url=fail_url,
        callback_url=callback_url,
        json_params=json_params,
        order_bundle=order_bundle,
        registered_at=sandbox.clock.now(),
        form_url=form_url(origin_of(request), order_id),
    )
    sandbox.add(order)
    return {"orderId": order.order_id, "formUrl": order.form_url}


def find_order(sandbox: Sandbox, params: Mapping[str, str]) -> Order:
    order_id, number = params.get("orderId"), params.get("orderNumber")
    if not order_id and not number:
        raise RestError(ErrorCode.ORDER_NUMBER, "Ожидается [orderId] или [orderNumber]")
    order = (
        sandbox.book.orders.get(order_id) if order_id else sandbox.book.by_number.get(number or "")
    )
    if order is None:
        raise RestError(ErrorCode.NOT_FOUND, "Заказ не найден")
    return order


def injected_failure(order: Order) -> None:
    if not order.faults.status_failures:
        return
    failure = order.faults.status_failures.popleft()
    if failure == "http500":
        raise HttpFailure()
    if failure == "5":
        raise RestError(ErrorCode.DENIED, ACCESS_DENIED)
    raise RestError(ErrorCode.SYSTEM, SYSTEM_ERROR)


async def order_status(sandbox: Sandbox, params: dict[str, str], request: web.Request) -> Any:
    check_credentials(sandbox, params)
    order = find_order(sandbox, params)
    injected_failure(order)
    return status_json(order)


async def receipt_status(sandbox: Sandbox, params: dict[str, str], request: web.Request) -> Any:
    check_credentials(sandbox, params)
    order = find_order(sandbox, params)
    receipts = [order.receipt.to_json()] if order.receipt is not None else []
    return {
        "errorCode": "0",
        "errorMessage": "Успешно",
        "orderNumber": order.order_number,
        "orderId": order.order_id,
        "receipt": receipts,
    }


def setup_rest(app: web.Application) -> None:
    for name, handler in (
        ("register.do", register),
        ("getOrderStatusExtended.do", order_status),
        ("getReceiptStatus.do", receipt_status),
    ):
        endpoint = rest_endpoint(handler)
        app.router.add_post(f"{REST_PATH}/{name}", endpoint)
        app.router.add_get(f"{REST_PATH}/{name}", endpoint)
