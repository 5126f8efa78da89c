"""The steps of linking an account; the dialog's data: `number` and `account_id` once found."""

from __future__ import annotations

from aiogram.fsm.state import State, StatesGroup


class Linking(StatesGroup):
    number = State()  # waiting for the account number
    els = State()  # the account is found; waiting for its ЕЛС (or the choice of a photo)
    photo = State()  # waiting for a photo of the meter


class StaffReview(StatesGroup):
    """A staff member in the staff group who pressed «Отклонить»; data: `link_id`,
    `request_message_id`, `prompt_message_id`."""

    reason = State()
