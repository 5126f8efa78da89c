"""«История» → Начисления, Платежи, График: periods with what was charged and a bill for each,
payments with a receipt for those made in the bot, and the 24-month chart as a picture."""

from __future__ import annotations

from aiogram import Router, html
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _

from bot.errors_text import error_text
from bot.filters.signed_in import SignedIn
from bot.formatting import local_date, local_datetime, period_name, rubles
from bot.handlers.common.account_owner import owns_account, show_page
from bot.handlers.history.keyboards import (
    ChargesPage,
    HistoryKind,
    PaymentsPage,
    ReceiptButton,
    charges_page_keyboard,
    payments_page_keyboard,
    receipt_keyboard,
)
from core.bills.chart import ChartLabels
from core.cabinet import Cabinet
from core.errors import CabinetError
from core.history.views import PaymentRecord, Receipt
from core.users.views import UserView

# A page's title starts with its icon (in every language): ‹ › turn that page in place.
CHARGES_ICON = "💰"
PAYMENTS_ICON = "💳"


async def open_kind(
    query: CallbackQuery, kind: HistoryKind, account_id: int, cabinet: Cabinet, user: UserView
) -> None:
    """The first screen of a kind (the caller has checked the account is the user's)."""
    if kind is HistoryKind.CHART:
        await _chart(query, account_id, cabinet, user)
        return
    await query.answer()
    if not isinstance(query.message, Message):
        return
    if kind is HistoryKind.CHARGES:
        text, keyboard = await _charges_page(cabinet, account_id, 1)
    else:
        text, keyboard = await _payments_page(cabinet, account_id, 1)
    await query.message.answer(text, reply_markup=keyboard)


async def charges_page(
    query: CallbackQuery, callback_data: ChargesPage, cabinet: Cabinet, user: UserView
) -> None:
    if not await owns_account(query, cabinet, user, callback_data.account_id):
        return
    text, keyboard = await _charges_page(cabinet, callback_data.account_id, callback_data.page)
    await show_page(query, CHARGES_ICON, text, keyboard)


async def payments_page(
    query: CallbackQuery, callback_data: PaymentsPage, cabinet: Cabinet, user: UserView
) -> None:
    if not await owns_account(query, cabinet, user, callback_data.account_id):
        return
    text, keyboard = await _payments_page(cabinet, callback_data.account_id, callback_data.page)
    await show_page(query, PAYMENTS_ICON, text, keyboard)


async def receipt_pressed(
    query: CallbackQuery, callback_data: ReceiptButton, cabinet: Cabinet, user: UserView
) -> None:
    if not await owns_account(query, cabinet, user, callback_data.account_id):
        return
    try:
        receipt = await cabinet.history.receipt(callback_data.account_id, callback_data.payment_id)
        if receipt.fiscal_document_number is None:
            # The bank had not registered the receipt yet when the payment was confirmed.
            await cabinet.payments.settlement.refresh_fiscal(user.id, callback_data.payment_id)
            receipt = await cabinet.history.receipt(
                callback_data.account_id, callback_data.payment_id
            )
    except CabinetError as refused:
        await query.answer(error_text(refused, cabinet.settings.tz), show_alert=True)
        return
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.answer(
            _receipt_text(receipt, cabinet), reply_markup=receipt_keyboard(receipt.ofd_url)
        )


async def _chart(query: CallbackQuery, account_id: int, cabinet: Cabinet, user: UserView) -> None:
    labels = ChartLabels(
        title=_("history.chart_title"),
        kwh_axis=_("history.chart_kwh"),
        rub_axis=_("history.chart_rub"),
        months=[name.strip() for name in _("history.chart_months").split(",")],
    )
    try:
        picture = await cabinet.bills.chart(user.id, account_id, labels)
    except CabinetError as refused:
        await query.answer(error_text(refused, cabinet.settings.tz), show_alert=True)
        return
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.answer_photo(
            BufferedInputFile(picture, filename="chart.png"), caption=_("history.chart_caption")
        )


async def _charges_page(
    cabinet: Cabinet, account_id: int, number: int
) -> tuple[str, InlineKeyboardMarkup]:
    page = await cabinet.history.charge_periods(account_id, number)
    lines = [_("history.charges_title").format(page=page.page, pages=page.pages), ""]
    if not page.items:
        lines.append(_("history.charges_none"))
    lines += [
        _("history.charge_row").format(
            period=period_name(row.period), amount=rubles(row.amount_kopecks)
        )
        for row in page.items
    ]
    return "\n".join(lines), charges_page_keyboard(account_id, page)


async def _payments_page(
    cabinet: Cabinet, account_id: int, number: int
) -> tuple[str, InlineKeyboardMarkup]:
    page = await cabinet.history.payments(account_id, number)
    zone = cabinet.settings.tz
    lines = [_("history.payments_title").format(page=page.page, pages=page.pages)]
    if not page.items:
        lines += ["", _("history.payments_none")]
    receipts: list[tuple[int, str]] = []
    for row in page.items:
        lines += ["", _payment_line(row, cabinet)]
        if row.has_receipt:
            receipts.append((row.id, local_date(row.paid_at or row.created_at, zone)))
    return "\n".join(lines), payments_page_keyboard(account_id, page, receipts)


def _payment_line(row: PaymentRecord, cabinet: Cabinet) -> str:
    return _("history.payment_row").format(
        date=local_date(row.paid_at or row.created_at, cabinet.settings.tz),
        amount=rubles(row.amount_kopecks),
        purpose=html.quote(row.purpose),
        source=(
            _(f"history.payment_source_{row.source_code.value}")
            if row.source_code is not None
            else html.quote(row.source)
        ),
        status=_(f"history.payment_status_{row.status.value}"),
    )


def _receipt_text(receipt: Receipt, cabinet: Cabinet) -> str:
    zone = cabinet.settings.tz
    missing = _("history.receipt_missing")

    def shown(value: str | None) -> str:
        return html.quote(value) if value else missing

    lines = [
        _("history.receipt_title").format(payment_id=receipt.payment_id),
        _("history.receipt_time").format(
            time=local_datetime(receipt.paid_at, zone) if receipt.paid_at else missing
        ),
        _("history.receipt_amount").format(amount=rubles(receipt.amount_kopecks)),
        _("history.receipt_account").format(number=html.quote(receipt.account_number)),
        _("history.receipt_address").format(address=html.quote(receipt.address)),
        _("history.receipt_tariff").format(tariff=html.quote(receipt.tariff)),
        _("history.receipt_meter").format(serial=shown(receipt.meter_serial)),
        _("history.receipt_meter_model").format(model=shown(receipt.meter_model)),
        _("history.receipt_meter_digits").format(
            digits=receipt.meter_digits if receipt.meter_digits else missing
        ),
        _("history.receipt_purpose").format(purpose=html.quote(receipt.purpose)),
        _("history.receipt_status").format(
            status=_(f"history.payment_status_{receipt.status.value}")
        ),
        "",
        _("history.receipt_fiscal"),
        _("history.receipt_fd").format(value=shown(receipt.fiscal_document_number)),
        _("history.receipt_fp").format(value=shown(receipt.fiscal_sign)),
        _("history.receipt_fn").format(value=shown(receipt.fiscal_drive_number)),
        _("history.receipt_rn").format(value=shown(receipt.ecr_registration_number)),
        _("history.receipt_at").format(
            time=local_datetime(receipt.receipt_at, zone) if receipt.receipt_at else missing
        ),
    ]
    if receipt.masked_pan:
        lines.append(_("history.receipt_card").format(card=html.quote(receipt.masked_pan)))
    if receipt.ofd_url:
        lines.append(_("history.receipt_link").format(url=html.quote(receipt.ofd_url)))
    return "\n".join(lines)


def register(router: Router) -> None:
    """Onto the history router (private chats only)."""
    router.callback_query.register(charges_page, ChargesPage.filter(), SignedIn())
    router.callback_query.register(payments_page, PaymentsPage.filter(), SignedIn())
    router.callback_query.register(receipt_pressed, ReceiptButton.filter(), SignedIn())
