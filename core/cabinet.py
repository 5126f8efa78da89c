"""Every service of the cabinet, built once by the composition root.

Front ends receive it whole (the bot's handlers as the `cabinet` parameter) and never build
services themselves. It carries the unit of work factory it was built with, typed as the
composition root made it (`Cabinet[TheStoresUnitOfWork]`), for the front end's own jobs that
run on the same store.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from core.accounts.service import AccountsService
from core.bills.service import BillsService
from core.clock import Clock
from core.documents.service import Documents
from core.help.service import HelpDesk
from core.history.service import HistoryService
from core.mail.mailer import Mailer
from core.notifications.broadcast import Broadcasts
from core.notifications.preferences import NotificationPreferences
from core.notifications.reminders import Reminders
from core.outages.service import Outages
from core.passwords import Passwords
from core.payments.providers import build_gateway
from core.payments.service import Payments, build_payments
from core.payments.telegram import InvoiceLinks
from core.ports import UnitOfWork, UnitOfWorkFactoryOf
from core.readings.service import ReadingsService
from core.settings import Settings
from core.staff_topics import StaffTopics
from core.support.requests import ServiceRequestsService
from core.support.service import SupportService
from core.users.service import UsersService

Store = TypeVar("Store", bound=UnitOfWork)


@dataclass(frozen=True)
class Cabinet(Generic[Store]):
    settings: Settings
    clock: Clock
    uow_factory: UnitOfWorkFactoryOf[Store]
    users: UsersService
    accounts: AccountsService
    readings: ReadingsService
    history: HistoryService
    bills: BillsService
    staff_topics: StaffTopics
    notifications: NotificationPreferences
    reminders: Reminders
    broadcasts: Broadcasts
    payments: Payments
    support: SupportService
    service_requests: ServiceRequestsService
    outages: Outages
    help: HelpDesk
    documents: Documents


def build_cabinet(
    settings: Settings,
    uow_factory: UnitOfWorkFactoryOf[Store],
    clock: Clock,
    mailer: Mailer,
    passwords: Passwords | None = None,
    invoice_links: InvoiceLinks | None = None,
) -> Cabinet[Store]:
    """`passwords` lets tests use cheap argon2 parameters; production keeps the library's.
    `invoice_links`: the bot's, for `PAYMENT_PROVIDER=telegram`."""
    accounts = AccountsService(uow_factory, clock, settings)
    gateway = build_gateway(settings, invoice_links)
    payments = build_payments(uow_factory, clock, settings, accounts, gateway)
    return Cabinet(
        settings=settings,
        clock=clock,
        uow_factory=uow_factory,
        users=UsersService(uow_factory, clock, settings, mailer, passwords),
        accounts=accounts,
        readings=ReadingsService(uow_factory, clock, settings),
        history=HistoryService(uow_factory),
        bills=BillsService(uow_factory, clock, settings),
        staff_topics=StaffTopics(uow_factory, clock),
        notifications=NotificationPreferences(uow_factory),
        reminders=Reminders(uow_factory, clock, settings, settlement=payments.settlement),
        broadcasts=Broadcasts(uow_factory, clock),
        payments=payments,
        support=SupportService(uow_factory, clock, settings),
        service_requests=ServiceRequestsService(uow_factory, clock, settings),
        outages=Outages(uow_factory, clock, settings),
        help=HelpDesk(uow_factory),
        documents=Documents(uow_factory, clock, settings),
    )
