"""«Сообщения»: writing to the company, ordering a service, and the staff's prompts in a topic."""

from __future__ import annotations

from aiogram.fsm.state import State, StatesGroup


class SupportDialog(StatesGroup):
    viewing = State()  # «Сообщения» open: a text typed without «Написать» is sent all the same
    writing = State()  # everything the customer sends goes to their topic


class ServiceOrder(StatesGroup):
    service = State()  # the catalogue is on buttons
    account = State()  # data: "service"
    date = State()  # data: + "account_id"
    comment = State()  # data: + "date" (ISO or None)
    confirm = State()  # data: + "comment"


class SupportStaffPrompt(StatesGroup):
    """A staff member asked for a refusal's reason or a visit's date; data: "request_id",
    "topic_id", "card_message_id", "prompt_message_id"."""

    reason = State()
    date = State()
