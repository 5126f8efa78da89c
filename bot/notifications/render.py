"""A notification's kind and payload, in its reader's language, as the Bot API calls that send it.

Most kinds are one message; a staff answer may be several: a text too long for one message is
cut into parts (`text_parts`), and attachments carry the text as their caption, or come first
with the text after them when it is too long for a caption. Every value from the payload is
escaped.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from aiogram import html
from aiogram.methods import SendDocument, SendMediaGroup, SendMessage, SendPhoto, TelegramMethod
from aiogram.types import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaDocument,
    InputMediaPhoto,
)
from aiogram.utils.i18n import gettext as _

from bot.formatting import period_name, rubles
from bot.handlers.bills.keyboards import bill_button
from bot.handlers.documents.keyboards import DocumentsAction, DocumentsButton
from bot.handlers.outages.texts import notice as outage_notice
from bot.i18n import DEFAULT_LOCALE, SUPPORTED_LOCALES, PoCatalogI18n
from bot.notifications.buttons import NotifyAction, NotifyButton
from bot.notifications.text_parts import (
    CAPTION_LIMIT,
    TEXT_LIMIT,
    split_text,
    telegram_length,
    visible_length,
)
from core.enums import NotificationKind, ServiceRequestStatus
from core.notifications.delivery import Due
from core.support.catalogue import service_of

Payload = dict[str, Any]


def render(due: Due, i18n: PoCatalogI18n) -> list[TelegramMethod[Any]]:
    locale = due.language if due.language in SUPPORTED_LOCALES else DEFAULT_LOCALE
    with i18n.context(), i18n.use_locale(locale):
        if due.kind is NotificationKind.STAFF_ANSWER:
            return _staff_answer(due.chat_id, due.payload)
        text, keyboard = _TEXTS[due.kind](due.payload)
        return [SendMessage(chat_id=due.chat_id, text=text, reply_markup=keyboard)]


Keyboard = InlineKeyboardMarkup | None


def _day(value: str) -> str:
    return date.fromisoformat(value).strftime("%d.%m.%Y")


def _readings_keyboard() -> InlineKeyboardMarkup:
    button = InlineKeyboardButton(
        text=_("notifications.button_send_readings"),
        callback_data=NotifyButton(action=NotifyAction.READINGS).pack(),
    )
    return InlineKeyboardMarkup(inline_keyboard=[[button]])


def _window_opens(payload: Payload) -> tuple[str, Keyboard]:
    text = _("notifications.window_opens").format(
        period=period_name(payload["period"]), closes_on=_day(payload["closes_on"])
    )
    return text, _readings_keyboard()


def _window_closing(payload: Payload) -> tuple[str, Keyboard]:
    text = _("notifications.window_closing").format(
        period=period_name(payload["period"]), closes_on=_day(payload["closes_on"])
    )
    return text, _readings_keyboard()


def _new_bill(payload: Payload) -> tuple[str, Keyboard]:
    account_id = int(payload["account_id"])
    text = _("notifications.new_bill").format(
        number=html.quote(str(payload["account_number"])),
        period=period_name(payload["period"]),
        total=rubles(int(payload["total_kopecks"])),
    )
    pay = InlineKeyboardButton(
        text=_("notifications.button_pay"),
        callback_data=NotifyButton(action=NotifyAction.PAY, account_id=account_id).pack(),
    )
    bill = bill_button(account_id, str(payload["period"]), _("notifications.button_bill"))
    return text, InlineKeyboardMarkup(inline_keyboard=[[pay, bill]])


def _payment(key: str) -> Callable[[Payload], tuple[str, Keyboard]]:
    def text(payload: Payload) -> tuple[str, Keyboard]:
        return _(key).format(
            number=html.quote(str(payload["account_number"])),
            amount=rubles(int(payload["amount_kopecks"])),
        ), None

    return text


def _link_decided(payload: Payload) -> tuple[str, Keyboard]:
    number = html.quote(str(payload["account_number"]))
    if payload["approved"]:
        return _("staff.customer_approved").format(number=number), None
    reason = html.quote(str(payload.get("reason") or ""))
    return _("staff.customer_rejected").format(number=number, reason=reason), None


def _request_changed(payload: Payload) -> tuple[str, Keyboard]:
    lines = [
        _("notifications.request_changed").format(
            request_id=int(payload["request_id"]),
            service=_service_name(str(payload.get("service") or "")),
            status=_status_name(str(payload["status"])),
        )
    ]
    if payload.get("scheduled_on"):
        lines.append(
            _("notifications.request_scheduled").format(day=_day(str(payload["scheduled_on"])))
        )
    if payload.get("reason"):
        lines.append(
            _("notifications.request_reason").format(reason=html.quote(str(payload["reason"])))
        )
    return "\n".join(lines), None


def _service_name(code: str) -> str:
    """The service's name as the order dialog shows it; a code the catalogue no longer has (a
    row enqueued by an older release) is shown as it is rather than lost."""
    service = service_of(code)
    return _(f"services.name_{service.value}") if service else html.quote(code)


def _status_name(status: str) -> str:
    if status in {member.value for member in ServiceRequestStatus}:
        return _(f"notifications.request_status_{status}")
    return html.quote(status)


def _verification_due(payload: Payload) -> tuple[str, Keyboard]:
    return _("notifications.verification_due").format(
        serial=html.quote(str(payload["serial"])),
        number=html.quote(str(payload["account_number"])),
        due_on=_day(str(payload["due_on"])),
    ), None


def _payment_due(payload: Payload) -> tuple[str, Keyboard]:
    text = _("notifications.payment_due").format(
        number=html.quote(str(payload["account_number"])),
        debt=rubles(int(payload["debt_kopecks"])),
        due_on=_day(str(payload["due_on"])),
    )
    pay = InlineKeyboardButton(
        text=_("notifications.button_pay"),
        callback_data=NotifyButton(
            action=NotifyAction.PAY, account_id=int(payload["account_id"])
        ).pack(),
    )
    return text, InlineKeyboardMarkup(inline_keyboard=[[pay]])


def _new_document(payload: Payload) -> tuple[str, Keyboard]:
    text = _("documents.new").format(
        number=html.quote(str(payload["account_number"])), title=html.quote(str(payload["title"]))
    )
    data = DocumentsButton(action=DocumentsAction.OPEN, document_id=int(payload["document_id"]))
    button = InlineKeyboardButton(text=_("documents.button_open"), callback_data=data.pack())
    return text, InlineKeyboardMarkup(inline_keyboard=[[button]])


def _broadcast(payload: Payload) -> tuple[str, Keyboard]:
    return _("notifications.broadcast").format(text=html.quote(str(payload["text"]))), None


def _phone_changed(payload: Payload) -> tuple[str, Keyboard]:
    return _("notifications.phone_changed").format(phone=html.quote(str(payload["phone"]))), None


def _staff_answer(chat_id: int, payload: Payload) -> list[TelegramMethod[Any]]:
    """The answer under its heading. A text longer than a message goes as several messages;
    with attachments it is their caption when it fits there, else it follows them (the caption
    is then the heading alone)."""
    body = str(payload.get("text") or "")
    body = body if body.strip() else ""
    heading = _("notifications.staff_answer")
    attachments = [a for a in payload.get("attachments") or [] if a.get("file_id")]
    if not attachments:
        if not body:
            return [SendMessage(chat_id=chat_id, text=_("notifications.staff_answer_empty"))]
        return _texts(chat_id, body, heading)
    caption: str | None = None
    after: list[TelegramMethod[Any]] = []
    if body and _heading_length(heading) + telegram_length(body) <= CAPTION_LIMIT:
        caption = heading.format(text=html.quote(body))
    elif body:
        caption = heading.format(text="").strip()
        after = _texts(chat_id, body)
    methods: list[TelegramMethod[Any]] = []
    if len(attachments) == 1:
        only = attachments[0]
        if only.get("kind") == "document":
            methods.append(SendDocument(chat_id=chat_id, document=only["file_id"], caption=caption))
        else:
            methods.append(SendPhoto(chat_id=chat_id, photo=only["file_id"], caption=caption))
        return methods + after
    photos = [a for a in attachments if a.get("kind") != "document"]
    documents = [a for a in attachments if a.get("kind") == "document"]
    # An album is all photos or all documents; a mixed answer is two albums (or a single item).
    for group in (photos, documents):
        if not group:
            continue
        methods.append(_album(chat_id, group[:10], caption))
        caption = None
    return methods + after


def _texts(chat_id: int, body: str, heading: str | None = None) -> list[TelegramMethod[Any]]:
    """`body` as messages within Telegram's limit, the first under `heading` when given. The
    plain text is cut before it is escaped, so each part's visible length is what was counted."""
    room = TEXT_LIMIT - (_heading_length(heading) if heading else 0)
    texts = [html.quote(part) for part in split_text(body, TEXT_LIMIT, first_limit=room)]
    if heading:
        texts[0] = heading.format(text=texts[0])
    return [SendMessage(chat_id=chat_id, text=text) for text in texts]


def _heading_length(heading: str) -> int:
    """What the heading adds to the answer's text (the template without the text)."""
    return visible_length(heading.format(text=""))


def _album(chat_id: int, group: list[dict[str, str]], caption: str | None) -> TelegramMethod[Any]:
    """Photos or documents (not both) as an album, the caption on the first; one alone as such."""
    captions = [caption] + [None] * (len(group) - 1)
    as_documents = group[0].get("kind") == "document"
    if len(group) == 1:
        if as_documents:
            return SendDocument(chat_id=chat_id, document=group[0]["file_id"], caption=caption)
        return SendPhoto(chat_id=chat_id, photo=group[0]["file_id"], caption=caption)
    media: list[InputMediaPhoto | InputMediaDocument] = [
        InputMediaDocument(media=item["file_id"], caption=text)
        if as_documents
        else InputMediaPhoto(media=item["file_id"], caption=text)
        for item, text in zip(group, captions, strict=True)
    ]
    return SendMediaGroup(chat_id=chat_id, media=media)  # type: ignore[arg-type]


_TEXTS: dict[NotificationKind, Callable[[Payload], tuple[str, Keyboard]]] = {
    NotificationKind.WINDOW_OPENS: _window_opens,
    NotificationKind.WINDOW_CLOSING: _window_closing,
    NotificationKind.NEW_BILL: _new_bill,
    NotificationKind.PAYMENT_CONFIRMED: _payment("notifications.payment_confirmed"),
    NotificationKind.PAYMENT_DECLINED: _payment("notifications.payment_declined"),
    NotificationKind.LINK_DECIDED: _link_decided,
    NotificationKind.SERVICE_REQUEST_CHANGED: _request_changed,
    NotificationKind.VERIFICATION_DUE: _verification_due,
    NotificationKind.BROADCAST: _broadcast,
    NotificationKind.OUTAGE: lambda payload: (outage_notice(payload), None),
    NotificationKind.PHONE_CHANGED: _phone_changed,
    NotificationKind.PAYMENT_DUE: _payment_due,
    NotificationKind.NEW_DOCUMENT: _new_document,
}
