"""The outbox and notification preferences: enqueueing, claiming with a lease, outcomes, and the
batched look-ups the reminder scheduler and the broadcast run over every customer."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, func, insert, or_, select, update

from core.entities.accounts import Account, AccountLink
from core.entities.notifications import NotificationPreference
from core.entities.outbox import OutboxMessage
from core.entities.users import TelegramIdentity, User
from core.enums import LinkStatus, OutboxStatus, ReadingStatus
from core.ports.outbox import Recipient
from storage.models import (
    account_links_table,
    accounts_table,
    meters_table,
    notification_preferences_table,
    outbox_table,
    readings_table,
    telegram_identities_table,
    users_table,
)
from storage.repositories.base import Repository


class OutboxRepository(Repository):
    # --- enqueueing --------------------------------------------------------------------------
    async def existing_keys(self, keys: list[str]) -> set[str]:
        if not keys:
            return set()
        rows = await self.session.scalars(
            select(outbox_table.c.dedup_key).where(outbox_table.c.dedup_key.in_(keys))
        )
        return set(rows)

    async def reachable_chats_of(self, user_ids: Iterable[int]) -> list[tuple[int, int, int]]:
        """(user id, telegram user id, chat id) of every Telegram account signed in as one of the
        users that has not blocked the bot."""
        ids = set(user_ids)
        if not ids:
            return []
        rows = await self.session.execute(
            select(
                telegram_identities_table.c.user_id,
                telegram_identities_table.c.telegram_user_id,
                telegram_identities_table.c.chat_id,
            )
            .where(
                telegram_identities_table.c.user_id.in_(ids),
                telegram_identities_table.c.blocked_at.is_(None),
            )
            .order_by(telegram_identities_table.c.id)
        )
        return [
            (user_id, telegram_id, chat_id)
            for user_id, telegram_id, chat_id in rows
            if user_id is not None
        ]

    async def add_many(self, rows: list[dict[str, Any]]) -> None:
        """One executemany for a chunk of new rows (keys already checked by the caller)."""
        if rows:
            await self.session.execute(insert(OutboxMessage), rows)

    # --- the sender's side -------------------------------------------------------------------
    async def due_ids(self, now: datetime, limit: int) -> list[int]:
        rows = await self.session.scalars(
            select(outbox_table.c.id)
            .where(
                outbox_table.c.status == OutboxStatus.PENDING.value,
                outbox_table.c.next_attempt_at <= now,
                or_(outbox_table.c.locked_until.is_(None), outbox_table.c.locked_until <= now),
            )
            .order_by(outbox_table.c.next_attempt_at, outbox_table.c.id)
            .limit(limit)
        )
        return list(rows)

    async def take_lease(self, ids: Sequence[int], now: datetime, lease_until: datetime) -> int:
        """Leases those of `ids` still pending and unleased; returns how many it leased."""
        if not ids:
            return 0
        result = await self.session.execute(
            update(OutboxMessage)
            .where(
                outbox_table.c.id.in_(ids),
                outbox_table.c.status == OutboxStatus.PENDING.value,
                or_(outbox_table.c.locked_until.is_(None), outbox_table.c.locked_until <= now),
            )
            .values(locked_until=lease_until)
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def leased(self, ids: Sequence[int], lease_until: datetime) -> list[OutboxMessage]:
        rows = await self.session.scalars(
            select(OutboxMessage)
            .where(outbox_table.c.id.in_(ids), outbox_table.c.locked_until == lease_until)
            .order_by(outbox_table.c.next_attempt_at, outbox_table.c.id)
        )
        return list(rows)

    async def languages(self, user_ids: Iterable[int]) -> dict[int, str]:
        ids = set(user_ids)
        if not ids:
            return {}
        rows = await self.session.execute(
            select(users_table.c.id, users_table.c.language).where(users_table.c.id.in_(ids))
        )
        return {user_id: language for user_id, language in rows}

    async def switched_off_pairs(self, user_ids: Iterable[int]) -> set[tuple[int, str]]:
        """(user id, kind) of the given users' switched-off kinds."""
        ids = set(user_ids)
        if not ids:
            return set()
        rows = await self.session.execute(
            select(
                notification_preferences_table.c.user_id, notification_preferences_table.c.kind
            ).where(
                notification_preferences_table.c.user_id.in_(ids),
                notification_preferences_table.c.enabled.is_(False),
            )
        )
        return {(user_id, kind) for user_id, kind in rows}

    async def finish(self, message_id: int, lease_until: datetime, values: dict[str, Any]) -> bool:
        """Writes an outcome to a row this sender still holds; False when it no longer does."""
        result = await self.session.execute(
            update(OutboxMessage)
            .where(outbox_table.c.id == message_id, outbox_table.c.locked_until == lease_until)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def renew_leases(self, held: Mapping[int, datetime], lease_until: datetime) -> set[int]:
        """Moves every row of `held` (row id -> the lease it is held under) still held so to the
        lease `lease_until`, in one UPDATE; the ids of the rows that are now held under it."""
        if not held:
            return set()
        by_lease: dict[datetime, list[int]] = {}
        for row_id, lease in held.items():
            by_lease.setdefault(lease, []).append(row_id)
        await self.session.execute(
            update(OutboxMessage)
            .where(
                outbox_table.c.status == OutboxStatus.PENDING.value,
                or_(
                    *(
                        and_(outbox_table.c.locked_until == lease, outbox_table.c.id.in_(ids))
                        for lease, ids in by_lease.items()
                    )
                ),
            )
            .values(locked_until=lease_until)
            .execution_options(synchronize_session=False)
        )
        rows = await self.session.scalars(
            select(outbox_table.c.id).where(
                outbox_table.c.id.in_(list(held)), outbox_table.c.locked_until == lease_until
            )
        )
        return set(rows)

    async def release(self, ids: Sequence[int], lease_until: datetime) -> None:
        if ids:
            await self.session.execute(
                update(OutboxMessage)
                .where(outbox_table.c.id.in_(ids), outbox_table.c.locked_until == lease_until)
                .values(locked_until=None)
                .execution_options(synchronize_session=False)
            )

    async def block_chat(self, chat_id: int, now: datetime, error: str) -> int:
        """The chat blocked the bot: its identities are marked, its pending rows skipped."""
        await self.session.execute(
            update(TelegramIdentity)
            .where(
                telegram_identities_table.c.chat_id == chat_id,
                telegram_identities_table.c.blocked_at.is_(None),
            )
            .values(blocked_at=now)
            .execution_options(synchronize_session=False)
        )
        result = await self.session.execute(
            update(OutboxMessage)
            .where(
                outbox_table.c.chat_id == chat_id,
                outbox_table.c.status == OutboxStatus.PENDING.value,
            )
            .values(status=OutboxStatus.SKIPPED.value, last_error=error, locked_until=None)
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def skip_pending(self, user_id: int, kind: str) -> None:
        await self.session.execute(
            update(OutboxMessage)
            .where(
                outbox_table.c.user_id == user_id,
                outbox_table.c.kind == kind,
                outbox_table.c.status == OutboxStatus.PENDING.value,
                outbox_table.c.locked_until.is_(None),
            )
            .values(status=OutboxStatus.SKIPPED.value, last_error="switched off")
            .execution_options(synchronize_session=False)
        )

    async def count_by_status(self) -> dict[str, int]:
        rows = await self.session.execute(
            select(outbox_table.c.status, func.count()).group_by(outbox_table.c.status)
        )
        return {status: count for status, count in rows}

    # --- preferences -------------------------------------------------------------------------
    async def switched_off(self, user_id: int) -> set[str]:
        return {kind for _user_id, kind in await self.switched_off_pairs([user_id])}

    async def set_preference(self, user_id: int, kind: str, enabled: bool) -> None:
        preference = await self.session.scalar(
            select(NotificationPreference).where(
                notification_preferences_table.c.user_id == user_id,
                notification_preferences_table.c.kind == kind,
            )
        )
        if preference is None:
            self.session.add(NotificationPreference(user_id=user_id, kind=kind, enabled=enabled))
        else:
            preference.enabled = enabled

    # --- recipients in chunks (keyset by the identity's id) ----------------------------------
    async def linked_recipients(
        self, after_identity: int, limit: int, kind: str | None, branch: str | None = None
    ) -> list[Recipient]:
        """Reachable chats of users with an active linked account (in `branch` when given)
        who have not switched `kind` off."""
        return await self._recipients(after_identity, limit, kind, _has_linked_account(branch))

    async def count_linked_recipients(self, branch: str | None) -> int:
        """How many chats `linked_recipients` walks through (with no `kind`), in one count."""
        query = (
            select(func.count())
            .select_from(User)
            .join(TelegramIdentity, telegram_identities_table.c.user_id == users_table.c.id)
            .where(*_reachable(_has_linked_account(branch)))
        )
        return int(await self.session.scalar(query) or 0)

    async def recipients_missing_readings(
        self, after_identity: int, limit: int, kind: str, period: str
    ) -> list[Recipient]:
        """As `linked_recipients`, for users with a meter on an active account that has no
        reading (other than a rejected one) for `period`."""
        sent = select(readings_table.c.id).where(
            readings_table.c.meter_id == meters_table.c.id,
            readings_table.c.period == period,
            readings_table.c.status != ReadingStatus.REJECTED.value,
        )
        lacking = (
            select(meters_table.c.id)
            .join(AccountLink, account_links_table.c.account_id == meters_table.c.account_id)
            .where(
                account_links_table.c.user_id == users_table.c.id,
                account_links_table.c.status == LinkStatus.ACTIVE.value,
                ~exists(sent),
            )
        )
        return await self._recipients(after_identity, limit, kind, exists(lacking))

    async def _recipients(
        self, after_identity: int, limit: int, kind: str | None, condition: Any
    ) -> list[Recipient]:
        query = (
            select(
                users_table.c.id,
                telegram_identities_table.c.telegram_user_id,
                telegram_identities_table.c.chat_id,
                telegram_identities_table.c.id,
            )
            .join(TelegramIdentity, telegram_identities_table.c.user_id == users_table.c.id)
            .where(telegram_identities_table.c.id > after_identity, *_reachable(condition))
            .order_by(telegram_identities_table.c.id)
            .limit(limit)
        )
        if kind is not None:
            query = query.where(_not_switched_off(kind))
        rows = await self.session.execute(query)
        return list(rows)

    async def meters_due(self, after_meter: int, limit: int, today: date, until: date) -> list[int]:
        """Ids of meters whose verification falls between `today` and `until`, in id order."""
        rows = await self.session.scalars(
            select(meters_table.c.id)
            .where(
                meters_table.c.id > after_meter,
                meters_table.c.next_verification_on.is_not(None),
                and_(
                    meters_table.c.next_verification_on >= today,
                    meters_table.c.next_verification_on <= until,
                ),
            )
            .order_by(meters_table.c.id)
            .limit(limit)
        )
        return list(rows)

    async def verification_recipients(
        self, meter_ids: Sequence[int], kind: str
    ) -> list[tuple[int, str, date, str, int, int, int]]:
        """(meter id, serial, due date, account number, user id, telegram user id, chat id): one
        row per reachable chat of a user who has the meter's account linked."""
        if not meter_ids:
            return []
        rows = await self.session.execute(
            select(
                meters_table.c.id,
                meters_table.c.serial,
                meters_table.c.next_verification_on,
                accounts_table.c.number,
                users_table.c.id,
                telegram_identities_table.c.telegram_user_id,
                telegram_identities_table.c.chat_id,
            )
            .join(Account, accounts_table.c.id == meters_table.c.account_id)
            .join(AccountLink, account_links_table.c.account_id == accounts_table.c.id)
            .join(User, users_table.c.id == account_links_table.c.user_id)
            .join(TelegramIdentity, telegram_identities_table.c.user_id == users_table.c.id)
            .where(
                meters_table.c.id.in_(meter_ids),
                account_links_table.c.status == LinkStatus.ACTIVE.value,
                users_table.c.deleted_at.is_(None),
                telegram_identities_table.c.blocked_at.is_(None),
                _not_switched_off(kind),
            )
            .order_by(meters_table.c.id, telegram_identities_table.c.id)
        )
        return [
            (meter, serial, due, number, user, telegram, chat)
            for meter, serial, due, number, user, telegram, chat in rows
            if due is not None
        ]

    async def branches(self) -> list[str]:
        rows = await self.session.scalars(
            select(accounts_table.c.branch).distinct().order_by(accounts_table.c.branch)
        )
        return list(rows)


def _not_switched_off(kind: str) -> ColumnElement[bool]:
    """`User` (of the enclosing query) has not switched `kind` off."""
    return ~exists(
        select(notification_preferences_table.c.id).where(
            notification_preferences_table.c.user_id == users_table.c.id,
            notification_preferences_table.c.kind == kind,
            notification_preferences_table.c.enabled.is_(False),
        )
    )


def _has_linked_account(branch: str | None) -> Any:
    """The user holds an active link, to an account of `branch` when given."""
    linked = select(account_links_table.c.id).where(
        account_links_table.c.user_id == users_table.c.id,
        account_links_table.c.status == LinkStatus.ACTIVE.value,
    )
    if branch is not None:
        linked = linked.join(
            Account, accounts_table.c.id == account_links_table.c.account_id
        ).where(accounts_table.c.branch == branch)
    return exists(linked)


def _reachable(condition: Any) -> list[Any]:
    """A chat the bot can still write to, of a user who is still there and meets `condition`."""
    return [
        telegram_identities_table.c.blocked_at.is_(None),
        users_table.c.deleted_at.is_(None),
        condition,
    ]
