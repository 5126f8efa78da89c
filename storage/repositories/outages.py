"""Outages and who they reach: the set-based match of an outage's place against the accounts'
stored address keys (`ix_accounts_address`), and the outages at a customer's own addresses."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, false, func, or_, select, true

from core.entities.accounts import Account, AccountLink
from core.entities.outages import Outage
from core.entities.users import TelegramIdentity, User
from core.enums import LinkStatus
from core.outages.address import HouseRange, Houses, Parity, Place
from core.ports.outages import LinkedAddress
from core.ports.outbox import Recipient
from storage.models import (
    account_links_table,
    accounts_table,
    notification_preferences_table,
    outages_table,
    telegram_identities_table,
    users_table,
)
from storage.repositories.base import Repository


class OutagesRepository(Repository):
    async def by_external_ids(self, ids: Collection[str]) -> dict[str, Outage]:
        if not ids:
            return {}
        rows = await self.session.scalars(
            select(Outage).where(outages_table.c.external_id.in_(set(ids)))
        )
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
            select(Outage).where(
                outages_table.c.status == "active", outages_table.c.source == "import"
            )
        )
        return list(rows)

    async def needing_attention(self, now: datetime) -> list[int]:
        """Ids of outages that may have something to tell: active and not over, or closed
        after being told and not told of it yet."""
        rows = await self.session.scalars(
            select(outages_table.c.id)
            .where(
                or_(
                    and_(outages_table.c.status == "active", outages_table.c.ends_at > now),
                    and_(
                        outages_table.c.status != "active",
                        outages_table.c.told_stage.is_not(None),
                        outages_table.c.told_closed.is_(False),
                    ),
                )
            )
            .order_by(outages_table.c.id)
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
                users_table.c.id,
                telegram_identities_table.c.telegram_user_id,
                telegram_identities_table.c.chat_id,
                telegram_identities_table.c.id,
            )
            .select_from(Account)
            .join(AccountLink, account_links_table.c.account_id == accounts_table.c.id)
            .join(User, users_table.c.id == account_links_table.c.user_id)
            .join(TelegramIdentity, telegram_identities_table.c.user_id == users_table.c.id)
            .where(
                *in_place(branch, place),
                account_links_table.c.status == LinkStatus.ACTIVE.value,
                users_table.c.deleted_at.is_(None),
                telegram_identities_table.c.blocked_at.is_(None),
                telegram_identities_table.c.id > after_identity,
                ~select(notification_preferences_table.c.id)
                .where(
                    notification_preferences_table.c.user_id == users_table.c.id,
                    notification_preferences_table.c.kind == kind,
                    notification_preferences_table.c.enabled.is_(False),
                )
                .exists(),
            )
            .distinct()
            .order_by(telegram_identities_table.c.id)
            .limit(limit)
        )

    async def reach(self, branch: str, place: Place) -> tuple[int, int]:
        """(accounts in the place, customers with one of them linked)."""
        accounts = await self.session.scalar(
            select(func.count()).select_from(Account).where(*in_place(branch, place))
        )
        customers = await self.session.scalar(
            select(func.count(func.distinct(account_links_table.c.user_id)))
            .select_from(Account)
            .join(AccountLink, account_links_table.c.account_id == accounts_table.c.id)
            .join(User, users_table.c.id == account_links_table.c.user_id)
            .where(
                *in_place(branch, place),
                account_links_table.c.status == LinkStatus.ACTIVE.value,
                users_table.c.deleted_at.is_(None),
            )
        )
        return int(accounts or 0), int(customers or 0)

    async def matching_account_ids(self, branch: str, place: Place) -> list[int]:
        rows = await self.session.scalars(
            select(accounts_table.c.id)
            .where(*in_place(branch, place))
            .order_by(accounts_table.c.id)
        )
        return list(rows)

    async def linked_addresses(self, user_id: int) -> list[LinkedAddress]:
        rows = await self.session.execute(
            select(
                accounts_table.c.id,
                accounts_table.c.number,
                accounts_table.c.branch,
                accounts_table.c.locality,
                accounts_table.c.street,
                accounts_table.c.house,
                accounts_table.c.letter,
                accounts_table.c.addr_locality,
                accounts_table.c.addr_street,
            )
            .join(AccountLink, account_links_table.c.account_id == accounts_table.c.id)
            .where(
                account_links_table.c.user_id == user_id,
                account_links_table.c.status == LinkStatus.ACTIVE.value,
            )
            .order_by(accounts_table.c.number)
        )
        return [LinkedAddress(*row) for row in rows]

    async def current_in(self, localities: Collection[str], now: datetime) -> Sequence[Outage]:
        """Active outages not over yet in these localities (by key), by start."""
        if not localities:
            return []
        rows = await self.session.scalars(
            select(Outage)
            .where(
                outages_table.c.locality_key.in_(set(localities)),
                outages_table.c.status == "active",
                outages_table.c.ends_at > now,
            )
            .order_by(outages_table.c.starts_at, outages_table.c.id)
        )
        return list(rows)

    async def branches(self) -> list[str]:
        rows = await self.session.scalars(
            select(accounts_table.c.branch).distinct().order_by(accounts_table.c.branch)
        )
        return list(rows)


def in_place(branch: str, place: Place) -> list[ColumnElement[bool]]:
    """An account (of the enclosing query) in the branch and the place."""
    conditions: list[ColumnElement[bool]] = [
        accounts_table.c.addr_locality == place.locality,
        accounts_table.c.branch == branch,
    ]
    if not place.whole_locality:
        conditions.append(accounts_table.c.addr_street == place.street)
        conditions.append(houses_condition(place.houses))
    return conditions


def houses_condition(houses: Houses) -> ColumnElement[bool]:
    if houses.everything:
        return true()
    items: list[ColumnElement[bool]] = []
    for item in houses.items:
        if isinstance(item, HouseRange):
            condition: ColumnElement[bool] = accounts_table.c.addr_house.between(
                item.first, item.last
            )
            if item.parity is Parity.EVEN:
                condition = and_(condition, accounts_table.c.addr_house % 2 == 0)
            elif item.parity is Parity.ODD:
                condition = and_(condition, accounts_table.c.addr_house % 2 == 1)
            items.append(condition)
            continue
        same: list[Any] = [accounts_table.c.addr_house_suffix == item.suffix]
        if "/" not in item.suffix:  # «7» covers 7/1, «7а» covers 7а/1
            same.append(accounts_table.c.addr_house_suffix.like(f"{item.suffix}/%"))
        items.append(and_(accounts_table.c.addr_house == item.number, or_(*same)))
    return or_(*items) if items else false()
