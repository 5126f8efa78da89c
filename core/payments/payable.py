"""«Оплата»'s first screens: which accounts the customer may pay and what each owes, per
service, and the amount they type."""

from __future__ import annotations

from core.accounts.address import full_address, masked_address
from core.accounts.errors import NotAccountOwner
from core.accounts.ownership import ensure_owner
from core.accounts.service import AccountsService
from core.accounts.views import ServiceDebt
from core.entities.accounts import Account
from core.enums import LinkStatus
from core.payments.amounts import max_payment_kopecks, parse_amount
from core.payments.debts import debts_per_service, payable_services
from core.payments.views import PayableAccount
from core.ports import UnitOfWorkFactory
from core.settings import Settings


class PayableAccounts:
    def __init__(
        self, uow_factory: UnitOfWorkFactory, settings: Settings, accounts: AccountsService
    ) -> None:
        self._uow_factory = uow_factory
        self._settings = settings
        self._accounts = accounts

    @property
    def max_kopecks(self) -> int:
        return max_payment_kopecks(self._settings)

    def parse_amount(self, text: str) -> int:
        return parse_amount(text, self.max_kopecks)

    async def accounts(self, user_id: int) -> list[PayableAccount]:
        """The user's active accounts, oldest link first, each with its services' debts."""
        async with self._uow_factory() as uow:
            linked = await uow.accounts.linked_accounts(user_id, [LinkStatus.ACTIVE])
            accounts = list({account.id: account for _link, account in linked}.values())
            debts = await debts_per_service(uow, [account.id for account in accounts])
            return [
                _payable(account, debts.get(account.id, []), masked=False) for account in accounts
            ]

    async def account(self, user_id: int, account_id: int) -> PayableAccount:
        """One of the user's own accounts (a crafted id of another's is refused)."""
        async with self._uow_factory() as uow:
            account = await uow.accounts.get(account_id)
            if account is None:
                raise NotAccountOwner(account_id)
            await ensure_owner(uow, user_id, account_id)
            debts = await debts_per_service(uow, [account_id])
            return _payable(account, debts.get(account_id, []), masked=False)

    async def other_account(self, user_id: int, number: str) -> PayableAccount:
        """«Оплатить по другому лицевому счёту»: anyone may pay any account, seeing only a
        masked address; the look-ups count against the same limit as everywhere else."""
        found = await self._accounts.lookup(number, user_id)
        return await self.account_by_id(found.account_id, masked=found.masked)

    async def account_by_id(self, account_id: int, *, masked: bool) -> PayableAccount:
        async with self._uow_factory() as uow:
            account = await uow.accounts.get(account_id)
            if account is None:
                raise NotAccountOwner(account_id)
            debts = await debts_per_service(uow, [account_id])
            return _payable(account, debts.get(account_id, []), masked=masked)


def _payable(account: Account, debts: list[ServiceDebt], masked: bool) -> PayableAccount:
    return PayableAccount(
        account_id=account.id,
        number=account.number,
        address=masked_address(account) if masked else full_address(account),
        masked=masked,
        services=payable_services(debts),
    )
