"""The bank's payment page (`formUrl`) with «Оплатить» and «Отказаться», and the OFD's receipt page.

Plain HTML with inline style and no scripts; every value from the merchant is escaped. The
buttons POST a form; the answer is a 303 to the merchant's return (or fail) URL, sent after the
callback's first attempt unless the sandbox is told otherwise.
"""

from __future__ import annotations

from html import escape

from aiohttp import web

from emulator.sandbox.fiscal import FN_NUMBER, OFD_NAME
from emulator.sandbox.gateway import FORM_PATH, SANDBOX_KEY, SandboxError, redirect_url
from emulator.sandbox.orders import Order
from emulator.sandbox.protocol import OrderStatus

HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
}
STYLE = """
body{font-family:system-ui,sans-serif;background:#eef2f0;margin:0;padding:24px;color:#1b1b1b}
main{max-width:420px;margin:0 auto;background:#fff;border-radius:12px;padding:24px;
box-shadow:0 2px 12px rgba(0,0,0,.08)}
h1{font-size:20px;margin:0 0 4px}.bank{color:#21a038;font-weight:600;margin-bottom:16px}
dl{display:grid;grid-template-columns:auto 1fr;gap:6px 12px;margin:16px 0}dt{color:#666}
dd{margin:0;overflow-wrap:anywhere}.amount{font-size:28px;font-weight:700;margin:8px 0}
.card{background:#f6f8f7;border-radius:8px;padding:12px;color:#444;font-size:14px}
form{display:flex;gap:12px;margin-top:20px}button{flex:1;padding:12px;border-radius:8px;
font-size:16px;border:1px solid #21a038;cursor:pointer}.pay{background:#21a038;color:#fff}
.decline{background:#fff;color:#21a038}.state{padding:12px;border-radius:8px;margin-top:16px}
.ok{background:#e3f5e7}.fail{background:#fdecea}a{color:#21a038}
"""


def rubles(kopecks: int) -> str:
    whole = f"{kopecks // 100:,}".replace(",", "\u00a0")
    return f"{whole},{kopecks % 100:02d}\u00a0₽"


def page(title: str, body: str, status: int = 200) -> web.Response:
    html = (
        '<!doctype html><html lang="ru"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head>"
        f"<body><main>{body}</main></body></html>"
    )
    return web.Response(
        text=html, status=status, content_type="text/html", charset="utf-8", headers=HEADERS
    )


def details(order: Order, merchant: str) -> str:
    rows = [
        ("Магазин", merchant),
        ("Номер заказа", order.order_number),
        ("Назначение", order.description or "—"),
    ]
    items = "".join(f"<dt>{escape(name)}</dt><dd>{escape(value)}</dd>" for name, value in rows)
    return f'<div class="amount" data-testid="amount">{rubles(order.amount)}</div><dl>{items}</dl>'


def settled_note(order: Order) -> str:
    paid = order.status is OrderStatus.DEPOSITED
    text = "Заказ оплачен." if paid else "Оплата отклонена."
    back = escape(redirect_url(order), quote=True)
    return (
        f'<div class="state {"ok" if paid else "fail"}" data-testid="state">{text}</div>'
        f'<p><a href="{back}">Вернуться в магазин</a></p>'
    )


async def show(request: web.Request) -> web.Response:
    sandbox = request.app[SANDBOX_KEY]
    order = sandbox.book.orders.get(request.match_info["order_id"])
    if order is None:
        return page("Заказ не найден", "<h1>Заказ не найден</h1><p>Проверьте ссылку.</p>", 404)
    head = '<div class="bank">Сбербанк · тестовая среда</div><h1>Оплата заказа</h1>'
    if order.settled:
        return page(
            "Оплата заказа",
            head + details(order, sandbox.config.sandbox_merchant) + settled_note(order),
        )
    action = escape(f"{FORM_PATH}{order.order_id}", quote=True)
    form = (
        f'<form method="post" action="{action}">'
        '<button class="pay" type="submit" name="action" value="pay">Оплатить</button>'
        '<button class="decline" type="submit" name="action" value="decline">Отказаться</button>'
        "</form>"
    )
    card = '<div class="card">Тестовая карта 4111 1111 1111 1111, 12/30, CVC 123</div>'
    return page(
        "Оплата заказа", head + details(order, sandbox.config.sandbox_merchant) + card + form
    )


async def press(request: web.Request) -> web.StreamResponse:
    sandbox = request.app[SANDBOX_KEY]
    order = sandbox.book.orders.get(request.match_info["order_id"])
    if order is None:
        return page("Заказ не найден", "<h1>Заказ не найден</h1>", 404)
    choice = (await request.post()).get("action")
    if choice not in ("pay", "decline"):
        return page("Оплата заказа", "<h1>Нажмите «Оплатить» или «Отказаться»</h1>", 400)
    try:
        settlement = await sandbox.settle(
            order, choice == "pay", str(request.url.origin()), ip=request.remote
        )
    except SandboxError:  # pressed twice, or in two tabs: say how it ended
        return page("Оплата заказа", "<h1>Оплата заказа</h1>" + settled_note(order), 409)
    raise web.HTTPSeeOther(settlement.redirect_url)


async def ofd_check(request: web.Request) -> web.Response:
    """The receipt's check page at the OFD (the `ofd_receipt_url` of a paid order)."""
    sandbox = request.app[SANDBOX_KEY]
    sign = request.query.get("fp", "")
    receipt = next(
        (
            order.receipt
            for order in sandbox.book.orders.values()
            if order.receipt is not None and order.receipt.fiscal_document_attribute == sign
        ),
        None,
    )
    if receipt is None or request.query.get("fn") != FN_NUMBER:
        return page("Чек не найден", "<h1>Чек не найден</h1>", 404)
    rows = [
        ("Сумма", rubles(receipt.amount_total)),
        ("ФН", FN_NUMBER),
        ("ФД", str(receipt.fiscal_document_number)),
        ("ФПД", receipt.fiscal_document_attribute),
        ("Дата", receipt.to_json()["receipt_date_time"]),
    ]
    items = "".join(f"<dt>{escape(name)}</dt><dd>{escape(value)}</dd>" for name, value in rows)
    body = f'<div class="bank">{escape(OFD_NAME)}</div><h1>Кассовый чек</h1><dl>{items}</dl>'
    return page("Кассовый чек", body)


def setup_page(app: web.Application) -> None:
    app.router.add_get(FORM_PATH + "{order_id}", show)
    app.router.add_post(FORM_PATH + "{order_id}", press)
    app.router.add_get("/sandbox/ofd/check", ofd_check)
