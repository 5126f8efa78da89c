"""«❓ Помощь» (the menu's button, or /help in any state, signed in or not) and its screens."""

from __future__ import annotations

from aiogram import F, Router, html
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import get_i18n
from aiogram.utils.i18n import gettext as _

from bot.filters.private_chat import in_private_chat
from bot.handlers.common.dialog import message_of
from bot.handlers.help.keyboards import (
    HelpAction,
    HelpButton,
    answer_keyboard,
    back_keyboard,
    help_keyboard,
    location_keyboard,
    offices_keyboard,
    questions_keyboard,
)
from bot.handlers.help.texts import nearest_text, offices_messages
from bot.handlers.menu.keyboard import main_menu
from core.cabinet import Cabinet
from core.users.views import UserView


async def open_section(
    message: Message, state: FSMContext, cabinet: Cabinet, user: UserView | None
) -> None:
    """The menu's «❓ Помощь»: open to everyone, signed in or not."""
    await message.answer(_("help.title"), reply_markup=help_keyboard())


async def help_command(message: Message) -> None:
    """/help leaves a dialog where it is: the customer reads and goes on."""
    await message.answer(_("help.title"), reply_markup=help_keyboard())


async def pressed(query: CallbackQuery, callback_data: HelpButton, cabinet: Cabinet) -> None:
    message = message_of(query)
    if message is None:
        await query.answer()
        return
    action = callback_data.action
    if action is HelpAction.QUESTION:
        await _question(query, message, cabinet, callback_data.question)
        return
    if action is HelpAction.VENUE:
        await _venue(query, message, cabinet, callback_data.office)
        return
    await query.answer()
    if action is HelpAction.MENU:
        await message.answer(_("help.title"), reply_markup=help_keyboard())
    elif action is HelpAction.GUIDE:
        settings = cabinet.settings
        text = _("help.guide").format(
            start=settings.readings_window_start_day, end=settings.readings_window_end_day
        )
        await message.answer(text, reply_markup=back_keyboard())
    elif action is HelpAction.QUESTIONS:
        questions = await cabinet.help.questions(_language())
        if not questions:
            await message.answer(_("help.faq_empty"), reply_markup=back_keyboard())
            return
        await message.answer(_("help.faq_title"), reply_markup=questions_keyboard(questions))
    elif action is HelpAction.OFFICES:
        await _offices(message, cabinet)
    else:
        await message.answer(_("help.nearest_prompt"), reply_markup=location_keyboard())


async def _question(query: CallbackQuery, message: Message, cabinet: Cabinet, entry: int) -> None:
    question = await cabinet.help.question(entry)
    if question is None:  # the file was imported again since, or a crafted id
        await query.answer(_("help.stale_button"), show_alert=True)
        return
    await query.answer()
    text = _("help.faq_answer").format(
        question=html.quote(question.question), answer=html.quote(question.answer)
    )
    await message.answer(text, reply_markup=answer_keyboard())


async def _offices(message: Message, cabinet: Cabinet) -> None:
    offices = await cabinet.help.offices()
    if not offices:
        await message.answer(_("help.offices_empty"), reply_markup=back_keyboard())
        return
    texts = offices_messages(offices)
    for text in texts[:-1]:
        await message.answer(text)
    last = texts[-1]
    if any(office.located for office in offices):
        last = f"{last}\n\n{_('help.offices_map_hint')}"
    await message.answer(last, reply_markup=offices_keyboard(offices))


async def _venue(query: CallbackQuery, message: Message, cabinet: Cabinet, code: str) -> None:
    office = next((o for o in await cabinet.help.offices() if o.code == code), None)
    if office is None or office.latitude is None or office.longitude is None:
        await query.answer(_("help.stale_button"), show_alert=True)
        return
    await query.answer()
    await message.answer_venue(
        latitude=office.latitude,
        longitude=office.longitude,
        title=office.name,
        address=office.address or office.name,
    )


async def location_shared(message: Message, cabinet: Cabinet) -> None:
    """A location, whatever the chat's state: the nearest offices, the nearest on the map."""
    assert message.location is not None
    near = await cabinet.help.nearest(message.location.latitude, message.location.longitude)
    if not near:
        await message.answer(_("help.nearest_none"), reply_markup=main_menu())
        return
    await message.answer(nearest_text(near), reply_markup=main_menu())
    nearest = near[0].office
    assert nearest.latitude is not None and nearest.longitude is not None
    await message.answer_venue(
        latitude=nearest.latitude,
        longitude=nearest.longitude,
        title=nearest.name,
        address=nearest.address or nearest.name,
    )


def _language() -> str:
    return get_i18n().current_locale


def create_router() -> Router:
    """The help screens' buttons."""
    router = Router(name="help")
    router.callback_query.register(pressed, HelpButton.filter())
    return router


def commands_router() -> Router:
    """/help and a shared location, in any state: tried before the sections' dialogs."""
    router = Router(name="help_commands")
    router.message.register(help_command, in_private_chat, Command("help"))
    router.message.register(location_shared, in_private_chat, F.location)
    return router
