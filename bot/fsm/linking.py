"""Linking an account: its steps and its data, and the staff's review of a request."""

from __future__ import annotations

from dataclasses import dataclass

from aiogram.fsm.state import State, StatesGroup

from bot.fsm.dialog_data import DialogCodec, DialogDataLost


class Linking(StatesGroup):
    number = State()  # waiting for the account number
    els = State()  # the account is found; waiting for its ЕЛС (or the choice of a photo)
    photo = State()  # waiting for a photo of the meter


@dataclass(frozen=True)
class LinkingDialog:
    number: str | None = None  # the account found, as billing writes its number
    account_id: int | None = None

    def found(self) -> tuple[str, int]:
        """The account of a dialog past its look-up."""
        if self.number is None or self.account_id is None:
            raise DialogDataLost("no account in a linking dialog past its look-up")
        return self.number, self.account_id


CODEC = DialogCodec(LinkingDialog)
load = CODEC.load
save = CODEC.save


class StaffReview(StatesGroup):
    """A staff member in the staff group who pressed «Отклонить» (`RefusalPrompt`)."""

    reason = State()


@dataclass(frozen=True)
class RefusalPrompt:
    link_id: int
    request_message_id: int  # the request's card, which gets the outcome
    prompt_message_id: int  # the bot's question for the reason, closed with a note


REFUSAL = DialogCodec(RefusalPrompt)
