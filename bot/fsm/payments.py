"""«Оплата»: account and service → the payment window (amount, e-mail) → the payment link."""

from __future__ import annotations

from aiogram.fsm.state import State, StatesGroup


class Pay(StatesGroup):
    account = State()  # the accounts and their services are on buttons
    other_number = State()  # «по другому лицевому счёту»: the number is typed
    window = State()  # data: "account_id", "other", "number", "address", "service", "debt",
    # "amount", "email", "key" (the window's confirmation; a new one after every change)
    amount = State()  # a new amount is typed
    email = State()  # an e-mail for the receipt's copy is typed
