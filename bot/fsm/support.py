"""«Сообщения»: writing to the company, and the staff's prompts in a topic."""

from __future__ import annotations

from dataclasses import dataclass

from aiogram.fsm.state import State, StatesGroup

from bot.fsm.dialog_data import DialogCodec


class SupportDialog(StatesGroup):
    viewing = State()  # «Сообщения» open: a text typed without «Написать» is sent all the same
    writing = State()  # everything the customer sends goes to their topic


class SupportStaffPrompt(StatesGroup):
    """A staff member asked for a refusal's reason or a visit's date (`RequestPrompt`)."""

    reason = State()
    date = State()


@dataclass(frozen=True)
class RequestPrompt:
    request_id: int
    topic_id: int | None  # the customer's topic, where the answer is expected
    card_message_id: int  # the request's card, rewritten with the outcome
    prompt_message_id: int  # the bot's question, closed with a note


STAFF_PROMPT = DialogCodec(RequestPrompt)
