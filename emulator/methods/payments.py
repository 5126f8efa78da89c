"""sendInvoice, createInvoiceLink, answerPreCheckoutQuery."""

from __future__ import annotations

import secrets

from emulator.errors import bad_request
from emulator.methods.call import Call, Handler
from emulator.methods.common import post
from emulator.world import JsonDict

STARS = "XTR"
INVOICE_LINK_PREFIX = "https://t.me/$"


def invoice_terms(call: Call) -> JsonDict:
    """The invoice as the payment flow needs it, after Telegram's checks."""
    title, description, payload = call.get("title"), call.get("description"), call.get("payload")
    if not 1 <= len(title) <= 32:
        raise bad_request("INVOICE_TITLE_EMPTY" if not title else "INVOICE_TITLE_TOO_LONG")
    if not 1 <= len(description) <= 255:
        raise bad_request(
            "INVOICE_DESCRIPTION_EMPTY" if not description else "INVOICE_DESCRIPTION_TOO_LONG"
        )
    if not 1 <= len(payload.encode("utf-8")) <= 128:
        raise bad_request("INVOICE_PAYLOAD_INVALID")
    currency = call.get("currency")
    provider_token = call.get("provider_token") or ""
    if (currency == STARS) == bool(provider_token):
        raise bad_request("PAYMENT_PROVIDER_INVALID")
    prices: list[JsonDict] = call.get("prices")
    total = sum(price["amount"] for price in prices)
    if not prices or total <= 0:
        raise bad_request("CURRENCY_TOTAL_AMOUNT_INVALID")
    return {
        "title": title,
        "description": description,
        "payload": payload,
        "currency": currency,
        "total_amount": total,
        "start_parameter": call.get("start_parameter") or "",
    }


async def send_invoice(call: Call) -> JsonDict:
    chat = call.world.writable_chat(call.chat_id())
    terms = invoice_terms(call)
    invoice = {
        k: terms[k] for k in ("title", "description", "start_parameter", "currency", "total_amount")
    }
    stored = post(call, chat, {"invoice": invoice})
    call.world.invoices[(chat.id, stored.message_id)] = terms
    return stored.data


async def create_invoice_link(call: Call) -> str:
    terms = invoice_terms(call)
    slug = secrets.token_urlsafe(12)
    call.world.invoice_links[slug] = terms
    return INVOICE_LINK_PREFIX + slug


async def answer_pre_checkout_query(call: Call) -> bool:
    pending = call.world.pre_checkouts.get(call.get("pre_checkout_query_id"))
    if pending is None or pending.answered.is_set():
        raise bad_request("QUERY_ID_INVALID")
    ok = bool(call.get("ok"))
    error_message = call.get("error_message")
    if not ok and not error_message:
        raise bad_request("ERROR_MESSAGE_EMPTY")
    pending.ok = ok
    pending.error_message = error_message
    pending.answered.set()
    return True


HANDLERS: dict[str, Handler] = {
    "sendInvoice": send_invoice,
    "createInvoiceLink": create_invoice_link,
    "answerPreCheckoutQuery": answer_pre_checkout_query,
}
