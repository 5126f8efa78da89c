"""«История»: the account (skipped with one), then what to see. Readings: per account and meter,
newest first, ten rows a page with ‹ ›, and the photo of the meter a reading was sent with.
Charges and payments, how they look, live in `money.py`; this module routes to them.
"""

from __future__ import annotations

from itertools import groupby
from pathlib import Path

from aiogram import Router, html
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, FSInputFile, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _

from bot.errors_text import error_text
from bot.filters.private_chat import pressed_in_private_chat
from bot.filters.signed_in import SignedIn
from bot.formatting import kwh, local_date
from bot.handlers.common.account_owner import owns_account, show_page
from bot.handlers.history import money
from bot.handlers.history.keyboards import (
    HistoryAccount,
    HistoryAccounts,
    HistoryKind,
    HistoryKindButton,
    ReadingPhoto,
    ReadingsPage,
    accounts_keyboard,
    kinds_keyboard,
    meters_keyboard,
    readings_page_keyboard,
)
from bot.handlers.home.keyboards import add_account_button
from bot.handlers.menu.keyboard import main_menu
from core.cabinet import Cabinet
from core.enums import ReadingStatus
from core.errors import CabinetError
from core.history.views import ReadingRecord
from core.photos import PhotoStore
from core.readings.photo_of import photo_of_reading
from core.readings.service import REPLACED_SAME_DAY
from core.readings.zones import zone_name
from core.users.views import UserView

# The readings page's title starts with it (in every language): a page turns in place.
READINGS_ICON = "📈"


async def open_section(
    message: Message, state: FSMContext, cabinet: Cabinet, user: UserView | None
) -> None:
    await state.clear()
    if user is None:  # the menu signs people in first; this only guards a direct call
        return
    accounts = await cabinet.accounts.active_accounts(user.id)
    if not accounts:
        await message.answer(_("history.no_accounts"), reply_markup=main_menu())
    elif len(accounts) == 1:
        await open_account_history(message, accounts[0].number, accounts[0].account_id)
    else:
        await message.answer(_("history.choose_account"), reply_markup=accounts_keyboard(accounts))


async def open_account_history(message: Message, number: str, account_id: int) -> None:
    """What there is to see of one account (the caller has checked it is the user's)."""
    await message.answer(
        _("history.account_title").format(number=html.quote(number)),
        reply_markup=kinds_keyboard(account_id),
    )


async def open_for_account(
    message: Message, state: FSMContext, cabinet: Cabinet, user: UserView, account_id: int
) -> None:
    """From an account's card on «Главная» (the caller has checked it is the user's)."""
    await state.clear()
    linked = {a.account_id: a.number for a in await cabinet.accounts.list_accounts(user.id)}
    await open_account_history(message, linked.get(account_id, ""), account_id)


async def account_chosen(
    query: CallbackQuery, callback_data: HistoryAccount, cabinet: Cabinet, user: UserView
) -> None:
    if not await owns_account(query, cabinet, user, callback_data.account_id):
        return
    linked = {a.account_id: a.number for a in await cabinet.accounts.list_accounts(user.id)}
    await query.answer()
    if isinstance(query.message, Message):
        await open_account_history(
            query.message, linked.get(callback_data.account_id, ""), callback_data.account_id
        )


async def other_account(query: CallbackQuery, cabinet: Cabinet, user: UserView) -> None:
    """«Другой лицевой счёт» under a history page: the accounts to choose from again."""
    await query.answer()
    if not isinstance(query.message, Message):
        return
    accounts = await cabinet.accounts.active_accounts(user.id)
    if not accounts:
        await query.message.answer(_("history.no_accounts"), reply_markup=main_menu())
        return
    markup = accounts_keyboard(accounts)
    markup.inline_keyboard.append([add_account_button()])
    await query.message.answer(_("history.choose_account"), reply_markup=markup)


async def kind_chosen(
    query: CallbackQuery, callback_data: HistoryKindButton, cabinet: Cabinet, user: UserView
) -> None:
    if not await owns_account(query, cabinet, user, callback_data.account_id):
        return
    if callback_data.kind is not HistoryKind.READINGS:
        await money.open_kind(query, callback_data.kind, callback_data.account_id, cabinet, user)
        return
    meters = await cabinet.readings.meters_for(callback_data.account_id)
    await query.answer()
    if not isinstance(query.message, Message):
        return
    if len(meters) > 1:
        await query.message.answer(
            _("history.choose_meter"),
            reply_markup=meters_keyboard(callback_data.account_id, meters),
        )
        return
    meter_id = meters[0].id if meters else 0
    text, keyboard = await _readings_page(cabinet, callback_data.account_id, meter_id, 1)
    await query.message.answer(text, reply_markup=keyboard)


async def readings_page(
    query: CallbackQuery, callback_data: ReadingsPage, cabinet: Cabinet, user: UserView
) -> None:
    if not await owns_account(query, cabinet, user, callback_data.account_id):
        return
    text, keyboard = await _readings_page(
        cabinet, callback_data.account_id, callback_data.meter_id, callback_data.page
    )
    await show_page(query, READINGS_ICON, text, keyboard)


async def photo_pressed(
    query: CallbackQuery, callback_data: ReadingPhoto, cabinet: Cabinet, user: UserView
) -> None:
    if not await owns_account(query, cabinet, user, callback_data.account_id):
        return
    try:
        path = await photo_of_reading(
            cabinet.uow_factory, callback_data.account_id, callback_data.reading_id
        )
    except CabinetError as refused:
        await query.answer(error_text(refused, cabinet.settings.tz), show_alert=True)
        return
    await query.answer()
    if not isinstance(query.message, Message):
        return
    photo = FSInputFile(PhotoStore(Path(cabinet.settings.files_dir)).absolute(path))
    if path.endswith((".jpg", ".png")):
        await query.message.answer_photo(photo, caption=_("history.photo_caption"))
    else:  # HEIC: Telegram shows only JPEG and PNG as photos
        await query.message.answer_document(photo, caption=_("history.photo_caption"))


async def _readings_page(
    cabinet: Cabinet, account_id: int, meter_id: int, page_number: int
) -> tuple[str, InlineKeyboardMarkup]:
    page = await cabinet.history.readings(account_id, page_number, meter_id or None)
    zones = {meter.id: len(meter.zones) for meter in await cabinet.readings.meters_for(account_id)}
    lines = [
        _("history.readings_title").format(page=page.page, pages=page.pages),
    ]
    photos: list[tuple[int, str]] = []
    if not page.items:
        lines.append(_("history.readings_none"))
    for _key, rows in groupby(page.items, key=lambda row: (row.meter_id, row.taken_at)):
        moment = list(rows)
        lines += ["", *_moment_lines(moment, zones, cabinet)]
        photo = next((row for row in moment if row.photo_path), None)
        if photo is not None:
            photos.append((photo.id, local_date(photo.taken_at, cabinet.settings.tz)))
    return "\n".join(lines), readings_page_keyboard(account_id, meter_id, page, photos)


def _moment_lines(
    moment: list[ReadingRecord], zones: dict[int, int], cabinet: Cabinet
) -> list[str]:
    first = moment[0]
    status = _(f"history.status_{first.status.value}")
    if first.status is ReadingStatus.REJECTED and first.reject_reason:
        reason = (
            _("history.reason_replaced_same_day")
            if first.reject_reason == REPLACED_SAME_DAY
            else html.quote(first.reject_reason)  # billing's own words
        )
        status = _("history.status_rejected_because").format(reason=reason)
    lines = [
        _("history.reading_title").format(
            date=local_date(first.taken_at, cabinet.settings.tz),
            serial=html.quote(first.meter_serial),
            source=_(f"history.source_{first.source.value}"),
            status=status,
        )
    ]
    for row in moment:
        name = html.quote(zone_name(row.zone, zones.get(row.meter_id, 1)))
        used = (
            _("history.reading_consumption").format(consumption=kwh(row.consumption))
            if row.consumption is not None
            else ""
        )
        lines.append(_("history.reading_zone").format(name=name, value=kwh(row.value), used=used))
    if first.photo_path:
        lines.append(_("history.reading_photo"))
    return lines


def create_router() -> Router:
    router = Router(name="history")
    router.callback_query.filter(pressed_in_private_chat)
    router.callback_query.register(account_chosen, HistoryAccount.filter(), SignedIn())
    router.callback_query.register(other_account, HistoryAccounts.filter(), SignedIn())
    router.callback_query.register(kind_chosen, HistoryKindButton.filter(), SignedIn())
    router.callback_query.register(readings_page, ReadingsPage.filter(), SignedIn())
    router.callback_query.register(photo_pressed, ReadingPhoto.filter(), SignedIn())
    money.register(router)
    return router
