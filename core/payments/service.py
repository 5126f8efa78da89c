"""«Оплата» in the parts that change apart: what can be paid (`payable.py`), the intents and
their registration at the gateway (`intents.py`), the settlement of a gateway with a payment page
(`settlement.py`) and Telegram's own payment updates (`telegram.py`). One gateway is at work,
chosen by `PAYMENT_PROVIDER` (`providers.py`); nothing here asks which one it is."""

from __future__ import annotations

from dataclasses import dataclass

from core.accounts.service import AccountsService
from core.clock import Clock
from core.payments.gateway import PaymentGateway
from core.payments.intents import PaymentIntents
from core.payments.payable import PayableAccounts
from core.payments.settlement import Settlement
from core.payments.telegram import TelegramPayments
from core.ports import UnitOfWorkFactory
from core.settings import Settings


@dataclass(frozen=True)
class Payments:
    payable: PayableAccounts
    intents: PaymentIntents
    settlement: Settlement
    telegram: TelegramPayments
    gateway: PaymentGateway

    async def aclose(self) -> None:
        """Closes the gateway's connections: the runtime calls this at shutdown."""
        await self.gateway.aclose()


def build_payments(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    settings: Settings,
    accounts: AccountsService,
    gateway: PaymentGateway,
) -> Payments:
    return Payments(
        payable=PayableAccounts(uow_factory, settings, accounts),
        intents=PaymentIntents(uow_factory, clock, settings, gateway),
        settlement=Settlement(uow_factory, clock, gateway),
        telegram=TelegramPayments(uow_factory, clock),
        gateway=gateway,
    )
