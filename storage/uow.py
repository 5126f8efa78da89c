"""The unit of work (core.ports.UnitOfWork): one session, one transaction; leaving it without
commit rolls back."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from core.ports import UnitOfWorkFactoryOf
from storage.conflicts import conflicts_as_already_stored
from storage.repositories.accounts import AccountsRepository
from storage.repositories.audit import AuditRepository
from storage.repositories.billing import BillingRepository
from storage.repositories.bills import BillsRepository
from storage.repositories.cluster_leases import ClusterLeasesRepository
from storage.repositories.codes import CodesRepository
from storage.repositories.documents import DocumentsRepository
from storage.repositories.exchange import ExchangeRepository
from storage.repositories.help import HelpRepository
from storage.repositories.inbox import InboxRepository
from storage.repositories.meters import MetersRepository
from storage.repositories.outages import OutagesRepository
from storage.repositories.outbox import OutboxRepository
from storage.repositories.payments import PaymentsRepository
from storage.repositories.readings import ReadingsRepository
from storage.repositories.staff_topics import StaffTopicsRepository
from storage.repositories.support import SupportRepository
from storage.repositories.users import UsersRepository


class UnitOfWork:
    session: AsyncSession
    users: UsersRepository
    audit: AuditRepository
    codes: CodesRepository
    accounts: AccountsRepository
    meters: MetersRepository
    readings: ReadingsRepository
    billing: BillingRepository
    bills: BillsRepository
    support: SupportRepository
    staff_topics: StaffTopicsRepository
    outbox: OutboxRepository
    payments: PaymentsRepository
    exchange: ExchangeRepository
    inbox: InboxRepository
    leases: ClusterLeasesRepository
    outages: OutagesRepository
    helpdesk: HelpRepository
    documents: DocumentsRepository

    def __init__(
        self, session_factory: async_sessionmaker[AsyncSession], *, reading: bool = False
    ) -> None:
        self._session_factory = session_factory
        self._reading = reading

    async def __aenter__(self) -> Self:
        self.session = self._session_factory()
        self.users = UsersRepository(self.session)
        self.audit = AuditRepository(self.session)
        self.codes = CodesRepository(self.session)
        self.accounts = AccountsRepository(self.session)
        self.meters = MetersRepository(self.session)
        self.readings = ReadingsRepository(self.session)
        self.billing = BillingRepository(self.session)
        self.bills = BillsRepository(self.session)
        self.support = SupportRepository(self.session)
        self.staff_topics = StaffTopicsRepository(self.session)
        self.outbox = OutboxRepository(self.session)
        self.payments = PaymentsRepository(self.session)
        self.exchange = ExchangeRepository(self.session)
        self.inbox = InboxRepository(self.session)
        self.leases = ClusterLeasesRepository(self.session)
        self.outages = OutagesRepository(self.session)
        self.helpdesk = HelpRepository(self.session)
        self.documents = DocumentsRepository(self.session)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.session.close()  # rolls back whatever was not committed

    async def commit(self) -> None:
        if self._reading:
            raise RuntimeError("a reading unit of work cannot commit")
        with conflicts_as_already_stored():
            await self.session.commit()

    async def rollback(self) -> None:
        await self.session.rollback()

    async def flush(self) -> None:
        with conflicts_as_already_stored():
            await self.session.flush()

    async def refresh(self, record: object) -> None:
        await self.session.refresh(record)

    async def ping(self) -> None:
        """Raises when the database does not answer."""
        await self.session.execute(text("SELECT 1"))


UnitOfWorkFactory = UnitOfWorkFactoryOf[UnitOfWork]


def unit_of_work_factory(session_factory: async_sessionmaker[AsyncSession]) -> UnitOfWorkFactory:
    """Units of work on the factory's engine; a reading one (see core.ports.UnitOfWorkFactory)
    runs its statements without a transaction on a server database. SQLite starts none for
    reads anyway."""
    engine = session_factory.kw.get("bind")
    readers = session_factory
    if isinstance(engine, AsyncEngine) and engine.dialect.name != "sqlite":
        readers = async_sessionmaker(
            engine.execution_options(isolation_level="AUTOCOMMIT"),
            expire_on_commit=False,
            autoflush=False,
        )

    def factory(*, reading: bool = False) -> UnitOfWork:
        return UnitOfWork(readers if reading else session_factory, reading=reading)

    return factory
