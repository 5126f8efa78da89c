"""Who may act as staff in the staff group.

Staff are the group's creator, administrators and ordinary members; a restricted member (say, a
read-only observer), someone who left and the group's anonymous admins (who post as the group and
so cannot be told apart) are not. When `STAFF_USER_IDS` is set, only the Telegram users it lists
are staff, whatever else their membership says. Every check asks Telegram (`getChatMember`): a
person removed from the group stops being staff at once.
"""

from __future__ import annotations

from aiogram import Bot
from aiogram.enums import ChatMemberStatus
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Filter
from aiogram.types import CallbackQuery, Message, User
from aiogram.utils.i18n import gettext as _

from core.cabinet import Cabinet
from core.settings import Settings

# Telegram's stand-in for an admin who posts as the group (GroupAnonymousBot).
ANONYMOUS_ADMIN_ID = 1087968824
STAFF_STATUSES = {ChatMemberStatus.CREATOR, ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.MEMBER}


async def is_staff(bot: Bot, settings: Settings, person: User | None) -> bool:
    chat_id = settings.staff_chat_id
    if chat_id is None or person is None or person.is_bot or person.id == ANONYMOUS_ADMIN_ID:
        return False
    if settings.staff_user_ids and person.id not in settings.staff_user_ids:
        return False
    try:
        member = await bot.get_chat_member(chat_id, person.id)
    except TelegramBadRequest:  # someone Telegram does not know in this group
        return False
    return member.status in STAFF_STATUSES


class InStaffChat(Filter):
    """The event happened in the staff group (not who did it: see `is_staff`)."""

    async def __call__(self, event: Message | CallbackQuery, cabinet: Cabinet) -> bool:
        message = event.message if isinstance(event, CallbackQuery) else event
        chat_id = cabinet.settings.staff_chat_id
        return chat_id is not None and message is not None and message.chat.id == chat_id


async def pressed_by_staff(
    query: CallbackQuery, bot: Bot, cabinet: Cabinet, refusal: str | None = None
) -> bool:
    """A staff button pressed by staff in the staff group; anyone else gets a polite alert
    (`refusal`, or the general one)."""
    in_staff_chat = await InStaffChat()(query, cabinet)
    if in_staff_chat and await is_staff(bot, cabinet.settings, query.from_user):
        return True
    await query.answer(refusal or _("staff.not_allowed"), show_alert=True)
    return False
