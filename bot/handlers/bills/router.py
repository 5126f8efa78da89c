"""«Квитанция»: a period's bill as a PDF document, from «Главная», the charges history and the
new-bill notification (`BillButton`). The account is re-checked on the server at every press."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.errors_text import error_text
from bot.filters.private_chat import pressed_in_private_chat
from bot.filters.signed_in import SignedIn
from bot.formatting import period_name, rubles
from bot.handlers.bills.keyboards import BillButton
from core.bills.service import BillDocument
from core.cabinet import Cabinet
from core.errors import CabinetError
from core.readings.periods import parse_period
from core.users.views import UserView


async def send_bill(message: Message, document: BillDocument) -> None:
    if document.total_kopecks > 0:
        total = _("bills.caption_total").format(amount=rubles(document.total_kopecks))
    elif document.total_kopecks < 0:
        total = _("bills.caption_overpaid").format(amount=rubles(-document.total_kopecks))
    else:
        total = _("bills.caption_nothing_due")
    await message.answer_document(
        BufferedInputFile(document.content, filename=document.file_name),
        caption=_("bills.caption").format(period=period_name(document.period), total=total),
    )


async def bill_for(
    query: CallbackQuery, cabinet: Cabinet, user: UserView, account_id: int, period: str | None
) -> None:
    """Answers a press with the bill of `period` (None: the latest), or says why there is none."""
    try:
        document = await cabinet.bills.bill(user.id, account_id, period)
    except CabinetError as refused:
        await query.answer(error_text(refused, cabinet.settings.tz), show_alert=True)
        return
    await query.answer()
    if isinstance(query.message, Message):
        await send_bill(query.message, document)


async def bill_pressed(
    query: CallbackQuery, callback_data: BillButton, cabinet: Cabinet, user: UserView
) -> None:
    if not _is_period(callback_data.period):  # crafted data
        await query.answer(_("error.no_bill"), show_alert=True)
        return
    await bill_for(query, cabinet, user, callback_data.account_id, callback_data.period)


def _is_period(text: str) -> bool:
    try:
        year, month = parse_period(text)
    except ValueError:
        return False
    return len(text) == 7 and 2000 <= year <= 2100 and 1 <= month <= 12


def create_router() -> Router:
    router = Router(name="bills")
    router.callback_query.filter(pressed_in_private_chat)
    router.callback_query.register(bill_pressed, BillButton.filter(), SignedIn())
    return router
