"""Service requests in the staff group: the buttons on a request's card (in the customer's
topic) move it — «Принять», «Назначить дату» (the date asked as text ДД.ММ.ГГГГ), «Выполнено»,
«Отказать» (the reason asked as a reply). Only staff press, and only on the card in the topic of
the request's own customer; the customer hears of each change through the outbox.
"""

from __future__ import annotations

from contextlib import suppress

from aiogram import Bot, Dispatcher, F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command, Filter, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.methods import EditMessageText
from aiogram.types import CallbackQuery, Message

from bot.formatting import local_date
from bot.fsm.support import STAFF_PROMPT, RequestPrompt, SupportStaffPrompt
from bot.handlers.services.card import rewrite_card
from bot.handlers.services.keyboards import ACTION_STATUS, RequestAction, RequestButton
from bot.handlers.staff.support import reply_in_topic
from bot.staff_group import StaffGroupSender, staff_group_sender
from bot.staff_members import InStaffChat, is_staff, pressed_by_staff
from bot.staff_texts import t, who
from core.cabinet import Cabinet
from core.errors import CabinetError
from core.support.dates import parse_date
from core.support.errors import (
    PreferredDateOutOfRange,
    ReasonRequired,
    ServiceRequestAlreadyDecided,
    ServiceRequestNotFound,
)
from core.support.requests import MAX_REASON_LENGTH
from core.support.views import ServiceRequestView


async def _request_on_its_card(
    query: CallbackQuery, cabinet: Cabinet, request_id: int
) -> ServiceRequestView | None:
    """The request, when the press came from a card in its own customer's topic."""
    message = query.message
    if not isinstance(message, Message) or message.message_thread_id is None:
        return None
    try:
        request = await cabinet.service_requests.get(request_id)
    except ServiceRequestNotFound:
        return None
    thread = await cabinet.support.thread_by_topic(message.message_thread_id)
    return request if thread is not None and thread.user_id == request.user_id else None


async def button_pressed(
    query: CallbackQuery,
    callback_data: RequestButton,
    bot: Bot,
    dispatcher: Dispatcher,
    cabinet: Cabinet,
    state: FSMContext,
) -> None:
    if not await pressed_by_staff(query, bot, cabinet):
        return
    request = await _request_on_its_card(query, cabinet, callback_data.request_id)
    if request is None:
        await query.answer(t("services.staff_not_this_card"), show_alert=True)
        return
    assert isinstance(query.message, Message) and cabinet.settings.staff_chat_id is not None
    sender = staff_group_sender(dispatcher, bot, cabinet.settings.staff_chat_id)
    action = callback_data.action
    if not cabinet.service_requests.can_move(request.status, ACTION_STATUS[action]):
        await query.answer(t("services.staff_already_decided"), show_alert=True)
        return
    if action in (RequestAction.SCHEDULE, RequestAction.REFUSE):
        await _ask(query, query.message, request, action, sender, state)
        return
    try:
        if action is RequestAction.ACCEPT:
            changed = await cabinet.service_requests.accept(request.id, query.from_user.id)
        else:
            changed = await cabinet.service_requests.done(request.id, query.from_user.id)
    except ServiceRequestAlreadyDecided:
        await query.answer(t("services.staff_already_decided"), show_alert=True)
        return
    await query.answer(t(f"services.status_{changed.status.value}"))
    await rewrite_card(sender, cabinet, changed, query.message.message_id, who(query.from_user))


async def _ask(
    query: CallbackQuery,
    card: Message,
    request: ServiceRequestView,
    action: RequestAction,
    sender: StaffGroupSender,
    state: FSMContext,
) -> None:
    await query.answer()
    key = (
        "services.staff_ask_date"
        if action is RequestAction.SCHEDULE
        else "services.staff_ask_reason"
    )
    prompt = await sender.reply(
        card, t(key).format(request_id=request.id, who=who(query.from_user))
    )
    step = (
        SupportStaffPrompt.date if action is RequestAction.SCHEDULE else SupportStaffPrompt.reason
    )
    asked = RequestPrompt(request.id, card.message_thread_id, card.message_id, prompt.message_id)
    await STAFF_PROMPT.save(state, step, asked)


PROMPT_STEPS = (SupportStaffPrompt.date.state, SupportStaffPrompt.reason.state)


class InPromptTopic(Filter):
    """The staff member writes in the topic where the bot asked them (elsewhere, what they
    write is an answer to that topic's customer as usual)."""

    async def __call__(self, message: Message, state: FSMContext, raw_state: str | None) -> bool:
        if message.message_thread_id is None or raw_state not in PROMPT_STEPS:
            return False
        return message.message_thread_id == (await STAFF_PROMPT.load(state)).topic_id


async def date_given(
    message: Message, bot: Bot, dispatcher: Dispatcher, cabinet: Cabinet, state: FSMContext
) -> None:
    if not await is_staff(bot, cabinet.settings, message.from_user):
        await state.clear()  # left the group meanwhile
        return
    assert message.from_user is not None
    on = parse_date(message.text or "")
    if on is None:
        await reply_in_topic(bot, dispatcher, message, t("services.staff_date_not_understood"))
        return
    prompt = await STAFF_PROMPT.load(state)
    try:
        changed = await cabinet.service_requests.schedule(
            prompt.request_id, message.from_user.id, on
        )
    except PreferredDateOutOfRange as wrong:
        text = t("services.staff_date_out_of_range").format(
            earliest=local_date(wrong.params["earliest"], cabinet.settings.tz),
            latest=local_date(wrong.params["latest"], cabinet.settings.tz),
        )
        await reply_in_topic(bot, dispatcher, message, text)
        return
    except CabinetError:
        changed = None
    await _changed(bot, dispatcher, cabinet, message, state, changed, t("services.staff_date_set"))


async def reason_given(
    message: Message, bot: Bot, dispatcher: Dispatcher, cabinet: Cabinet, state: FSMContext
) -> None:
    if not await is_staff(bot, cabinet.settings, message.from_user):
        await state.clear()
        return
    assert message.from_user is not None
    prompt = await STAFF_PROMPT.load(state)
    try:
        changed = await cabinet.service_requests.refuse(
            prompt.request_id, message.from_user.id, message.text or ""
        )
    except ReasonRequired:
        text = t("services.staff_reason_length").format(limit=MAX_REASON_LENGTH)
        await reply_in_topic(bot, dispatcher, message, text)
        return
    except CabinetError:
        changed = None
    await _changed(bot, dispatcher, cabinet, message, state, changed, t("services.staff_refused"))


async def _changed(
    bot: Bot,
    dispatcher: Dispatcher,
    cabinet: Cabinet,
    message: Message,
    state: FSMContext,
    changed: ServiceRequestView | None,
    done: str,
) -> None:
    """After a prompt's answer: the card rewritten and `done` said, or, when the change was
    refused (`None`: decided meanwhile), that it was decided already."""
    prompt = await STAFF_PROMPT.load(state)
    if changed is None:
        note = t("services.staff_already_decided")
        await _finish(bot, dispatcher, message, state, prompt, note)
        return
    assert message.from_user is not None
    sender = staff_group_sender(dispatcher, bot, message.chat.id)
    await rewrite_card(sender, cabinet, changed, prompt.card_message_id, who(message.from_user))
    await _finish(bot, dispatcher, message, state, prompt, done)


async def prompt_cancelled(
    message: Message, bot: Bot, dispatcher: Dispatcher, state: FSMContext
) -> None:
    prompt = await STAFF_PROMPT.load(state)
    await _finish(bot, dispatcher, message, state, prompt, t("services.staff_prompt_cancelled"))


async def text_expected(message: Message, bot: Bot, dispatcher: Dispatcher) -> None:
    await reply_in_topic(bot, dispatcher, message, t("services.staff_text_expected"))


async def _finish(
    bot: Bot,
    dispatcher: Dispatcher,
    message: Message,
    state: FSMContext,
    prompt: RequestPrompt,
    note: str,
) -> None:
    await state.clear()
    sender = staff_group_sender(dispatcher, bot, message.chat.id)
    with suppress(TelegramBadRequest):  # the prompt deleted meanwhile
        await sender.call(
            EditMessageText(
                chat_id=message.chat.id,
                message_id=prompt.prompt_message_id,
                text=note.format(request_id=prompt.request_id),
            )
        )


def create_router() -> Router:
    router = Router(name="services_staff")
    router.callback_query.register(button_pressed, RequestButton.filter())
    router.message.filter(InStaffChat(), InPromptTopic(), F.sender_chat.is_(None))
    prompt = StateFilter(SupportStaffPrompt.date, SupportStaffPrompt.reason)
    router.message.register(prompt_cancelled, prompt, Command("cancel"))
    router.message.register(date_given, StateFilter(SupportStaffPrompt.date), F.text)
    router.message.register(reason_given, StateFilter(SupportStaffPrompt.reason), F.text)
    router.message.register(text_expected, prompt)
    return router
