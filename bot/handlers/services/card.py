"""A service request's card in the customer's topic: what was ordered, its status, and the
buttons its status allows. Written again in place after every change."""

from __future__ import annotations

from aiogram import Bot, Dispatcher, html
from aiogram.methods import EditMessageText, SendMessage

from bot.formatting import local_date, local_datetime
from bot.handlers.services.keyboards import request_card_keyboard
from bot.handlers.support.topic import customer_topic, group_sender
from bot.staff_group import StaffGroupSender
from bot.staff_texts import STAFF_LOCALE, t
from core.cabinet import Cabinet
from core.enums import ServiceRequestStatus
from core.support.views import ServiceRequestView


def request_card_text(request: ServiceRequestView, cabinet: Cabinet, who: str | None = None) -> str:
    lines = [
        t("services.staff_card").format(
            request_id=request.id,
            service=t(f"services.name_{request.service.value}"),
            where=_where(request),
            date=local_date(request.preferred_date, cabinet.settings.tz)
            if request.preferred_date
            else t("services.any_date"),
            comment=html.quote(request.comment) if request.comment else "—",
            created=local_datetime(request.created_at, cabinet.settings.tz),
        ),
        t("services.staff_status").format(status=t(f"services.status_{request.status.value}")),
    ]
    if request.status is ServiceRequestStatus.SCHEDULED and request.scheduled_on:
        scheduled = local_date(request.scheduled_on, cabinet.settings.tz)
        lines.append(t("services.staff_scheduled_on").format(date=scheduled))
    if request.status is ServiceRequestStatus.REFUSED and request.status_reason:
        lines.append(t("services.staff_reason").format(reason=html.quote(request.status_reason)))
    if who:
        lines.append(t("services.staff_changed_by").format(who=who))
    return "\n".join(lines)


def _where(request: ServiceRequestView) -> str:
    """The account (and the meter), or, for a contract without one, who and where."""
    if request.account_id is None:
        return t("services.staff_card_applicant").format(
            address=html.quote(request.address),
            holder=html.quote(request.holder_name or ""),
            phone=html.quote(request.contact_phone or ""),
        )
    where = t("services.staff_card_account").format(
        number=html.quote(request.account_number), address=html.quote(request.address)
    )
    if request.meter_serial:
        meter = t("services.staff_card_meter").format(serial=html.quote(request.meter_serial))
        where = f"{where}\n{meter}"
    return where


async def post_request_card(
    bot: Bot,
    dispatcher: Dispatcher,
    cabinet: Cabinet,
    request: ServiceRequestView,
    telegram_name: str,
) -> None:
    topic_id = await customer_topic(bot, dispatcher, cabinet, request.user_id, telegram_name)
    sender = group_sender(bot, dispatcher, cabinet)
    posted = await sender.post(
        SendMessage(
            chat_id=sender.chat_id,
            message_thread_id=topic_id,
            text=request_card_text(request, cabinet),
            reply_markup=request_card_keyboard(request.id, request.status, STAFF_LOCALE),
        )
    )
    await cabinet.service_requests.remember_card(request.id, posted.message_id)


async def rewrite_card(
    sender: StaffGroupSender,
    cabinet: Cabinet,
    request: ServiceRequestView,
    message_id: int,
    who: str,
) -> None:
    await sender.call(
        EditMessageText(
            chat_id=sender.chat_id,
            message_id=request.staff_message_id or message_id,
            text=request_card_text(request, cabinet, who),
            reply_markup=request_card_keyboard(request.id, request.status, STAFF_LOCALE),
        )
    )
