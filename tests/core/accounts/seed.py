"""Test data written straight into the tables, as billing's import would leave it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from core.entities.accounts import Account
from core.entities.billing import Charge
from core.entities.meters import Meter
from core.entities.payments import Payment
from core.entities.readings import Reading
from core.entities.users import TelegramIdentity, User
from core.enums import PaymentSource, PaymentStatus, ReadingSource, ReadingStatus
from core.settings import Settings
from storage.uow import UnitOfWorkFactory

# 18 July 2026, 12:00 in Moscow: inside the default 15..25 window.
NOW = datetime(2026, 7, 18, 9, 0, tzinfo=UTC)
ELS = "77МН000000"


def settings() -> Settings:
    return Settings(
        _env_file=None,
        timezone="Europe/Moscow",
        readings_window_start_day=15,
        readings_window_end_day=25,
    )


@dataclass(frozen=True)
class SeededAccount:
    id: int
    number: str
    holder_name: str


class Seed:
    def __init__(self, uow_factory: UnitOfWorkFactory) -> None:
        self.uow_factory = uow_factory
        self._numbers = 0

    async def user(self) -> int:
        return await self._add(User(created_at=NOW))

    async def account(
        self,
        number: str | None = None,
        els: str | None = ELS,
        holder_name: str = "Иванов Иван Александрович",
        apartment: str | None = "5",
    ) -> SeededAccount:
        self._numbers += 1
        number = number or f"{110000000 + self._numbers}"
        account = Account(
            number=number,
            els=els,
            branch="Ессентукский филиал",
            locality="г. Ессентуки",
            street="ул. Терская",
            house="128",
            letter="А",
            apartment=apartment,
            holder_name=holder_name,
            tariff="городской",
        )
        account_id = await self._add(account)
        return SeededAccount(account_id, number, holder_name)

    async def meter(
        self,
        account_id: int,
        serial: str = "67005887",
        digits: int = 5,
        decimals: int = 0,
        zones: str = "T",
        next_verification_on: date | None = date(2034, 9, 30),
    ) -> int:
        return await self._add(
            Meter(
                account_id=account_id,
                serial=serial,
                model="Меркурий 201",
                digits=digits,
                decimals=decimals,
                zones=zones,
                installed_on=date(2018, 8, 8),
                next_verification_on=next_verification_on,
            )
        )

    async def reading(
        self,
        meter_id: int,
        value: str,
        taken_at: datetime,
        period: str,
        zone: str = "T",
        consumption: str | None = None,
        status: ReadingStatus = ReadingStatus.ACCEPTED,
        source: ReadingSource = ReadingSource.IMPORT,
    ) -> int:
        return await self._add(
            Reading(
                meter_id=meter_id,
                zone=zone,
                value=Decimal(value),
                consumption=Decimal(consumption) if consumption is not None else None,
                taken_at=taken_at,
                period=period,
                source=source.value,
                status=status.value,
                created_at=taken_at,
            )
        )

    async def charge(
        self,
        account_id: int,
        period: str,
        amount_kopecks: int,
        service: str = "Электроэнергия",
        tariff_rub: str | None = "6.47",
    ) -> int:
        return await self._add(
            Charge(
                account_id=account_id,
                period=period,
                service=service,
                consumption_kwh=None,
                tariff_rub=Decimal(tariff_rub) if tariff_rub is not None else None,
                amount_kopecks=amount_kopecks,
            )
        )

    async def payment(
        self,
        account_id: int,
        amount_kopecks: int,
        paid_at: datetime | None,
        purpose: str = "Электроэнергия",
        status: PaymentStatus = PaymentStatus.CONFIRMED,
        created_at: datetime | None = None,
    ) -> int:
        return await self._add(
            Payment(
                account_id=account_id,
                amount_kopecks=amount_kopecks,
                purpose=purpose,
                source=PaymentSource.BANK.value,
                status=status.value,
                paid_at=paid_at,
                created_at=created_at or paid_at or NOW,
            )
        )

    async def telegram(self, user_id: int, telegram_id: int, at: datetime = NOW) -> int:
        """The user signed in from a Telegram chat of the same id (where the outbox sends)."""
        return await self._add(
            TelegramIdentity(
                telegram_user_id=telegram_id, user_id=user_id, chat_id=telegram_id, created_at=at
            )
        )

    async def _add(
        self, row: User | Account | Meter | Reading | Charge | Payment | TelegramIdentity
    ) -> int:
        async with self.uow_factory() as uow:
            uow.session.add(row)
            await uow.commit()
            return row.id
