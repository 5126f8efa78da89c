"""`/outage` in the staff group's General topic: a power cut posted by staff.

The dialog asks what the grid company's file holds — planned or emergency, the branch, the
locality, the street, the houses, the start and the expected end, the reason — then shows the
outage with how many accounts and customers it reaches, and «Отправить» keeps it and tells its
customers what is due (an emergency at once; a planned one the day before and two hours before,
by the scheduler). Under a sent one «Свет дали» ends it and tells them the power is back. Only
staff (as for the other staff commands) start it and press its buttons; each answer is checked
as the import checks a file's row, and asked again when it does not fit.
"""

from __future__ import annotations

import contextlib
from datetime import datetime

from aiogram import Bot, Dispatcher, F, Router, html
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.methods import EditMessageText
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.fsm.outages import OutageDialog, OutageDialogData
from bot.handlers.outages.keyboards import (
    OutageAction,
    OutageButton,
    branches_keyboard,
    cancel_keyboard,
    confirm_keyboard,
    kind_keyboard,
    restored_keyboard,
)
from bot.handlers.outages.texts import when
from bot.staff_group import staff_group_sender
from bot.staff_members import InStaffChat, is_staff, pressed_by_staff
from bot.staff_texts import t
from core.cabinet import Cabinet
from core.outages.address import HousesError, parse_houses
from core.outages.service import OutageTimeInvalid, parse_time
from core.outages.views import OutageDraft, OutageKind, place_text

NOW_WORDS = {"сейчас", "now"}
NONE_WORDS = {"-", "—", "нет"}
MAX_TEXT = 150
MAX_REASON = 1000

_QUESTIONS = {
    OutageDialog.locality.state: "outages.staff_ask_locality",
    OutageDialog.street.state: "outages.staff_ask_street",
    OutageDialog.houses.state: "outages.staff_ask_houses",
    OutageDialog.starts_at.state: "outages.staff_ask_starts_at",
    OutageDialog.ends_at.state: "outages.staff_ask_ends_at",
    OutageDialog.reason.state: "outages.staff_ask_reason",
}


async def _say(
    message: Message,
    bot: Bot,
    dispatcher: Dispatcher,
    text: str,
    markup: InlineKeyboardMarkup | None = None,
) -> Message:
    return await staff_group_sender(dispatcher, bot, message.chat.id).reply(message, text, markup)


async def command(
    message: Message, bot: Bot, dispatcher: Dispatcher, cabinet: Cabinet, state: FSMContext
) -> None:
    if message.is_topic_message or not await is_staff(bot, cabinet.settings, message.from_user):
        await _say(message, bot, dispatcher, t("outages.staff_not_allowed"))
        return
    await state.set_state(OutageDialog.kind)
    await state.set_data(OutageDialogData().to_json())
    await _say(message, bot, dispatcher, t("outages.staff_ask_kind"), kind_keyboard())


async def cancel(message: Message, bot: Bot, dispatcher: Dispatcher, state: FSMContext) -> None:
    await state.clear()
    await _say(message, bot, dispatcher, t("outages.staff_cancelled"))


async def answered(
    message: Message, bot: Bot, dispatcher: Dispatcher, cabinet: Cabinet, state: FSMContext
) -> None:
    """A typed answer to the current question."""
    current = await state.get_state()
    data = OutageDialogData.from_json(await state.get_data())
    text = (message.text or "").strip()
    problem: str | None = None
    if current == OutageDialog.locality.state:
        if not text or len(text) > MAX_TEXT:
            problem = t("outages.staff_too_long").format(limit=MAX_TEXT)
        else:
            data.locality = text
            await _next(message, bot, dispatcher, state, data, OutageDialog.street)
            return
    elif current == OutageDialog.street.state:
        if len(text) > MAX_TEXT:
            problem = t("outages.staff_too_long").format(limit=MAX_TEXT)
        else:
            data.street = None if text.lower() in NONE_WORDS else text
            await _next(message, bot, dispatcher, state, data, OutageDialog.houses)
            return
    elif current == OutageDialog.houses.state:
        try:
            parse_houses(text)
        except HousesError as error:
            problem = html.quote(str(error))
        else:
            data.houses = text
            await _next(message, bot, dispatcher, state, data, OutageDialog.starts_at)
            return
    elif current == OutageDialog.starts_at.state:
        moment = _moment(text, cabinet)
        if moment is None:
            problem = t("outages.staff_bad_time")
        else:
            data.starts_at = moment.isoformat()
            await _next(message, bot, dispatcher, state, data, OutageDialog.ends_at)
            return
    elif current == OutageDialog.ends_at.state:
        moment = _moment(text, cabinet)
        starts_at = datetime.fromisoformat(data.starts_at or "")
        if moment is None:
            problem = t("outages.staff_bad_time")
        elif moment <= starts_at or moment <= cabinet.clock.now():
            problem = t("outages.staff_end_before_start")
        else:
            data.ends_at = moment.isoformat()
            await _next(message, bot, dispatcher, state, data, OutageDialog.reason)
            return
    elif current == OutageDialog.reason.state:
        if len(text) > MAX_REASON:
            problem = t("outages.staff_too_long").format(limit=MAX_REASON)
        else:
            data.reason = None if not text or text.lower() in NONE_WORDS else text
            await _preview(message, bot, dispatcher, cabinet, state, data)
            return
    question = t(_QUESTIONS.get(current or "", "outages.staff_use_buttons"))
    await _say(message, bot, dispatcher, f"{problem}\n{question}" if problem else question)


async def not_text(message: Message, bot: Bot, dispatcher: Dispatcher, state: FSMContext) -> None:
    current = await state.get_state()
    question = t(_QUESTIONS.get(current or "", "outages.staff_use_buttons"))
    await _say(message, bot, dispatcher, question, cancel_keyboard())


def _moment(text: str, cabinet: Cabinet) -> datetime | None:
    if text.lower() in NOW_WORDS:
        return cabinet.clock.now()
    try:
        return parse_time(text, cabinet.settings.tz)
    except OutageTimeInvalid:
        return None


async def _next(
    message: Message,
    bot: Bot,
    dispatcher: Dispatcher,
    state: FSMContext,
    data: OutageDialogData,
    step: State,
) -> None:
    await state.set_state(step)
    await state.set_data(data.to_json())
    key = _QUESTIONS[await state.get_state() or ""]
    await _say(message, bot, dispatcher, t(key), cancel_keyboard())


def _draft(data: OutageDialogData) -> OutageDraft:
    assert data.kind and data.branch and data.locality and data.houses
    assert data.starts_at and data.ends_at
    return OutageDraft(
        kind=OutageKind(data.kind),
        branch=data.branch,
        locality=data.locality,
        street=data.street,
        houses=data.houses,
        starts_at=datetime.fromisoformat(data.starts_at),
        ends_at=datetime.fromisoformat(data.ends_at),
        reason=data.reason,
    )


def _describe(draft: OutageDraft, cabinet: Cabinet) -> str:
    zone = cabinet.settings.tz
    kind = (
        t("outages.staff_kind_emergency")
        if draft.kind is OutageKind.EMERGENCY
        else t("outages.staff_kind_planned")
    )
    lines = [
        kind,
        html.quote(draft.branch),
        "📍 " + html.quote(place_text(draft.locality, draft.street, draft.houses)),
        "🕑 " + when(draft.starts_at.astimezone(zone), draft.ends_at.astimezone(zone), draft.kind),
    ]
    if draft.reason:
        lines.append(t("outages.reason").format(reason=html.quote(draft.reason)))
    return "\n".join(lines)


async def _preview(
    message: Message,
    bot: Bot,
    dispatcher: Dispatcher,
    cabinet: Cabinet,
    state: FSMContext,
    data: OutageDialogData,
) -> None:
    draft = _draft(data)
    reach = await cabinet.outages.reach(draft)
    await state.set_state(OutageDialog.confirm)
    await state.set_data(data.to_json())
    text = t("outages.staff_preview").format(
        outage=_describe(draft, cabinet), accounts=reach.accounts, customers=reach.customers
    )
    await _say(message, bot, dispatcher, text, confirm_keyboard())


async def pressed(
    query: CallbackQuery,
    callback_data: OutageButton,
    bot: Bot,
    dispatcher: Dispatcher,
    cabinet: Cabinet,
    state: FSMContext,
) -> None:
    if not await pressed_by_staff(query, bot, cabinet, refusal=t("outages.staff_not_allowed")):
        return
    message = query.message
    assert isinstance(message, Message)  # pressed_by_staff saw it in the staff group
    action = callback_data.action
    if action is OutageAction.RESTORED:
        told = await cabinet.outages.restore(callback_data.index)
        await query.answer()
        await _rewrite(message, bot, dispatcher, t("outages.staff_restored").format(count=told))
        return
    current = await state.get_state()
    data = OutageDialogData.from_json(await state.get_data())
    if current is None or not current.startswith(f"{OutageDialog.__full_group_name__}:"):
        await query.answer(t("outages.staff_stale"), show_alert=True)
        return
    if action is OutageAction.CANCEL:
        await state.clear()
        await query.answer()
        await _rewrite(message, bot, dispatcher, t("outages.staff_cancelled"))
        return
    if action in (OutageAction.PLANNED, OutageAction.EMERGENCY) and (
        current == OutageDialog.kind.state
    ):
        data.kind = action.value
        data.branches = await cabinet.outages.branches()
        await state.set_state(OutageDialog.branch)
        await state.set_data(data.to_json())
        await query.answer()
        if not data.branches:
            await state.clear()
            await _say(message, bot, dispatcher, t("outages.staff_no_accounts"))
            return
        await _say(
            message,
            bot,
            dispatcher,
            t("outages.staff_ask_branch"),
            branches_keyboard(data.branches),
        )
        return
    if action is OutageAction.BRANCH and current == OutageDialog.branch.state:
        if not 0 <= callback_data.index < len(data.branches):
            await query.answer(t("outages.staff_stale"), show_alert=True)
            return
        data.branch = data.branches[callback_data.index]
        await query.answer()
        await _next(message, bot, dispatcher, state, data, OutageDialog.locality)
        return
    if action is OutageAction.SEND and current == OutageDialog.confirm.state:
        await state.clear()
        await query.answer()
        external_id = f"staff:{message.chat.id}:{message.message_id}"
        outage_id, queued = await cabinet.outages.post(
            _draft(data), external_id, query.from_user.id
        )
        await _rewrite(
            message,
            bot,
            dispatcher,
            t("outages.staff_sent").format(count=queued),
            restored_keyboard(outage_id),
        )
        return
    await query.answer(t("outages.staff_stale"), show_alert=True)


async def _rewrite(
    message: Message,
    bot: Bot,
    dispatcher: Dispatcher,
    outcome: str,
    markup: InlineKeyboardMarkup | None = None,
) -> None:
    """The message under which a button was pressed, with the outcome below its text."""
    sender = staff_group_sender(dispatcher, bot, message.chat.id)
    with contextlib.suppress(TelegramBadRequest):  # deleted meanwhile, or the same text
        await sender.call(
            EditMessageText(
                chat_id=message.chat.id,
                message_id=message.message_id,
                text=(message.html_text or "") + "\n\n" + outcome,
                reply_markup=markup,
            )
        )


def create_router() -> Router:
    router = Router(name="outages_staff")
    router.message.register(command, Command("outage"), InStaffChat())
    general = ~F.is_topic_message.is_(True)
    dialog = StateFilter(OutageDialog)
    router.message.register(cancel, Command("cancel"), InStaffChat(), dialog)
    not_command = ~F.text.startswith("/")  # other commands (/broadcast) go their way
    typed = StateFilter(*_QUESTIONS)
    router.message.register(answered, InStaffChat(), general, F.text, not_command, typed)
    router.message.register(not_text, InStaffChat(), general, not_command, dialog)
    router.callback_query.register(pressed, OutageButton.filter())
    return router
