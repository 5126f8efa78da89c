"""What can go wrong with accounts and their links, in words a front end can translate."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from core.errors import CabinetError

if TYPE_CHECKING:
    from core.accounts.guessing import GuessingAlert


class AccountNotFound(CabinetError):
    code = "account_not_found"

    def __init__(self, number: str) -> None:
        super().__init__(
            f"No account with number {number!r}; check the number on a bill", number=number
        )


class WrongEls(CabinetError):
    """`alert`: staff should hear that many people miss this account's ЕЛС (the front end
    posts it to the staff group)."""

    code = "wrong_els"

    def __init__(self, attempts_left: int, alert: GuessingAlert | None = None) -> None:
        super().__init__(
            "The ЕЛС does not match this account; it is on the bill and at dom.gosuslugi.ru, "
            f"or link by a photo of the meter instead ({attempts_left} attempts left this hour)",
            attempts_left=attempts_left,
        )
        self.alert = alert


class TooManyLinkAttempts(CabinetError):
    code = "too_many_link_attempts"

    def __init__(self, retry_at: datetime) -> None:
        super().__init__(
            f"Too many wrong ЕЛС attempts; try again after {retry_at.isoformat()}",
            retry_at=retry_at,
        )


class AccountAlreadyLinked(CabinetError):
    code = "account_already_linked"

    def __init__(self, number: str) -> None:
        super().__init__(f"Account {number} is already in your cabinet", number=number)


class LinkRequestPending(CabinetError):
    code = "link_request_pending"

    def __init__(self, number: str) -> None:
        super().__init__(
            f"A request to link account {number} is already waiting for a staff review",
            number=number,
        )


class LinkNotFound(CabinetError):
    code = "link_not_found"

    def __init__(self, link_id: int) -> None:
        super().__init__(f"No link request {link_id}", link_id=link_id)


class LinkNotPending(CabinetError):
    code = "link_not_pending"

    def __init__(self, link_id: int, status: str) -> None:
        super().__init__(
            f"Link request {link_id} was already reviewed: it is {status}",
            link_id=link_id,
            status=status,
        )


class NotAccountOwner(CabinetError):
    code = "not_account_owner"

    def __init__(self, account_id: int) -> None:
        super().__init__(f"Account {account_id} is not linked to this user", account_id=account_id)


class TooManyAccountLookups(CabinetError):
    code = "too_many_account_lookups"

    def __init__(self, retry_at: datetime) -> None:
        super().__init__(
            f"Too many account look-ups; try again at {retry_at.isoformat()}", retry_at=retry_at
        )
