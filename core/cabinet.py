"""Every service of the cabinet, built once by the composition root.

Front ends receive it whole (the bot's handlers as the `cabinet` parameter) and never build
services themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.accounts.service import AccountsService
from core.clock import Clock
from core.history.service import HistoryService
from core.mail.mailer import Mailer
from core.passwords import Passwords
from core.readings.service import ReadingsService
from core.settings import Settings
from core.staff_topics import StaffTopics
from core.users.service import UsersService
from storage.uow import UnitOfWorkFactory


@dataclass(frozen=True)
class Cabinet:
    settings: Settings
    clock: Clock
    uow_factory: UnitOfWorkFactory
    users: UsersService
    accounts: AccountsService
    readings: ReadingsService
    history: HistoryService
    staff_topics: StaffTopics


def build_cabinet(
    settings: Settings,
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    mailer: Mailer,
    passwords: Passwords | None = None,
) -> Cabinet:
    """`passwords` lets tests use cheap argon2 parameters; production keeps the library's."""
    return Cabinet(
        settings=settings,
        clock=clock,
        uow_factory=uow_factory,
        users=UsersService(uow_factory, clock, settings, mailer, passwords),
        accounts=AccountsService(uow_factory, clock, settings),
        readings=ReadingsService(uow_factory, clock, settings),
        history=HistoryService(uow_factory),
        staff_topics=StaffTopics(uow_factory, clock),
    )
