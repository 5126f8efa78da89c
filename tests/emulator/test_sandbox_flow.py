"""The bank page, paying and declining, and the signed callback to a real merchant server."""

from __future__ import annotations

import hashlib
import hmac
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiohttp import web

from emulator.kit import EmulatorHarness

RETURN_URL = "http://127.0.0.1:8080/payments/return?from=bank"
FAIL_URL = "http://127.0.0.1:8080/payments/fail"
KEY = "demo-callback-key"


def verify(params: dict[str, str], key: str = KEY) -> bool:
    """The bank's checksum, computed here independently of the sandbox's code."""
    signed = "".join(f"{name};{params[name]};" for name in sorted(params) if name != "checksum")
    expected = hmac.new(key.encode(), signed.encode(), hashlib.sha256).hexdigest().upper()
    return hmac.compare_digest(expected, params.get("checksum", ""))


@dataclass
class Merchant:
    """The merchant's callback endpoint: records what arrives, answers the statuses queued."""

    url: str = ""
    received: list[dict[str, str]] = field(default_factory=list)
    answers: list[int] = field(default_factory=list)

    async def handle(self, request: web.Request) -> web.Response:
        assert request.method == "GET"
        self.received.append(dict(request.query))
        status = self.answers.pop(0) if self.answers else 200
        return web.Response(status=status, text="OK" if status == 200 else "busy")


@pytest.fixture
async def merchant(emulator: EmulatorHarness) -> AsyncIterator[Merchant]:
    merchant = Merchant()
    app = web.Application()
    app.router.add_get("/payments/sberbank/callback", merchant.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    merchant.url = f"http://127.0.0.1:{runner.addresses[0][1]}/payments/sberbank/callback"
    await emulator.sandbox.set_callback_url(merchant.url)
    yield merchant
    await runner.cleanup()


async def new_order(
    emu: EmulatorHarness, amount: int = 125_050, description: str = "Электроэнергия", **extra: str
) -> str:
    answer = await emu.sandbox.register(
        uuid.uuid4().hex[:16], amount, RETURN_URL, description=description, **extra
    )
    order_id: str = answer["orderId"]
    return order_id


async def status(emu: EmulatorHarness, order_id: str) -> dict[str, Any]:
    _, answer = await emu.sandbox.rest("getOrderStatusExtended.do", orderId=order_id)
    assert isinstance(answer, dict)
    return answer


# --- the bank page ---------------------------------------------------------------------------
async def test_the_bank_page_shows_the_order_and_escapes_it(emulator: EmulatorHarness) -> None:
    order_id = await new_order(
        emulator, 125_050, description='<script>alert("x")</script> & «ёлка»'
    )
    code, html = await emulator.sandbox.open_page(order_id)
    assert code == 200
    assert "1\u00a0250,50\u00a0₽" in html
    assert "Ставропольэнергосбыт" in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; «ёлка»" in html
    assert "<script>" not in html
    assert ">Оплатить</button>" in html and ">Отказаться</button>" in html
    assert 'method="post"' in html


async def test_an_unknown_order_has_no_page(emulator: EmulatorHarness) -> None:
    code, html = await emulator.sandbox.open_page(str(uuid.uuid4()))
    assert code == 404 and "Заказ не найден" in html


# --- paying ----------------------------------------------------------------------------------
async def test_paying_on_the_page_tells_the_merchant_before_the_customer_returns(
    emulator: EmulatorHarness, merchant: Merchant
) -> None:
    order_id = await new_order(emulator, orderBundle='{"customerDetails": {"email": "a@b.ru"}}')
    code, location = await emulator.sandbox.press(order_id, "pay")

    assert code == 303
    assert location == f"{RETURN_URL}&orderId={order_id}"
    # The callback's first attempt was answered before the redirect was sent.
    [callback] = merchant.received
    order = await emulator.sandbox.order(order_id)
    assert callback["mdOrder"] == order_id
    assert callback["orderNumber"] == order["order_number"]
    assert callback["operation"] == "deposited" and callback["status"] == "1"
    assert set(callback) == {"mdOrder", "orderNumber", "operation", "status", "checksum"}
    assert verify(callback)
    assert callback["checksum"] == callback["checksum"].upper()

    paid = await status(emulator, order_id)
    assert paid["orderStatus"] == 2 and paid["actionCode"] == 0
    assert paid["paymentAmountInfo"] == {
        "paymentState": "DEPOSITED",
        "approvedAmount": 125_050,
        "depositedAmount": 125_050,
        "refundedAmount": 0,
        "feeAmount": 0,
        "totalAmount": 125_050,
    }
    assert paid["cardAuthInfo"]["maskedPan"] == "411111**1111"
    assert isinstance(paid["authDateTime"], int)
    [receipt] = paid["receipt"]
    assert len(receipt["fn_number"]) == 16 and receipt["fiscal_document_number"] >= 1
    assert len(receipt["fiscal_document_attribute"]) == 10
    assert receipt["amount_total"] == "1250.50" and receipt["email"] == "a@b.ru"
    code, html = await emulator.sandbox.open_page(receipt["ofd_receipt_url"])
    assert code == 200 and "Кассовый чек" in html and receipt["fiscal_document_attribute"] in html

    [delivery] = await emulator.sandbox.callbacks(order_id)
    assert delivery["delivered"] and delivery["attempts"][0]["status"] == 200


async def test_a_paid_order_cannot_be_paid_again(
    emulator: EmulatorHarness, merchant: Merchant
) -> None:
    order_id = await new_order(emulator)
    await emulator.sandbox.press(order_id, "pay")
    code, _ = await emulator.sandbox.press(order_id, "pay")
    assert code == 409
    code, html = await emulator.sandbox.open_page(order_id)
    assert "Заказ оплачен" in html and ">Оплатить</button>" not in html
    assert len(merchant.received) == 1


async def test_get_receipt_status(emulator: EmulatorHarness, merchant: Merchant) -> None:
    order_id = await new_order(emulator)
    _, before = await emulator.sandbox.rest("getReceiptStatus.do", orderId=order_id)
    assert before["errorCode"] == "0" and before["receipt"] == []
    await emulator.sandbox.pay(order_id)
    _, after = await emulator.sandbox.rest("getReceiptStatus.do", orderId=order_id)
    assert after["receipt"][0]["receiptStatus"] == 1


# --- declining -------------------------------------------------------------------------------
async def test_declining_sends_the_customer_to_the_fail_url(
    emulator: EmulatorHarness, merchant: Merchant
) -> None:
    order_id = await new_order(emulator, failUrl=FAIL_URL)
    code, location = await emulator.sandbox.press(order_id, "decline")

    assert code == 303 and location == f"{FAIL_URL}?orderId={order_id}"
    [callback] = merchant.received
    assert callback["operation"] == "declinedByTimeout" and callback["status"] == "0"
    assert verify(callback)
    declined = await status(emulator, order_id)
    assert declined["orderStatus"] == 6 and declined["actionCode"] == -2007
    assert declined["paymentAmountInfo"]["paymentState"] == "DECLINED"
    assert "receipt" not in declined


async def test_declining_without_a_fail_url_returns_to_the_return_url(
    emulator: EmulatorHarness, merchant: Merchant
) -> None:
    order_id = await new_order(emulator)
    _, location = await emulator.sandbox.press(order_id, "decline")
    assert location == f"{RETURN_URL}&orderId={order_id}"


async def test_a_decline_through_the_control_api_with_the_banks_reason(
    emulator: EmulatorHarness, merchant: Merchant
) -> None:
    order_id = await new_order(emulator)
    result = await emulator.sandbox.decline(order_id, action_code=116)
    assert result["order"]["status"] == "declined"
    assert result["redirect_url"] == f"{RETURN_URL}&orderId={order_id}"
    declined = await status(emulator, order_id)
    assert declined["actionCode"] == 116
    assert declined["actionCodeDescription"] == "Недостаточно средств"


# --- where the callback goes, and retries ----------------------------------------------------
async def test_the_dynamic_callback_url_wins(emulator: EmulatorHarness, merchant: Merchant) -> None:
    await emulator.sandbox.set_callback_url("http://127.0.0.1:9/nowhere")
    order_id = await new_order(emulator, dynamicCallbackUrl=merchant.url)
    await emulator.sandbox.pay(order_id)
    assert [c["mdOrder"] for c in merchant.received] == [order_id]


async def test_a_refused_callback_is_retried_until_answered(
    emulator: EmulatorHarness, merchant: Merchant
) -> None:
    await emulator.sandbox.settings(callback_backoff=0.01)
    merchant.answers = [500, 503]
    order_id = await new_order(emulator)
    await emulator.sandbox.pay(order_id)
    [delivery] = await emulator.sandbox.wait_callbacks(order_id, done=True)
    assert [a["status"] for a in delivery["attempts"]] == [500, 503, 200]
    assert delivery["delivered"] and delivery["attempts"][0]["body"] == "busy"
    assert len(merchant.received) == 3 and all(verify(c) for c in merchant.received)


async def test_the_sandbox_gives_up_after_its_retries(
    emulator: EmulatorHarness, merchant: Merchant
) -> None:
    await emulator.sandbox.settings(callback_backoff=0.01, callback_retries=2)
    merchant.answers = [500] * 5
    order_id = await new_order(emulator)
    await emulator.sandbox.pay(order_id)
    [delivery] = await emulator.sandbox.wait_callbacks(order_id, done=True)
    assert [a["status"] for a in delivery["attempts"]] == [500, 500, 500]
    assert not delivery["delivered"] and delivery["done"]


async def test_an_unreachable_merchant_is_recorded(emulator: EmulatorHarness) -> None:
    await emulator.sandbox.settings(
        callback_url="http://127.0.0.1:9/cb", callback_retries=0, callback_backoff=0
    )
    order_id = await new_order(emulator)
    result = await emulator.sandbox.pay(order_id)
    assert result["order"]["status"] == "deposited"
    [delivery] = await emulator.sandbox.wait_callbacks(order_id, done=True)
    assert delivery["attempts"][0]["status"] is None and delivery["attempts"][0]["error"]


# --- faults ----------------------------------------------------------------------------------
@pytest.mark.parametrize(("fault", "code"), [("5", "5"), ("7", "7")])
async def test_the_next_status_query_fails_once(
    emulator: EmulatorHarness, fault: str, code: str
) -> None:
    order_id = await new_order(emulator)
    await emulator.sandbox.fail_status_once(order_id, fault)
    _, failed = await emulator.sandbox.rest("getOrderStatusExtended.do", orderId=order_id)
    assert failed["errorCode"] == code and failed["errorMessage"]
    assert (await status(emulator, order_id))["errorCode"] == "0"


async def test_the_next_status_query_answers_http_500(emulator: EmulatorHarness) -> None:
    order_id = await new_order(emulator)
    await emulator.sandbox.faults(order_id, status_failures=["http500", "7"])
    code, _ = await emulator.sandbox.rest("getOrderStatusExtended.do", orderId=order_id)
    assert code == 500
    _, second = await emulator.sandbox.rest("getOrderStatusExtended.do", orderId=order_id)
    assert second["errorCode"] == "7"
    assert (await status(emulator, order_id))["orderStatus"] == 0


async def test_a_replayed_callback_arrives_twice(
    emulator: EmulatorHarness, merchant: Merchant
) -> None:
    order_id = await new_order(emulator)
    await emulator.sandbox.replay_callback(order_id)
    await emulator.sandbox.pay(order_id)
    deliveries = await emulator.sandbox.wait_callbacks(order_id, count=2)
    assert [d["replay"] for d in deliveries] == [False, True]
    assert len(merchant.received) == 2 and merchant.received[0] == merchant.received[1]
    assert verify(merchant.received[1])


@pytest.mark.parametrize("forgery", ["wrong_checksum", "no_checksum"])
async def test_a_forged_callback(
    emulator: EmulatorHarness, merchant: Merchant, forgery: str
) -> None:
    order_id = await new_order(emulator)
    await emulator.sandbox.forge_callback(order_id, forgery)
    await emulator.sandbox.pay(order_id)
    [callback] = merchant.received
    assert not verify(callback)
    assert ("checksum" in callback) is (forgery == "wrong_checksum")
    [delivery] = await emulator.sandbox.callbacks(order_id)
    assert delivery["forgery"] == forgery


async def test_a_callback_never_sent_until_the_test_sends_it(
    emulator: EmulatorHarness, merchant: Merchant
) -> None:
    order_id = await new_order(emulator)
    await emulator.sandbox.callback_timing("never", order_id=order_id)
    code, _ = await emulator.sandbox.press(order_id, "pay")
    assert code == 303 and merchant.received == []
    assert (await status(emulator, order_id))["orderStatus"] == 2
    [delivery] = await emulator.sandbox.send_callback(order_id)
    assert delivery["delivered"] and verify(merchant.received[0])
    [forged] = await emulator.sandbox.send_callback(order_id, forgery="wrong_checksum")
    assert forged["forgery"] == "wrong_checksum" and not verify(merchant.received[1])


async def test_a_delayed_callback_comes_after_the_customer_returns(
    emulator: EmulatorHarness, merchant: Merchant
) -> None:
    await emulator.sandbox.callback_timing("delayed", delay=0.05)
    order_id = await new_order(emulator)
    result = await emulator.sandbox.pay(order_id)
    assert merchant.received == [] and result["callbacks"][0]["attempts"] == []
    await emulator.sandbox.wait_callbacks(order_id)
    assert merchant.received[0]["mdOrder"] == order_id


# --- the control API -------------------------------------------------------------------------
async def test_control_api_refusals(emulator: EmulatorHarness, merchant: Merchant) -> None:
    from emulator.kit import KitError

    sandbox = emulator.sandbox
    with pytest.raises(KitError, match="order not found"):
        await sandbox.pay(str(uuid.uuid4()))
    order_id = await new_order(emulator)
    with pytest.raises(KitError, match="not paid or declined yet"):
        await sandbox.send_callback(order_id)
    with pytest.raises(KitError, match="callback_timing"):
        await sandbox.callback_timing("sometimes")
    with pytest.raises(KitError, match="status_failures"):
        await sandbox.faults(order_id, status_failures=["42"])
    with pytest.raises(KitError, match="action_code"):
        await sandbox.decline(order_id, action_code=0)
    await sandbox.pay(order_id)
    with pytest.raises(KitError, match="already deposited"):
        await sandbox.decline(order_id)


async def test_settings_and_orders_through_the_control_api(emulator: EmulatorHarness) -> None:
    sandbox = emulator.sandbox
    settings = await sandbox.settings()
    assert settings["callback_url"] == "http://127.0.0.1:8080/payments/sberbank/callback"
    assert settings["callback_timing"] == "before_return"
    changed = await sandbox.settings(callback_retries=1, callback_delay=2)
    assert changed["callback_retries"] == 1 and changed["callback_delay"] == 2.0
    order_id = await new_order(emulator)
    order = await sandbox.order(order_id)
    assert order["form_url"].endswith(order_id) and order["faults"]["status_failures"] == []
    await emulator.control("POST", "/_emu/sandbox/reset")
    assert await sandbox.orders() == []
