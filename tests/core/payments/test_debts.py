"""The payment window's amount is core's rule: the debt when one is owed, else a question."""

from __future__ import annotations

from core.accounts.views import ServiceDebt
from core.payments.debts import ELECTRICITY, suggested_amount


def test_the_debt_is_the_suggested_amount() -> None:
    assert suggested_amount(ServiceDebt(ELECTRICITY, 94_908)) == 94_908
    assert suggested_amount(ServiceDebt("Вывоз ТКО", 1)) == 1


def test_nothing_is_suggested_when_nothing_is_owed() -> None:
    assert suggested_amount(ServiceDebt(ELECTRICITY, 0)) is None  # settled, or paying in advance
    assert suggested_amount(ServiceDebt(ELECTRICITY, -15_000)) is None  # overpaid
