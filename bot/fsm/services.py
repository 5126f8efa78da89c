"""«Заказать услугу»: the service → the account → a preferred date → a comment → the
confirmation; its steps and its data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from aiogram.fsm.state import State, StatesGroup

from bot.fsm.dialog_data import DialogCodec, DialogDataLost


class ServiceOrder(StatesGroup):
    service = State()  # the catalogue is on buttons
    account = State()  # service
    meter = State()  # service, account: which meter to replace
    date = State()  # + account_id
    comment = State()  # + date
    confirm = State()  # + comment


@dataclass(frozen=True)
class ServiceOrderDialog:
    service: str | None = None  # a `ServiceCode` value
    account_id: int | None = None
    date: dt.date | None = None  # the preferred day; None: any
    comment: str | None = None
    meter_id: int | None = None  # the meter to replace, from an account's card
    meter_serial: str | None = None

    def chosen(self) -> tuple[int, str]:
        """The account and the service of a dialog past their choice."""
        if self.account_id is None or self.service is None:
            raise DialogDataLost("no account or service in an order past their choice")
        return self.account_id, self.service


class ContractOrder(StatesGroup):
    """«Заключить договор» for someone with no account yet."""

    address = State()
    holder = State()  # + address
    phone = State()  # + holder
    confirm = State()  # + phone


@dataclass(frozen=True)
class ContractDialog:
    address: str | None = None
    holder: str | None = None
    phone: str | None = None


CONTRACT_CODEC = DialogCodec(ContractDialog)
CODEC = DialogCodec(ServiceOrderDialog)
load = CODEC.load
save = CODEC.save
