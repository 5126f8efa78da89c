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

from bot.i18n import DEFAULT_LOCALE, build_i18n
from bot.web.page import html_page
from core.enums import PaymentStatus
from core.payments.errors import ForgedCallback, PaymentError, PaymentNotFound
from core.payments.paths import CALLBACK_PATH, RETURN_PATH
from core.payments.settlement import Settlement

logger = logging.getLogger("cabinet.web.payments")

BotUsername = Callable[[], Awaitable[str | None]]
PAYMENTS_KEY: web.AppKey[Settlement] = web.AppKey("payments", Settlement)
USERNAME_KEY: web.AppKey[BotUsername] = web.AppKey("bot_username")
TEXTS_KEY: web.AppKey[Callable[[str], str]] = web.AppKey("page_texts")

_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;"
    "line-height:1.5;color:#222;text-align:center}a.button{display:inline-block;margin-top:1rem;"
    "padding:.7rem 1.4rem;border-radius:.5rem;background:#2a9ef4;color:#fff;text-decoration:none}"
)
_OUTCOMES = {
    PaymentStatus.CONFIRMED: "web.payment_confirmed",
    PaymentStatus.DECLINED: "web.payment_declined",
}
_WAITING = "web.payment_waiting"
_UNKNOWN = "web.payment_unknown"


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
    text = request.app[TEXTS_KEY]
    link = (
        f'<a class="button" href="tg://resolve?domain={escape(username)}">'
        f"{escape(text('web.back_button'))}</a>"
        if username
        else ""
    )
    title = text("web.payment_title")
    body = (
        f"<h1>{escape(title)}</h1><p>{escape(text(message))}</p>"
        f"<p>{escape(text('web.back_to_chat'))}</p>{link}"
    )
    return web.Response(text=html_page(title, _STYLE, body), content_type="text/html")


def setup_payments(app: web.Application, payments: Settlement, username: BotUsername) -> None:
    i18n = build_i18n()
    # The page is the company's, in its language: the browser does not say who the customer is.
    app[TEXTS_KEY] = lambda key: i18n.gettext(key, locale=DEFAULT_LOCALE)
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
