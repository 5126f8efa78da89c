"""The payment sandbox's REST protocol over real HTTP: register.do and getOrderStatusExtended.do."""

from __future__ import annotations

import json
import uuid

import aiohttp
import pytest

from emulator.kit import EmulatorHarness

RETURN_URL = "http://127.0.0.1:8080/payments/return"


def number() -> str:
    return uuid.uuid4().hex[:12]


async def test_register_gives_an_order_id_and_the_bank_page(emulator: EmulatorHarness) -> None:
    sandbox = emulator.sandbox
    answer = await sandbox.register(
        "LS-1001",
        125_050,
        RETURN_URL,
        description="Оплата по лицевому счёту 1234567890",
        currency="643",
        language="ru",
        jsonParams=json.dumps({"email": "anna@example.ru", "account": "1234567890"}),
    )

    assert set(answer) == {"orderId", "formUrl"}
    order_id = answer["orderId"]
    assert str(uuid.UUID(order_id)) == order_id
    assert answer["formUrl"] == f"{emulator.base_url}/sandbox/sberbank/pay/{order_id}"
    assert sandbox.order_id_of(answer["formUrl"]) == order_id
    [order] = await sandbox.orders()
    assert order["order_number"] == "LS-1001" and order["amount"] == 125_050
    assert order["status"] == "created" and order["order_status"] == 0

    _, status = await sandbox.rest("getOrderStatusExtended.do", orderId=order_id)
    assert status["errorCode"] == "0"
    assert status["orderNumber"] == "LS-1001" and status["orderStatus"] == 0
    assert status["actionCode"] == -100 and status["amount"] == 125_050
    assert status["currency"] == "643"
    assert status["orderDescription"] == "Оплата по лицевому счёту 1234567890"
    assert status["paymentAmountInfo"]["paymentState"] == "CREATED"
    assert status["paymentAmountInfo"]["depositedAmount"] == 0
    assert status["attributes"] == [{"name": "mdOrder", "value": order_id}]
    assert {"name": "email", "value": "anna@example.ru"} in status["merchantOrderParams"]
    assert "cardAuthInfo" not in status and "receipt" not in status


async def test_the_status_is_found_by_order_number_too(emulator: EmulatorHarness) -> None:
    answer = await emulator.sandbox.register("LS-77", 1000, RETURN_URL)
    _, status = await emulator.sandbox.rest("getOrderStatusExtended.do", orderNumber="LS-77")
    assert status["attributes"][0]["value"] == answer["orderId"]


async def test_the_gateway_takes_parameters_in_the_query_string(
    emulator: EmulatorHarness,
) -> None:
    params = {**emulator.sandbox.credentials, "orderNumber": "Q-1", "amount": "500"}
    params["returnUrl"] = RETURN_URL
    async with (
        aiohttp.ClientSession() as http,
        http.get(f"{emulator.sandbox.api_url}/register.do", params=params) as response,
    ):
        answer = await response.json()
    assert "orderId" in answer


@pytest.mark.parametrize(
    ("credentials", "code", "message"),
    [
        ({"userName": "demo-api", "password": "wrong"}, "5", "Доступ запрещён"),
        ({"userName": "someone-else", "password": "demo"}, "5", "Доступ запрещён"),
        ({"userName": "demo-api", "password": ""}, "4", "Пароль не может быть пуст"),
    ],
)
async def test_wrong_credentials_are_refused(
    emulator: EmulatorHarness, credentials: dict[str, str], code: str, message: str
) -> None:
    form = {**credentials, "orderNumber": number(), "amount": "100", "returnUrl": RETURN_URL}
    async with (
        aiohttp.ClientSession() as http,
        http.post(f"{emulator.sandbox.api_url}/register.do", data=form) as response,
    ):
        assert response.status == 200
        answer = await response.json()
    assert answer == {"errorCode": code, "errorMessage": message}
    assert await emulator.sandbox.orders() == []


@pytest.mark.parametrize(
    ("amount", "code"), [("0", "5"), ("-100", "5"), ("12.50", "5"), ("сто", "5"), (None, "4")]
)
async def test_a_bad_amount_is_refused(
    emulator: EmulatorHarness, amount: str | None, code: str
) -> None:
    _, answer = await emulator.sandbox.rest(
        "register.do", orderNumber=number(), amount=amount, returnUrl=RETURN_URL
    )
    assert answer["errorCode"] == code
    assert answer["errorMessage"] in {"Неверная сумма", "Отсутствует сумма"}


async def test_a_second_register_with_the_same_order_number_is_refused(
    emulator: EmulatorHarness,
) -> None:
    first = await emulator.sandbox.register("LS-42", 1000, RETURN_URL)
    second = await emulator.sandbox.register("LS-42", 2000, RETURN_URL)
    assert "orderId" in first
    assert second == {"errorCode": "1", "errorMessage": "Заказ с таким номером уже обработан"}
    assert len(await emulator.sandbox.orders()) == 1


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"orderNumber": ""}, "4"),
        ({"orderNumber": "x" * 33}, "1"),
        ({"returnUrl": ""}, "4"),
        ({"returnUrl": "javascript:alert(1)"}, "5"),
        ({"currency": "840"}, "3"),
        ({"jsonParams": "{not json"}, "5"),
        ({"jsonParams": "[1, 2]"}, "5"),
        ({"orderBundle": "nope"}, "5"),
        ({"dynamicCallbackUrl": "ftp://example.ru/cb"}, "5"),
    ],
)
async def test_other_bad_parameters_are_refused(
    emulator: EmulatorHarness, params: dict[str, str], code: str
) -> None:
    base = {"orderNumber": number(), "amount": "100", "returnUrl": RETURN_URL}
    _, answer = await emulator.sandbox.rest("register.do", **{**base, **params})
    assert answer["errorCode"] == code and answer["errorMessage"]


async def test_status_errors(emulator: EmulatorHarness) -> None:
    sandbox = emulator.sandbox
    _, unknown = await sandbox.rest("getOrderStatusExtended.do", orderId=str(uuid.uuid4()))
    assert unknown == {"errorCode": "6", "errorMessage": "Заказ не найден"}
    _, neither = await sandbox.rest("getOrderStatusExtended.do")
    assert neither["errorCode"] == "1"
    order_id = (await sandbox.register(number(), 100, RETURN_URL))["orderId"]
    form = {"userName": "demo-api", "password": "wrong", "orderId": order_id}
    async with (
        aiohttp.ClientSession() as http,
        http.post(f"{sandbox.api_url}/getOrderStatusExtended.do", data=form) as response,
    ):
        assert (await response.json())["errorCode"] == "5"


async def test_the_sandbox_credentials_follow_the_emulator_config() -> None:
    from emulator.config import EmulatorConfig

    config = EmulatorConfig(smtp_port=0, sandbox_username="shop", sandbox_password="secret")
    async with EmulatorHarness(config=config) as emu:
        assert emu.sandbox.credentials == {"userName": "shop", "password": "secret"}
        answer = await emu.sandbox.register("C-1", 100, RETURN_URL)
        assert "orderId" in answer
