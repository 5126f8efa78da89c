"""The help screen's buttons, the questions' and the offices' ones, and the location request."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData
from aiogram.types import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)
from aiogram.utils.i18n import gettext as _

from core.help.views import Office, Question

BUTTON_TEXT_LIMIT = 60


class HelpAction(StrEnum):
    MENU = "menu"
    GUIDE = "guide"
    QUESTIONS = "faq"
    QUESTION = "q"
    OFFICES = "offices"
    VENUE = "venue"
    NEAREST = "near"


class HelpButton(CallbackData, prefix="hlp"):
    action: HelpAction
    question: int = 0
    office: str = ""  # an office's code, for its venue


def _button(text: str, **data: object) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=HelpButton(**data).pack())


def _shortened(text: str) -> str:
    return text if len(text) <= BUTTON_TEXT_LIMIT else text[: BUTTON_TEXT_LIMIT - 1] + "…"


def help_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [_button(_("help.button_guide"), action=HelpAction.GUIDE)],
            [_button(_("help.button_faq"), action=HelpAction.QUESTIONS)],
            [_button(_("help.button_offices"), action=HelpAction.OFFICES)],
            [_button(_("help.button_nearest"), action=HelpAction.NEAREST)],
        ]
    )


def back_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[[_button(_("help.button_back"), action=HelpAction.MENU)]]
    )


def questions_keyboard(questions: list[Question]) -> InlineKeyboardMarkup:
    rows = [
        [_button(_shortened(q.question), action=HelpAction.QUESTION, question=q.id)]
        for q in questions
    ]
    rows.append([_button(_("help.button_back"), action=HelpAction.MENU)])
    return InlineKeyboardMarkup(inline_keyboard=rows)


def answer_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[[_button(_("help.button_questions"), action=HelpAction.QUESTIONS)]]
    )


def offices_keyboard(offices: list[Office]) -> InlineKeyboardMarkup:
    rows = [
        [_button(f"📍 {_shortened(office.name)}", action=HelpAction.VENUE, office=office.code)]
        for office in offices
        if office.located
    ]
    rows.append([_button(_("help.button_back"), action=HelpAction.MENU)])
    return InlineKeyboardMarkup(inline_keyboard=rows)


def location_keyboard() -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text=_("help.send_location"), request_location=True)]],
        resize_keyboard=True,
        one_time_keyboard=True,
    )
