"""Accounts: finding one by number, linking it to a user (by ЕЛС at once, or by a meter photo
that staff review), unlinking, ownership checks and the dashboard."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from core import audit
from core.accounts import guessing
from core.accounts.address import full_address, masked_address, masked_name
from core.accounts.dashboard import DashboardClock, build_dashboards
from core.accounts.els import els_matches
from core.accounts.errors import (
    AccountAlreadyLinked,
    AccountNotFound,
    LinkNotFound,
    LinkNotPending,
    LinkRequestPending,
    NotAccountOwner,
    TooManyAccountLookups,
    WrongEls,
)
from core.accounts.views import (
    AccountDashboard,
    AccountLookupView,
    LinkedAccountView,
    LinkView,
)
from core.clock import Clock
from core.entities.accounts import Account, AccountLink, LinkAttempt
from core.enums import AuditAction, LinkMethod, LinkStatus, NotificationKind
from core.notifications.outbox import notify_user
from core.ports import UnitOfWork, UnitOfWorkFactory
from core.settings import Settings

MAX_LOOKUPS = 10
LOOKUPS_WINDOW = timedelta(hours=1)


class AccountsService:
    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock, settings: Settings) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._settings = settings

    async def lookup(self, number: str, viewer_user_id: int | None = None) -> AccountLookupView:
        """The account behind a number; its owner sees it whole, anyone else a masked view.

        A user's look-ups are limited (found or not: guessing numbers is what the limit stops),
        counted in the audit log so that every worker sees the same count."""
        async with self._uow_factory() as uow:
            if viewer_user_id is not None:
                await self._count_lookup(uow, viewer_user_id)
            account = await _account_by_number(uow, number)
            return await _lookup_view(uow, account, viewer_user_id)

    async def lookup_to_link(self, number: str, user_id: int) -> AccountLookupView:
        """`lookup` for a user about to link the account, refused when it is linked to them
        already or their request for it is pending."""
        async with self._uow_factory() as uow:
            await self._count_lookup(uow, user_id)
            account = await _account_by_number(uow, number)
            await _refuse_when_linked_or_pending(uow, user_id, account)
            return await _lookup_view(uow, account, user_id)

    async def link_by_els(self, user_id: int, number: str, els: str) -> LinkView:
        """Links at once when the ЕЛС matches. A miss counts against the user's cabinet: five
        in an hour, and its ЕЛС linking waits. Others' misses on the account never stop its
        owner; many of them alert staff (`WrongEls.alert`; see `core.accounts.guessing`)."""
        now = self._clock.now()
        async with self._uow_factory() as uow:
            account = await uow.accounts.get_by_number(_normalise_number(number))
            await guessing.refuse_when_over_limit(uow, user_id, now)
            if account is None:
                await guessing.record_failure(uow, user_id, None, now)
                raise AccountNotFound(number)
            await _refuse_when_linked_or_pending(uow, user_id, account)
            if els_matches(els, account.els):
                return await _link_at_once(uow, user_id, account, now)
            account_id = account.id
            attempts_left = await guessing.record_failure(uow, user_id, account, now)
        alert = await guessing.alert_due(self._uow_factory, account_id, now)
        raise WrongEls(attempts_left, alert)

    async def request_link_by_photo(self, user_id: int, number: str, photo_path: str) -> LinkView:
        """A request staff check against the meter's data before the account is linked."""
        now = self._clock.now()
        async with self._uow_factory() as uow:
            account = await _account_by_number(uow, number)
            await _refuse_when_linked_or_pending(uow, user_id, account)
            link = AccountLink(
                user_id=user_id,
                account_id=account.id,
                status=LinkStatus.PENDING.value,
                method=LinkMethod.PHOTO.value,
                photo_path=photo_path,
                created_at=now,
            )
            uow.accounts.add_link(link)
            await audit.record(uow, user_id, AuditAction.ACCOUNT_LINK_REQUESTED, account.id, at=now)
            await uow.commit()
            return _link_view(link, account)

    async def approve(self, link_id: int, staff_telegram_id: int) -> LinkView:
        return await self._review(link_id, staff_telegram_id, approved=True, reason=None)

    async def reject(self, link_id: int, staff_telegram_id: int, reason: str) -> LinkView:
        return await self._review(link_id, staff_telegram_id, approved=False, reason=reason)

    async def unlink(self, user_id: int, account_id: int) -> None:
        """Removes the account from the user's cabinet, or withdraws a request under review."""
        async with self._uow_factory() as uow:
            links = await uow.accounts.user_links(
                user_id, account_id, [LinkStatus.ACTIVE, LinkStatus.PENDING]
            )
            if not links:
                raise NotAccountOwner(account_id)
            for link in links:
                link.status = LinkStatus.UNLINKED.value
            await audit.record(
                uow, user_id, AuditAction.ACCOUNT_UNLINKED, account_id, at=self._clock.now()
            )
            await uow.commit()

    async def list_accounts(self, user_id: int) -> list[LinkedAccountView]:
        """The user's linked accounts and their pending requests."""
        return await self._linked(user_id, [LinkStatus.ACTIVE, LinkStatus.PENDING])

    async def active_accounts(self, user_id: int) -> list[LinkedAccountView]:
        """The accounts the user may act on (no pending request among them)."""
        return await self._linked(user_id, [LinkStatus.ACTIVE])

    async def _linked(
        self, user_id: int, statuses: Sequence[LinkStatus]
    ) -> list[LinkedAccountView]:
        async with self._uow_factory(reading=True) as uow:
            linked = await uow.accounts.linked_accounts(user_id, statuses)
            return [
                LinkedAccountView(
                    link_id=link.id,
                    account_id=account.id,
                    number=account.number,
                    address=full_address(account),
                    status=LinkStatus(link.status),
                )
                for link, account in linked
            ]

    async def dashboard(self, user_id: int) -> list[AccountDashboard]:
        when = DashboardClock.of(self._settings, self._clock.now())
        async with self._uow_factory() as uow:
            return await build_dashboards(uow, user_id, when)

    async def ensure_owner(self, user_id: int, account_id: int) -> None:
        """Every action on an account goes through here: only an ACTIVE link grants access."""
        async with self._uow_factory() as uow:
            if not await uow.accounts.has_active_link(user_id, account_id):
                raise NotAccountOwner(account_id)

    async def _count_lookup(self, uow: UnitOfWork, user_id: int) -> None:
        now = self._clock.now()
        done = await uow.audit.times_since(
            user_id, AuditAction.ACCOUNT_LOOKED_UP.value, now - LOOKUPS_WINDOW
        )
        if len(done) >= MAX_LOOKUPS:
            raise TooManyAccountLookups(done[-MAX_LOOKUPS] + LOOKUPS_WINDOW)
        await audit.record(uow, user_id, AuditAction.ACCOUNT_LOOKED_UP, at=now)
        await uow.commit()  # counted even when the number turns out to be unknown

    async def _review(
        self, link_id: int, staff_telegram_id: int, *, approved: bool, reason: str | None
    ) -> LinkView:
        now = self._clock.now()
        async with self._uow_factory() as uow:
            link = await uow.accounts.get_link(link_id)
            if link is None:
                raise LinkNotFound(link_id)
            if link.status != LinkStatus.PENDING.value:
                raise LinkNotPending(link_id, link.status)
            account = await uow.accounts.get(link.account_id)
            if account is None:
                raise LinkNotFound(link_id)
            status = LinkStatus.ACTIVE if approved else LinkStatus.REJECTED
            if not await uow.accounts.decide_pending_link(
                link_id, status, staff_telegram_id, now, reason
            ):
                raise LinkNotPending(link_id, (await _refreshed(uow, link)).status)
            action = AuditAction.ACCOUNT_LINKED if approved else AuditAction.ACCOUNT_LINK_REJECTED
            await audit.record(uow, link.user_id, action, account.id, {"method": "photo"}, at=now)
            await notify_user(
                uow,
                user_id=link.user_id,
                kind=NotificationKind.LINK_DECIDED,
                payload={"account_number": account.number, "approved": approved, "reason": reason},
                dedup_key=f"link:{link_id}",
                now=now,
            )
            await uow.commit()
            return _link_view(link, account)


async def _link_at_once(uow: UnitOfWork, user_id: int, account: Account, now: datetime) -> LinkView:
    uow.accounts.add_attempt(
        LinkAttempt(user_id=user_id, account_id=account.id, succeeded=True, created_at=now)
    )
    link = AccountLink(
        user_id=user_id,
        account_id=account.id,
        status=LinkStatus.ACTIVE.value,
        method=LinkMethod.ELS.value,
        created_at=now,
    )
    uow.accounts.add_link(link)
    await audit.record(
        uow, user_id, AuditAction.ACCOUNT_LINKED, account.id, {"method": "els"}, at=now
    )
    await uow.commit()
    return _link_view(link, account)


def _normalise_number(number: str) -> str:
    return "".join(ch for ch in number if not ch.isspace() and ch != "-")


async def _account_by_number(uow: UnitOfWork, number: str) -> Account:
    account = await uow.accounts.get_by_number(_normalise_number(number))
    if account is None:
        raise AccountNotFound(number)
    return account


async def _refuse_when_linked_or_pending(uow: UnitOfWork, user_id: int, account: Account) -> None:
    links = await uow.accounts.user_links(
        user_id, account.id, [LinkStatus.ACTIVE, LinkStatus.PENDING]
    )
    if any(link.status == LinkStatus.ACTIVE.value for link in links):
        raise AccountAlreadyLinked(account.number)
    if links:
        raise LinkRequestPending(account.number)


async def _lookup_view(
    uow: UnitOfWork, account: Account, viewer_user_id: int | None
) -> AccountLookupView:
    """The account whole for its owner, masked for anyone else."""
    owner = viewer_user_id is not None and await uow.accounts.has_active_link(
        viewer_user_id, account.id
    )
    return AccountLookupView(
        account_id=account.id,
        number=account.number,
        branch=account.branch,
        address=full_address(account) if owner else masked_address(account),
        holder_name=account.holder_name if owner else masked_name(account.holder_name),
        tariff=account.tariff,
        masked=not owner,
    )


def _link_view(link: AccountLink, account: Account) -> LinkView:
    return LinkView(
        link_id=link.id,
        user_id=link.user_id,
        account_id=account.id,
        account_number=account.number,
        address=full_address(account),
        status=LinkStatus(link.status),
        method=LinkMethod(link.method),
        created_at=link.created_at,
        reject_reason=link.reject_reason,
    )


async def _refreshed(uow: UnitOfWork, link: AccountLink) -> AccountLink:
    await uow.refresh(link)
    return link
