"""The acquiring bank's side of the bot's web app.

`/payments/sberbank/callback` takes the bank's notification (GET or POST): 200 when it is
settled or was already, 403 when forged, 404 for an unknown order, 503 when the bank cannot
confirm it now (the bank retries). `/payments/return` is where the customer's browser comes back:
for an order of ours still pending it asks the bank too, so a customer who is faster than the
callback sees the outcome; any other `orderId` is answered from what is stored, or not at all."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from html import escape

from aiogram import Bot
from aiohttp import web

from core.enums import PaymentStatus
from core.payments.errors import ForgedCallback, PaymentError, PaymentNotFound
from core.payments.service import CALLBACK_PATH, RETURN_PATH, PaymentsService

logger = logging.getLogger("cabinet.web.payments")

BotUsername = Callable[[], Awaitable[str | None]]
PAYMENTS_KEY: web.AppKey[PaymentsService] = web.AppKey("payments", PaymentsService)
USERNAME_KEY: web.AppKey[BotUsername] = web.AppKey("bot_username")

_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;"
    "line-height:1.5;color:#222;text-align:center}a.button{display:inline-block;margin-top:1rem;"
    "padding:.7rem 1.4rem;border-radius:.5rem;background:#2a9ef4;color:#fff;text-decoration:none}"
)
_OUTCOMES = {
    PaymentStatus.CONFIRMED: "Оплата прошла. Спасибо! Подтверждение придёт в чат с ботом.",
    PaymentStatus.DECLINED: "Оплата не прошла. Попробуйте ещё раз из чата с ботом.",
}
_WAITING = "Банк ещё обрабатывает платёж. Когда он подтвердит оплату, бот напишет вам в чат."
_UNKNOWN = "Состояние платежа можно посмотреть в чате с ботом."


async def sberbank_callback(request: web.Request) -> web.Response:
    params = dict(request.query)
    if request.method == "POST":
        params.update({name: str(value) for name, value in (await request.post()).items()})
    payments = request.app[PAYMENTS_KEY]
    try:
        await payments.handle_callback(params)
    except ForgedCallback:
        return web.Response(status=403, text="forbidden")
    except PaymentNotFound:
        logger.warning("callback for an unknown order", extra={"order_id": params.get("mdOrder")})
        return web.Response(status=404, text="unknown order")
    except PaymentError as failed:
        logger.warning("callback not settled", extra={"reason": str(failed)})
        return web.Response(status=503, text="try later")
    except Exception:
        logger.exception("callback failed")
        return web.Response(status=500, text="error")
    return web.Response(text="OK")


async def payment_return(request: web.Request) -> web.Response:
    order_id = request.query.get("orderId")
    message = _UNKNOWN
    if order_id:
        try:
            payment = await request.app[PAYMENTS_KEY].on_return(order_id)
            if payment is not None:
                message = _OUTCOMES.get(payment.status, _WAITING)
        except PaymentError:
            message = _WAITING
        except Exception:
            logger.exception("return page: status check failed")
            message = _WAITING
    username = await request.app[USERNAME_KEY]()
    link = (
        f'<a class="button" href="tg://resolve?domain={escape(username)}">Вернуться в Telegram</a>'
        if username
        else ""
    )
    page = (
        '<!doctype html><html lang="ru"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Оплата</title><style>{_STYLE}</style></head>"
        f"<body><h1>Оплата</h1><p>{escape(message)}</p>"
        f"<p>Вернитесь в Telegram, в чат с ботом.</p>{link}</body></html>"
    )
    return web.Response(text=page, content_type="text/html")


def setup_payments(app: web.Application, payments: PaymentsService, username: BotUsername) -> None:
    app[PAYMENTS_KEY] = payments
    app[USERNAME_KEY] = username
    app.router.add_route("GET", CALLBACK_PATH, sberbank_callback)
    app.router.add_route("POST", CALLBACK_PATH, sberbank_callback)
    app.router.add_get(RETURN_PATH, payment_return)


def username_of(bot: Bot) -> BotUsername:
    """The bot's @username for the return page's link, asked once and remembered by aiogram."""

    async def username() -> str | None:
        try:
            return (await bot.me()).username
        except Exception:  # the page still says what to do without the link
            logger.warning("bot username unavailable")
            return None

    return username
