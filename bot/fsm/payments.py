"""«Оплата»: account and service → the payment window (amount, e-mail) → the payment link; its
steps and its data (`PaymentDialog`), under the keys the dialog has always used."""

from __future__ import annotations

from dataclasses import dataclass

from aiogram.fsm.state import State, StatesGroup

from bot.fsm.dialog_data import DialogCodec, DialogDataLost


class Pay(StatesGroup):
    account = State()  # the accounts and their services are on buttons
    other_number = State()  # «по другому лицевому счёту»: the number is typed
    window = State()  # the window of one service of one account
    amount = State()  # a new amount is typed
    email = State()  # an e-mail for the receipt's copy is typed


@dataclass(frozen=True)
class PaymentDialog:
    other_account_id: int | None = None  # an account looked up by its number, to pay by buttons
    account_id: int | None = None
    other: bool = False  # that account is not the customer's: its data shown masked
    number: str = ""
    address: str = ""
    service: str = ""
    debt: int = 0  # kopecks owed for the service (negative: overpaid)
    amount: int | None = None  # kopecks to pay; None: the customer is asked
    email: str | None = None  # where the receipt's copy goes
    key: str | None = None  # the window on screen (a new one after every change)

    def window(self) -> tuple[int, int, str]:
        """The account, the amount and the key of a dialog that shows its window."""
        if self.account_id is None or self.amount is None or self.key is None:
            raise DialogDataLost("a payment window without its account, amount or key")
        return self.account_id, self.amount, self.key


CODEC = DialogCodec(PaymentDialog)
load = CODEC.load
save = CODEC.save
