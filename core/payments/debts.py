"""What an account owes, per service: charged in all periods minus confirmed payments.

Billing charges a multi-zone meter per zone ("Электроэнергия (день)", "Электроэнергия (ночь)")
while a payment names the service it pays ("Электроэнергия"). One rule joins them: a service is
its name without a trailing parenthesised qualifier. «Главная» and «Оплата» both use it."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from core.accounts.views import ServiceDebt
from core.ports import UnitOfWork

ELECTRICITY = "Электроэнергия"
_QUALIFIER = re.compile(r"\s*\([^()]*\)\s*$")


def service_of(name: str) -> str:
    """ "Электроэнергия (ночь)" → "Электроэнергия"; a name without a qualifier is kept."""
    base = _QUALIFIER.sub("", name).strip()
    return base or name.strip()


async def debts_per_service(
    uow: UnitOfWork, account_ids: Sequence[int]
) -> dict[int, list[ServiceDebt]]:
    """Accounts without charges or payments are absent; services sorted by name."""
    balance: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for account_id, service, kopecks in await uow.billing.charged_per_service(account_ids):
        balance[account_id][service_of(service)] += kopecks
    for account_id, purpose, kopecks in await uow.billing.paid_per_purpose(account_ids):
        balance[account_id][service_of(purpose)] -= kopecks
    return {
        account_id: [ServiceDebt(service, debt) for service, debt in sorted(services.items())]
        for account_id, services in balance.items()
    }


def payable_services(debts: Sequence[ServiceDebt]) -> list[ServiceDebt]:
    """The services a customer may pay for: those with a balance, or electricity in advance."""
    return list(debts) if debts else [ServiceDebt(ELECTRICITY, 0)]


def suggested_amount(debt: ServiceDebt) -> int | None:
    """The amount the payment window offers for a service: the debt when something is owed;
    None when nothing is (settled or overpaid), so the customer is asked how much to pay."""
    return debt.debt_kopecks if debt.debt_kopecks > 0 else None
