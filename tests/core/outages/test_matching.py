"""The address rules of outages (core.outages.address) on real-looking Stavropol Krai addresses:
each pair is an account's address (as billing writes it) and an outage's place (as the grid
company writes it), matched or not. Every pair is checked by the rules in Python and by the SQL
query that finds an outage's accounts, on SQLite and PostgreSQL: the two must agree."""

from __future__ import annotations

from typing import NamedTuple

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from core.entities.accounts import Account
from core.outages.address import (
    HousesError,
    house_key,
    in_place,
    locality_key,
    parse_houses,
    place_of,
    street_key,
)
from storage.database import create_session_factory
from storage.repositories.outages import OutagesRepository

BRANCH = "Ставропольский филиал"


class Pair(NamedTuple):
    account: tuple[str, str | None, str | None, str | None]  # locality, street, house, letter
    outage: tuple[str, str | None, str]  # locality, street, houses
    matches: bool


PAIRS = [
    # the same street written differently
    Pair(("г. Ставрополь", "ул. Мира", "5", None), ("Ставрополь", "улица Мира", "1-15"), True),
    Pair(("г. Ставрополь", "ул. Мира", "5", None), ("г. Ставрополь", "Мира ул", "5"), True),
    Pair(("г. Ставрополь", "ул. Мира", "5", None), ("г.Ставрополь", "УЛ.МИРА", "5"), True),
    Pair(("г. Ставрополь", "ул. Мира", "5", None), ("г. Ставрополь", "Мира", "5"), True),
    Pair(("г. Ставрополь", "ул.  Мира ", "5", None), ("Ставрополь г", "ул Мира", "все"), True),
    Pair(("г. Ставрополь", "пр-кт Кулакова", "10", None), ("Ставрополь", "пр. Кулакова", "10"), True),
    Pair(("г. Ставрополь", "проспект Кулакова", "10", None), ("Ставрополь", "пр-кт Кулакова", "2-20 чёт"), True),
    Pair(("г. Пятигорск", "ул. Пирогова", "3", None), ("г. Пятигорск", "ул. Пирогова", "1-15"), True),
    Pair(("ст-ца Ессентукская", "ул. Гагарина", "12", None), ("станица Ессентукская", "улица Гагарина", "10-14"), True),
    Pair(("с. Александровское", "ул. Вёшенская", "4", None), ("с. Александровское", "ул. Вешенская", "4"), True),
    Pair(("п. Иноземцево", "ул. Шоссейная", "40", None), ("поселок Иноземцево", "Шоссейная ул.", "40"), True),
    Pair(("х. Восточный", "ул. Садовая", "1", None), ("хутор Восточный", "ул. Садовая", "все"), True),
    # «ул. Мира» is not «пер. Мира», nor another street of the same name elsewhere
    Pair(("г. Ставрополь", "пер. Мира", "5", None), ("г. Ставрополь", "ул. Мира", "1-15"), False),
    Pair(("г. Ставрополь", "ул. Мира", "5", None), ("г. Ставрополь", "переулок Мира", "1-15"), False),
    Pair(("г. Ставрополь", "пр. Кулакова", "10", None), ("г. Ставрополь", "ул. Кулакова", "10"), False),
    Pair(("г. Михайловск", "ул. Мира", "5", None), ("г. Ставрополь", "ул. Мира", "1-15"), False),
    Pair(("г. Ставрополь", "ул. Мира", "5", None), ("г. Ставрополь", "ул. Мира", "6-20"), False),
    # 1 is not 11
    Pair(("г. Ессентуки", "ул. Терская", "11", None), ("г. Ессентуки", "ул. Терская", "1"), False),
    Pair(("г. Ессентуки", "ул. Терская", "1", None), ("г. Ессентуки", "ул. Терская", "11"), False),
    Pair(("г. Ессентуки", "ул. Терская", "1", None), ("г. Ессентуки", "ул. Терская", "1"), True),
    Pair(("г. Ессентуки", "ул. Терская", "11", None), ("г. Ессентуки", "ул. Терская", "1-10"), False),
    Pair(("г. Ессентуки", "ул. Терская", "110", None), ("г. Ессентуки", "ул. Терская", "1-11"), False),
    # 7 is not 7а, and a letter as a column or in the house is the same
    Pair(("г. Кисловодск", "ул. Кирова", "7", "а"), ("г. Кисловодск", "ул. Кирова", "7"), False),
    Pair(("г. Кисловодск", "ул. Кирова", "7", None), ("г. Кисловодск", "ул. Кирова", "7а"), False),
    Pair(("г. Кисловодск", "ул. Кирова", "7", "А"), ("г. Кисловодск", "ул. Кирова", "7а"), True),
    Pair(("г. Кисловодск", "ул. Кирова", "7а", None), ("г. Кисловодск", "ул. Кирова", "7 А"), True),
    Pair(("г. Кисловодск", "ул. Кирова", "7 А", None), ("г. Кисловодск", "ул. Кирова", "7-а"), True),
    Pair(("г. Кисловодск", "ул. Кирова", "7", "Б"), ("г. Кисловодск", "ул. Кирова", "7а"), False),
    Pair(("г. Кисловодск", "ул. Кирова", "7", "а"), ("г. Кисловодск", "ул. Кирова", "1-15"), True),
    Pair(("г. Кисловодск", "ул. Кирова", "15", "б"), ("г. Кисловодск", "ул. Кирова", "1-15"), True),
    # fractions: the corner house's first number is this street's
    Pair(("г. Невинномысск", "ул. Гагарина", "12/1", None), ("г. Невинномысск", "ул. Гагарина", "12"), True),
    Pair(("г. Невинномысск", "ул. Гагарина", "12/1", None), ("г. Невинномысск", "ул. Гагарина", "12/1"), True),
    Pair(("г. Невинномысск", "ул. Гагарина", "12/2", None), ("г. Невинномысск", "ул. Гагарина", "12/1"), False),
    Pair(("г. Невинномысск", "ул. Гагарина", "12", None), ("г. Невинномысск", "ул. Гагарина", "12/1"), False),
    Pair(("г. Невинномысск", "ул. Гагарина", "12/1", None), ("г. Невинномысск", "ул. Гагарина", "10-14 чёт"), True),
    Pair(("г. Невинномысск", "ул. Гагарина", "121/1", None), ("г. Невинномысск", "ул. Гагарина", "12"), False),
    # even and odd sides
    Pair(("г. Георгиевск", "ул. Октябрьская", "14", None), ("г. Георгиевск", "ул. Октябрьская", "2-20 чёт"), True),
    Pair(("г. Георгиевск", "ул. Октябрьская", "15", None), ("г. Георгиевск", "ул. Октябрьская", "2-20 чёт"), False),
    Pair(("г. Георгиевск", "ул. Октябрьская", "15", None), ("г. Георгиевск", "ул. Октябрьская", "1-19 нечёт"), True),
    Pair(("г. Георгиевск", "ул. Октябрьская", "21", None), ("г. Георгиевск", "ул. Октябрьская", "1-19 нечет"), False),
    Pair(("г. Георгиевск", "ул. Октябрьская", "16", None), ("г. Георгиевск", "ул. Октябрьская", "1-19 (нечёт.)"), False),
    # lists
    Pair(("г. Минеральные Воды", "ул. 22 Партсъезда", "9", None), ("г. Минеральные Воды", "ул. 22 Партсъезда", "1-5, 9, 11а"), True),
    Pair(("г. Минеральные Воды", "ул. 22 Партсъезда", "11", None), ("г. Минеральные Воды", "ул. 22 Партсъезда", "1-5, 9, 11а"), False),
    Pair(("г. Минеральные Воды", "ул. 22 Партсъезда", "11", "а"), ("г. Минеральные Воды", "ул. 22 Партсъезда", "1-5; 9; 11а"), True),
    # a building (корпус) is part of its house
    Pair(("г. Буденновск", "мкр. 8-й", "15к2", None), ("г. Буденновск", "микрорайон 8-й", "15"), True),
    # a village without streets, and a whole locality
    Pair(("с. Надзорное", None, "5", None), ("с. Надзорное", None, "1-10"), True),
    Pair(("с. Надзорное", "ул. Ленина", "5", None), ("с. Надзорное", None, "1-10"), False),
    Pair(("с. Надзорное", "ул. Ленина", "5", None), ("с. Надзорное", None, "все"), True),
    Pair(("с. Надзорное", "ул. Ленина", "б/н", None), ("с. Надзорное", "ул. Ленина", "все"), True),
    Pair(("с. Надзорное", "ул. Ленина", "б/н", None), ("с. Надзорное", "ул. Ленина", "1-100"), False),
    Pair(("с. Надежда", "ул. Ленина", "5", None), ("с. Надзорное", None, "все"), False),
]  # fmt: skip


def test_the_table_has_at_least_40_pairs_both_ways() -> None:
    assert len(PAIRS) >= 40
    assert sum(p.matches for p in PAIRS) >= 15
    assert sum(not p.matches for p in PAIRS) >= 15


@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: f"{p.account}~{p.outage}")
def test_the_rules(pair: Pair) -> None:
    locality, street, house, letter = pair.account
    place = place_of(*pair.outage)
    assert in_place(place, locality, street, house_key(house, letter)) is pair.matches


async def test_the_query_agrees_with_the_rules(any_engine: AsyncEngine) -> None:
    session_factory = create_session_factory(any_engine)
    async with session_factory() as session:
        accounts = []
        for index, pair in enumerate(PAIRS):
            locality, street, house, letter = pair.account
            accounts.append(
                Account(
                    number=f"26{index:07d}",
                    branch=BRANCH,
                    locality=locality,
                    street=street,
                    house=house,
                    letter=letter,
                    holder_name="Петров П. П.",
                    tariff="городской",
                )
            )
        session.add_all(accounts)
        await session.commit()
        repository = OutagesRepository(session)
        wrong = []
        for account, pair in zip(accounts, PAIRS, strict=True):
            found = await repository.matching_account_ids(BRANCH, place_of(*pair.outage))
            if (account.id in found) is not pair.matches:
                wrong.append(pair)
            other_branch = await repository.matching_account_ids("Другой", place_of(*pair.outage))
            assert account.id not in other_branch
        assert wrong == []


def test_keys() -> None:
    assert locality_key("  г.  Ставрополь ") == "ставрополь"
    assert locality_key("ст-ца Ессентукская") == "ессентукская"
    assert street_key("Мира") == street_key("ул. Мира") == "ул мира"
    assert street_key("пер. Мира") == "пер мира"
    assert street_key(None) == ""
    assert house_key("7", "А") == house_key("7а") == house_key("7 а") == house_key("7-А")


@pytest.mark.parametrize(
    "text", ["", "15-1", "1-15 через", "все, 5", "дом", "1-999999", "7аа", "1--5"]
)
def test_unreadable_houses(text: str) -> None:
    with pytest.raises(HousesError):
        parse_houses(text)
