"""«Сообщения»: writing to the company, and the staff's prompts in a topic."""

from __future__ import annotations

from aiogram.fsm.state import State, StatesGroup


class SupportDialog(StatesGroup):
    viewing = State()  # «Сообщения» open: a text typed without «Написать» is sent all the same
    writing = State()  # everything the customer sends goes to their topic


class SupportStaffPrompt(StatesGroup):
    """A staff member asked for a refusal's reason or a visit's date; data: "request_id",
    "topic_id", "card_message_id", "prompt_message_id"."""

    reason = State()
    date = State()
