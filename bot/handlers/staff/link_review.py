"""Link requests in the staff group: the meter photo, the request's card with «Подтвердить» /
«Отклонить», the reason for a refusal, and the customer told the outcome.

A request is two messages in the group's General topic: the photo, then the card replying to it.
The card is a text message so that the outcome can be written into it (a caption would be cut at
1024 characters). The General topic because a forum topic of its own would need its id kept
somewhere every worker and every restart sees, and nothing in the schema holds it yet.

Only members of the staff group decide, each under their own name: every press is checked with
`getChatMember`, and the group's anonymous admins are refused.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from aiogram import Bot, Dispatcher, F, Router, html
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.methods import (
    CreateForumTopic,
    EditMessageText,
    SendDocument,
    SendMessage,
    SendPhoto,
)
from aiogram.types import CallbackQuery, Message, ReplyParameters, User
from aiogram.utils.i18n import gettext as _

from bot.formatting import local_datetime
from bot.fsm.linking import REFUSAL, RefusalPrompt, StaffReview
from bot.handlers.staff.link_review_keyboards import (
    ReviewAction,
    ReviewButton,
    keep_open_keyboard,
    review_keyboard,
)
from bot.staff_group import StaffGroupSender, staff_group_sender
from bot.staff_members import InStaffChat, is_staff, pressed_by_staff
from bot.staff_texts import STAFF_LOCALE, t, who
from core.accounts.errors import LinkNotFound, LinkNotPending
from core.accounts.link_requests import LinkRequestCard, link_request_card
from core.cabinet import Cabinet
from core.enums import LinkStatus
from core.staff_topics import LINK_REQUESTS

MAX_REASON_LENGTH = 500

logger = logging.getLogger("cabinet.staff_review")


@dataclass(frozen=True, slots=True)
class MeterPhoto:
    """The customer's upload, sent on by its `file_id` (no second upload)."""

    file_id: str
    as_document: bool  # an image sent as a file stays a file (HEIC cannot be a Telegram photo)


# --- posting a request (called by the linking dialog) ------------------------------------------


async def post_link_request(
    bot: Bot, dispatcher: Dispatcher, cabinet: Cabinet, card: LinkRequestCard, photo: MeterPhoto
) -> None:
    """Raises `TelegramAPIError` when the group cannot be posted to (the caller withdraws)."""
    chat_id = cabinet.settings.staff_chat_id
    if chat_id is None:
        raise RuntimeError("STAFF_CHAT_ID is not set")
    sender = staff_group_sender(dispatcher, bot, chat_id)
    topic = await link_requests_topic(sender, cabinet, chat_id)
    caption = t("staff.photo_caption").format(link_id=card.link_id)
    media: SendPhoto | SendDocument = (
        SendDocument(
            chat_id=chat_id, message_thread_id=topic, document=photo.file_id, caption=caption
        )
        if photo.as_document
        else SendPhoto(
            chat_id=chat_id, message_thread_id=topic, photo=photo.file_id, caption=caption
        )
    )
    posted = await sender.post(media)
    await sender.post(
        SendMessage(
            chat_id=chat_id,
            message_thread_id=topic,
            text=_card_text(card, cabinet),
            reply_parameters=ReplyParameters(message_id=posted.message_id),
            reply_markup=review_keyboard(card.link_id, STAFF_LOCALE),
        )
    )


async def link_requests_topic(sender: StaffGroupSender, cabinet: Cabinet, chat_id: int) -> int:
    """The forum topic where link requests go: opened on the first request, then remembered."""
    thread = await cabinet.staff_topics.thread_of(chat_id, LINK_REQUESTS)
    if thread is None:
        topic = await sender.call(
            CreateForumTopic(chat_id=chat_id, name=t("staff.link_requests_topic"))
        )
        thread = await cabinet.staff_topics.remember(
            chat_id, LINK_REQUESTS, topic.message_thread_id
        )
    return thread


def _card_text(card: LinkRequestCard, cabinet: Cabinet) -> str:
    contacts = ", ".join(c for c in (card.customer_phone, card.customer_email) if c) or "—"
    return t("staff.request_card").format(
        link_id=card.link_id,
        number=html.quote(card.account_number),
        branch=html.quote(card.branch),
        address=html.quote(card.address),
        holder=html.quote(card.holder_name),
        contacts=html.quote(contacts),
        created=local_datetime(card.created_at, cabinet.settings.tz),
    )


# --- the buttons -------------------------------------------------------------------------------


async def button_pressed(
    query: CallbackQuery,
    callback_data: ReviewButton,
    bot: Bot,
    dispatcher: Dispatcher,
    cabinet: Cabinet,
    state: FSMContext,
) -> None:
    if not await pressed_by_staff(query, bot, cabinet):
        return
    assert cabinet.settings.staff_chat_id is not None  # InStaffChat says so
    sender = staff_group_sender(dispatcher, bot, cabinet.settings.staff_chat_id)
    if callback_data.action is ReviewAction.APPROVE:
        await _approve(query, callback_data.link_id, bot, cabinet, sender)
    elif callback_data.action is ReviewAction.REJECT:
        await _ask_reason(query, callback_data.link_id, cabinet, sender, state)
    else:
        await _keep_open(query, callback_data.link_id, sender, state)


async def _approve(
    query: CallbackQuery, link_id: int, bot: Bot, cabinet: Cabinet, sender: StaffGroupSender
) -> None:
    try:
        await cabinet.accounts.approve(link_id, query.from_user.id)
    except (LinkNotPending, LinkNotFound):
        await query.answer(_("staff.already_decided"), show_alert=True)
        return
    await query.answer(_("staff.approved_alert"))
    card = await link_request_card(cabinet.uow_factory, link_id)
    # The customer hears of it through the outbox (the decision's transaction enqueued it).
    if isinstance(query.message, Message):
        await _write_outcome(sender, query.message.message_id, card, query.from_user, cabinet)


async def _ask_reason(
    query: CallbackQuery,
    link_id: int,
    cabinet: Cabinet,
    sender: StaffGroupSender,
    state: FSMContext,
) -> None:
    request = query.message
    if not isinstance(request, Message) or not await _is_pending(cabinet, link_id):
        await query.answer(_("staff.already_decided"), show_alert=True)
        return
    asking = await state.get_state() == StaffReview.reason.state
    earlier = await REFUSAL.load(state) if asking else None
    await query.answer(_("staff.reason_asked_alert"))
    if earlier is not None and earlier.link_id == link_id:
        return  # a second press: the prompt is already there
    if earlier is not None:  # one refusal at a time: the one left unfinished stays open
        await _close_prompt(sender, earlier, t("staff.kept_open").format(link_id=earlier.link_id))
    prompt = await sender.reply(
        request,
        t("staff.ask_reason").format(link_id=link_id, who=who(query.from_user)),
        keep_open_keyboard(link_id, STAFF_LOCALE),
    )
    asked = RefusalPrompt(link_id, request.message_id, prompt.message_id)
    await REFUSAL.save(state, StaffReview.reason, asked)


async def _is_pending(cabinet: Cabinet, link_id: int) -> bool:
    try:
        card = await link_request_card(cabinet.uow_factory, link_id)
    except LinkNotFound:
        return False
    return card.status is LinkStatus.PENDING


async def _keep_open(
    query: CallbackQuery, link_id: int, sender: StaffGroupSender, state: FSMContext
) -> None:
    asking = await state.get_state() == StaffReview.reason.state
    prompt = await REFUSAL.load(state) if asking else None
    if prompt is None or prompt.link_id != link_id:
        await query.answer(_("staff.nothing_to_keep"), show_alert=True)
        return
    await state.clear()
    await query.answer()
    await _close_prompt(sender, prompt, t("staff.kept_open").format(link_id=link_id))


# --- the reason for a refusal ------------------------------------------------------------------


async def reason_given(
    message: Message, bot: Bot, dispatcher: Dispatcher, cabinet: Cabinet, state: FSMContext
) -> None:
    sender = staff_group_sender(dispatcher, bot, message.chat.id)
    if message.from_user is None or not await is_staff(bot, cabinet.settings, message.from_user):
        await state.clear()  # left the group meanwhile: the refusal is not theirs to finish
        return
    reason = (message.text or "").strip()
    if not reason or len(reason) > MAX_REASON_LENGTH:
        await sender.reply(message, t("staff.reason_length").format(limit=MAX_REASON_LENGTH))
        return
    prompt = await REFUSAL.load(state)
    link_id = prompt.link_id
    await state.clear()
    try:
        await cabinet.accounts.reject(link_id, message.from_user.id, reason)
    except (LinkNotPending, LinkNotFound):
        note = t("staff.already_decided_note").format(link_id=link_id)
        await _close_prompt(sender, prompt, note)
        return
    card = await link_request_card(cabinet.uow_factory, link_id)  # the outbox tells the customer
    await _write_outcome(sender, prompt.request_message_id, card, message.from_user, cabinet)
    await _close_prompt(sender, prompt, t("staff.rejected_note").format(link_id=link_id))


async def reason_not_text(message: Message, bot: Bot, dispatcher: Dispatcher) -> None:
    sender = staff_group_sender(dispatcher, bot, message.chat.id)
    await sender.reply(message, t("staff.reason_expected"))


async def reason_cancelled(
    message: Message, bot: Bot, dispatcher: Dispatcher, state: FSMContext
) -> None:
    prompt = await REFUSAL.load(state)
    await state.clear()
    sender = staff_group_sender(dispatcher, bot, message.chat.id)
    await _close_prompt(sender, prompt, t("staff.kept_open").format(link_id=prompt.link_id))


def _answers_the_bot(message: Message, bot: Bot) -> bool:
    """An anonymous admin answering a request or a prompt (their chat among themselves is
    none of the bot's business)."""
    replied = message.reply_to_message
    return replied is not None and replied.from_user is not None and replied.from_user.id == bot.id


async def anonymous_admin_wrote(message: Message, bot: Bot, dispatcher: Dispatcher) -> None:
    sender = staff_group_sender(dispatcher, bot, message.chat.id)
    await sender.reply(message, t("staff.anonymous_refused"))


# --- outcomes ----------------------------------------------------------------------------------


async def _write_outcome(
    sender: StaffGroupSender,
    card_message_id: int,
    card: LinkRequestCard,
    decided_by: User,
    cabinet: Cabinet,
) -> None:
    when = local_datetime(cabinet.clock.now(), cabinet.settings.tz)
    if card.status is LinkStatus.ACTIVE:
        outcome = t("staff.outcome_approved").format(who=who(decided_by), when=when)
    else:
        outcome = t("staff.outcome_rejected").format(
            who=who(decided_by), when=when, reason=html.quote(card.reject_reason or "")
        )
    await sender.call(
        EditMessageText(
            chat_id=sender.chat_id,
            message_id=card_message_id,
            text=_card_text(card, cabinet) + "\n\n" + outcome,
        )
    )


async def _close_prompt(sender: StaffGroupSender, prompt: RefusalPrompt, text: str) -> None:
    try:
        await sender.call(
            EditMessageText(chat_id=sender.chat_id, message_id=prompt.prompt_message_id, text=text)
        )
    except TelegramBadRequest:  # deleted by someone meanwhile: nothing left to close
        logger.info("reason prompt gone", extra={"link_id": prompt.link_id})


def create_router() -> Router:
    router = Router(name="staff_review")
    router.callback_query.register(button_pressed, ReviewButton.filter())
    router.message.filter(InStaffChat())
    router.message.register(reason_cancelled, StateFilter(StaffReview.reason), Command("cancel"))
    router.message.register(reason_given, StateFilter(StaffReview.reason), F.text)
    router.message.register(reason_not_text, StateFilter(StaffReview.reason))
    router.message.register(anonymous_admin_wrote, F.sender_chat, _answers_the_bot)
    return router
