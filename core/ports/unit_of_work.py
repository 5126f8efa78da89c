"""The unit of work core's services run in: one transaction, and the repositories that read and
write in it. Leaving it without `commit` rolls back; repositories never commit."""

from __future__ import annotations

from types import TracebackType
from typing import Protocol, Self, TypeVar

from core.ports.accounts import Accounts
from core.ports.audit import Audit
from core.ports.billing import Billing
from core.ports.bills import Bills
from core.ports.codes import Codes
from core.ports.documents import Documents
from core.ports.exchange import Exchange
from core.ports.help import Help
from core.ports.meters import Meters
from core.ports.outages import Outages
from core.ports.outbox import Outbox
from core.ports.payments import Payments
from core.ports.readings import Readings
from core.ports.staff_topics import StaffTopics
from core.ports.support import Support
from core.ports.users import Users


class UnitOfWork(Protocol):
    @property
    def users(self) -> Users: ...
    @property
    def audit(self) -> Audit: ...
    @property
    def codes(self) -> Codes: ...
    @property
    def accounts(self) -> Accounts: ...
    @property
    def meters(self) -> Meters: ...
    @property
    def readings(self) -> Readings: ...
    @property
    def billing(self) -> Billing: ...
    @property
    def bills(self) -> Bills: ...
    @property
    def support(self) -> Support: ...
    @property
    def staff_topics(self) -> StaffTopics: ...
    @property
    def outbox(self) -> Outbox: ...
    @property
    def payments(self) -> Payments: ...
    @property
    def outages(self) -> Outages: ...
    @property
    def exchange(self) -> Exchange: ...
    @property
    def helpdesk(self) -> Help: ...
    @property
    def documents(self) -> Documents: ...

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    async def commit(self) -> None: ...

    async def rollback(self) -> None: ...

    async def flush(self) -> None:
        """Writes what is pending so far (new records get their ids), still uncommitted."""
        ...

    async def refresh(self, record: object) -> None:
        """Reads `record` again from the transaction."""
        ...

    async def ping(self) -> None:
        """Raises when the database does not answer."""
        ...


_Made = TypeVar("_Made", bound=UnitOfWork, covariant=True)


class UnitOfWorkFactoryOf(Protocol[_Made]):
    def __call__(self, *, reading: bool = False) -> _Made:
        """A new unit of work. `reading`: it only reads, and needs no transaction of its own:
        on a server database each statement sees what was committed when it ran (as in a
        transaction at READ COMMITTED, the server's default), and the BEGIN and ROLLBACK round
        trips are spared. Such a unit of work cannot commit."""
        ...


UnitOfWorkFactory = UnitOfWorkFactoryOf[UnitOfWork]
