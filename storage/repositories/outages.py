"""Outages and who they reach: the set-based match of an outage's place against the accounts'
stored address keys (`ix_accounts_address`), and the outages at a customer's own addresses."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Select, and_, false, func, or_, select, true

from core.enums import LinkStatus
from core.outages.address import HouseRange, Houses, Parity, Place
from storage.models import (
    Account,
    AccountLink,
    NotificationPreference,
    Outage,
    TelegramIdentity,
    User,
)
from storage.repositories.base import Repository

# (user id, telegram user id, chat id, telegram identity id)
Recipient = tuple[int, int, int, int]


class LinkedAddress(NamedTuple):
    account_id: int
    number: str
    branch: str
    locality: str
    street: str | None
    house: str | None
    letter: str | None
    addr_locality: str | None
    addr_street: str | None


class OutagesRepository(Repository):
    async def by_external_ids(self, ids: Collection[str]) -> dict[str, Outage]:
        if not ids:
            return {}
        rows = await self.session.scalars(select(Outage).where(Outage.external_id.in_(set(ids))))
        return {outage.external_id: outage for outage in rows}

    async def get(self, outage_id: int) -> Outage | None:
        return await self.session.get(Outage, outage_id)

    async def add(self, outage: Outage) -> None:
        self.session.add(outage)
        await self.session.flush()

    async def open_imported(self) -> list[Outage]:
        """Outages of the grid company's file still active: those a new file no longer names
        are over."""
        rows = await self.session.scalars(
            select(Outage).where(Outage.status == "active", Outage.source == "import")
        )
        return list(rows)

    async def needing_attention(self, now: datetime) -> list[int]:
        """Ids of outages that may have something to tell: active and not over, or closed
        after being told and not told of it yet."""
        rows = await self.session.scalars(
            select(Outage.id)
            .where(
                or_(
                    and_(Outage.status == "active", Outage.ends_at > now),
                    and_(
                        Outage.status != "active",
                        Outage.told_stage.is_not(None),
                        Outage.told_closed.is_(False),
                    ),
                )
            )
            .order_by(Outage.id)
        )
        return list(rows)

    async def recipients(
        self, branch: str, place: Place, kind: str, after_identity: int, limit: int
    ) -> list[Recipient]:
        """Reachable chats of customers with an active link to an account in the place who have
        not switched `kind` off, in identity order after `after_identity`. Driven by the
        accounts' address index: the rows read are the place's accounts, not the table."""
        query = self.recipients_statement(branch, place, kind, after_identity, limit)
        return [tuple(row) for row in await self.session.execute(query)]  # type: ignore[misc]

    def recipients_statement(
        self, branch: str, place: Place, kind: str, after_identity: int, limit: int
    ) -> Select[int, int, int, int]:
        return (
            select(
                User.id,
                TelegramIdentity.telegram_user_id,
                TelegramIdentity.chat_id,
                TelegramIdentity.id,
            )
            .select_from(Account)
            .join(AccountLink, AccountLink.account_id == Account.id)
            .join(User, User.id == AccountLink.user_id)
            .join(TelegramIdentity, TelegramIdentity.user_id == User.id)
            .where(
                *in_place(branch, place),
                AccountLink.status == LinkStatus.ACTIVE.value,
                User.deleted_at.is_(None),
                TelegramIdentity.blocked_at.is_(None),
                TelegramIdentity.id > after_identity,
                ~select(NotificationPreference.id)
                .where(
                    NotificationPreference.user_id == User.id,
                    NotificationPreference.kind == kind,
                    NotificationPreference.enabled.is_(False),
                )
                .exists(),
            )
            .distinct()
            .order_by(TelegramIdentity.id)
            .limit(limit)
        )

    async def reach(self, branch: str, place: Place) -> tuple[int, int]:
        """(accounts in the place, customers with one of them linked)."""
        accounts = await self.session.scalar(
            select(func.count()).select_from(Account).where(*in_place(branch, place))
        )
        customers = await self.session.scalar(
            select(func.count(func.distinct(AccountLink.user_id)))
            .select_from(Account)
            .join(AccountLink, AccountLink.account_id == Account.id)
            .join(User, User.id == AccountLink.user_id)
            .where(
                *in_place(branch, place),
                AccountLink.status == LinkStatus.ACTIVE.value,
                User.deleted_at.is_(None),
            )
        )
        return int(accounts or 0), int(customers or 0)

    async def matching_account_ids(self, branch: str, place: Place) -> list[int]:
        rows = await self.session.scalars(
            select(Account.id).where(*in_place(branch, place)).order_by(Account.id)
        )
        return list(rows)

    async def linked_addresses(self, user_id: int) -> list[LinkedAddress]:
        rows = await self.session.execute(
            select(
                Account.id,
                Account.number,
                Account.branch,
                Account.locality,
                Account.street,
                Account.house,
                Account.letter,
                Account.addr_locality,
                Account.addr_street,
            )
            .join(AccountLink, AccountLink.account_id == Account.id)
            .where(AccountLink.user_id == user_id, AccountLink.status == LinkStatus.ACTIVE.value)
            .order_by(Account.number)
        )
        return [LinkedAddress(*row) for row in rows]

    async def current_in(self, localities: Collection[str], now: datetime) -> Sequence[Outage]:
        """Active outages not over yet in these localities (by key), by start."""
        if not localities:
            return []
        rows = await self.session.scalars(
            select(Outage)
            .where(
                Outage.locality_key.in_(set(localities)),
                Outage.status == "active",
                Outage.ends_at > now,
            )
            .order_by(Outage.starts_at, Outage.id)
        )
        return list(rows)

    async def branches(self) -> list[str]:
        rows = await self.session.scalars(
            select(Account.branch).distinct().order_by(Account.branch)
        )
        return list(rows)


def in_place(branch: str, place: Place) -> list[ColumnElement[bool]]:
    """An account (of the enclosing query) in the branch and the place."""
    conditions: list[ColumnElement[bool]] = [
        Account.addr_locality == place.locality,
        Account.branch == branch,
    ]
    if not place.whole_locality:
        conditions.append(Account.addr_street == place.street)
        conditions.append(houses_condition(place.houses))
    return conditions


def houses_condition(houses: Houses) -> ColumnElement[bool]:
    if houses.everything:
        return true()
    items: list[ColumnElement[bool]] = []
    for item in houses.items:
        if isinstance(item, HouseRange):
            condition: ColumnElement[bool] = Account.addr_house.between(item.first, item.last)
            if item.parity is Parity.EVEN:
                condition = and_(condition, Account.addr_house % 2 == 0)
            elif item.parity is Parity.ODD:
                condition = and_(condition, Account.addr_house % 2 == 1)
            items.append(condition)
            continue
        same: list[Any] = [Account.addr_house_suffix == item.suffix]
        if "/" not in item.suffix:  # «7» covers 7/1, «7а» covers 7а/1
            same.append(Account.addr_house_suffix.like(f"{item.suffix}/%"))
        items.append(and_(Account.addr_house == item.number, or_(*same)))
    return or_(*items) if items else false()
