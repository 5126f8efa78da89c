"""Repeated keys are found by fingerprint; two different keys sharing one must still load.

No real pair of account numbers is known to share a hash, so the accounts kind here keys two
accounts by -1 and -2, which CPython hashes alike (hash(-1) == hash(-2) == -2).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncEngine

from core.exchange.accounts import AccountRecord, AccountsKind
from core.exchange.kind import ImportContext
from core.exchange.loader import import_rows
from storage.database import create_session_factory
from storage.uow import unit_of_work_factory
from tests.exchange.conftest import NOW
from tests.exchange.tables import TABLES, rows_of

ROWS = [
    ["260100000001", "", "Пятигорский", "г. Пятигорск", "", "", "", "", "", "Иванов И. И.", "x"],
    ["260100000002", "", "Пятигорский", "г. Пятигорск", "", "", "", "", "", "Петров П. П.", "x"],
    ["260100000003", "", "Пятигорский", "г. Пятигорск", "", "", "", "", "", "Сидоров С. С.", "x"],
]
CLASHING_KEYS = {"260100000001": -1, "260100000002": -2}


class ClashingAccountsKind(AccountsKind):
    def key(self, record: AccountRecord) -> str | int:  # type: ignore[override]
        return CLASHING_KEYS.get(record.number, record.number)


async def test_keys_that_only_share_a_fingerprint_are_not_repeats(
    any_engine: AsyncEngine,
) -> None:
    assert hash(-1) == hash(-2)
    kind = ClashingAccountsKind(ImportContext(ZoneInfo("Europe/Moscow"), NOW))

    summary = await import_rows(
        kind,
        lambda: enumerate(ROWS, start=2),
        unit_of_work_factory(create_session_factory(any_engine)),
        batch_size=2,
    )

    assert (summary.rows, summary.inserted) == (3, 3)
    accounts = await rows_of(any_engine, TABLES[0])
    assert [account["number"] for account in accounts] == [row[0] for row in ROWS]
