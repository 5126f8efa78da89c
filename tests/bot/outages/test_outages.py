"""Outage alerts by address, as customers and staff meet them through the emulator: the grid
company's file imported, exactly the customers at its addresses told once with the times in
the company's zone, an end time changed told once, the power back, a switched-off customer told
nothing, a bad row loading nothing; «⚡ Отключения» in the menu; `/outage` in the staff group."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cli.exchange import print_rejection
from core.entities.accounts import Account
from core.exchange import BillingExchange, ImportRejected
from emulator.kit.clients import UserClient
from tests.bot.kit import BotWorld
from tests.bot.signed_in import SignedInCustomer, open_profile, signed_in_customer
from tests.core.accounts.seed import ELS

BRANCH = "Ессентукский филиал"
HEADER = "outage_id,kind,branch,locality,street,houses,starts_at,ends_at,reason"
# The world's clock: 18.11.2026 12:30 in Moscow.
EMERGENCY = f"А-17,emergency,{BRANCH},Ессентуки,улица Мира,1-9,2026-11-18 12:00,2026-11-18 16:00,Повреждение кабеля"
PLANNED = (
    f"П-5,planned,{BRANCH},г. Ессентуки,Мира ул.,1-9,2026-11-20 10:00,2026-11-20 14:00,Ремонт ТП-12"
)


@dataclass
class Street:
    anna: SignedInCustomer  # ул. Мира, 5: in 1-9
    dmitry: SignedInCustomer  # ул. Мира, 7а: in 1-9
    boris: SignedInCustomer  # пер. Мира, 5: another street of the same name
    galina: SignedInCustomer  # ул. Мира, 11: not 1


async def account_at(
    world: BotWorld, user_id: int, number: str, street: str, house: str, letter: str | None = None
) -> None:
    async with world.cabinet.uow_factory() as uow:
        uow.session.add(
            Account(
                number=number,
                els=ELS,
                branch=BRANCH,
                locality="г. Ессентуки",
                street=street,
                house=house,
                letter=letter,
                apartment="3",
                holder_name="Иванов Иван Александрович",
                tariff="городской",
            )
        )
        await uow.commit()
    await world.cabinet.accounts.link_by_els(user_id, number, ELS)


@pytest.fixture
async def street(world: BotWorld) -> Street:
    people = []
    for n, (name, street, house, letter) in enumerate(
        [
            ("Анна", "ул. Мира", "5", None),
            ("Дмитрий", "ул. Мира", "7", "А"),
            ("Борис", "пер. Мира", "5", None),
            ("Галина", "ул. Мира", "11", None),
        ]
    ):
        person = await signed_in_customer(world, phone=f"+7928000001{n}", first_name=name)
        await account_at(world, person.user.id, f"12000000{n}", street, house, letter)
        people.append(person)
    return Street(*people)


def schedule(tmp_path: Path, *rows: str, name: str = "outages.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def exchange(world: BotWorld) -> BillingExchange:
    return BillingExchange(world.cabinet.uow_factory, world.clock, world.settings)


async def quiet(*people: SignedInCustomer, within: float = 0.3) -> None:
    for person in people:
        await person.client.expect_no_message(within=within)


async def test_an_emergency_from_the_file_reaches_exactly_its_street_once(
    world: BotWorld, street: Street, tmp_path: Path
) -> None:
    summary = await exchange(world).import_file("outages", schedule(tmp_path, EMERGENCY))
    assert (summary.inserted, summary.updated) == (1, 0)

    for person in (street.anna, street.dmitry):
        notice = await person.client.expect_message(contains="Аварийное отключение")
        assert "📍 Ессентуки, улица Мира, д. 1-9" in notice.text
        assert "18.11.2026 с 12:00, ориентировочно до 16:00" in notice.text
        assert "Повреждение кабеля" in notice.text
    await quiet(street.boris, street.galina, street.anna, street.dmitry)

    again = await exchange(world).import_file("outages", schedule(tmp_path, EMERGENCY))
    await world.cabinet.reminders.run()  # the scheduler's pass too: nothing twice
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 1)
    await quiet(street.anna, street.dmitry, street.boris, street.galina)

    later = EMERGENCY.replace("2026-11-18 16:00", "2026-11-18 18:30")
    changed = await exchange(world).import_file("outages", schedule(tmp_path, later))
    assert changed.updated == 1
    for person in (street.anna, street.dmitry):
        update = await person.client.expect_message(contains="Изменилось время")
        assert "ориентировочно до 18:30" in update.text
    await exchange(world).import_file("outages", schedule(tmp_path, later))
    await world.cabinet.reminders.run()
    await quiet(street.anna, street.dmitry, street.boris, street.galina)

    world.clock.set(datetime(2026, 11, 18, 12, 0, tzinfo=UTC))  # 15:00 in Moscow
    gone = await exchange(world).import_file("outages", schedule(tmp_path))
    assert gone.cancelled == 1
    for person in (street.anna, street.dmitry):
        await person.client.expect_message(contains="Электроснабжение восстановлено")
    await quiet(street.anna, street.dmitry, street.boris, street.galina)


async def test_a_planned_cut_is_told_the_day_before_and_two_hours_before(
    world: BotWorld, street: Street, tmp_path: Path
) -> None:
    await exchange(world).import_file("outages", schedule(tmp_path, PLANNED))
    await quiet(street.anna, street.dmitry, within=0.2)  # two days ahead: not yet

    world.clock.set(datetime(2026, 11, 19, 7, 30, tzinfo=UTC))  # 23.5 h before
    await world.cabinet.reminders.run()
    await world.cabinet.reminders.run()
    for person in (street.anna, street.dmitry):
        notice = await person.client.expect_message(contains="Плановое отключение")
        assert "20.11.2026 с 10:00 до 14:00" in notice.text and "Ремонт ТП-12" in notice.text
    await quiet(street.anna, street.dmitry, street.boris, street.galina)

    world.clock.set(datetime(2026, 11, 20, 5, 15, tzinfo=UTC))  # 08:15 in Moscow
    await world.cabinet.reminders.run()
    await world.cabinet.reminders.run()
    for person in (street.anna, street.dmitry):
        soon = await person.client.expect_message(contains="Скоро плановое отключение")
        assert "20.11.2026 с 10:00 до 14:00" in soon.text
    await quiet(street.anna, street.dmitry, street.boris, street.galina)


async def test_a_cancelled_planned_cut_is_told_to_those_who_heard_of_it(
    world: BotWorld, street: Street, tmp_path: Path
) -> None:
    await exchange(world).import_file("outages", schedule(tmp_path, PLANNED))
    world.clock.set(datetime(2026, 11, 19, 8, 0, tzinfo=UTC))
    await world.cabinet.reminders.run()
    for person in (street.anna, street.dmitry):
        await person.client.expect_message(contains="Плановое отключение")

    await exchange(world).import_file("outages", schedule(tmp_path))

    for person in (street.anna, street.dmitry):
        await person.client.expect_message(contains="Отключение электроэнергии отменено")
    await world.cabinet.reminders.run()
    await quiet(street.anna, street.dmitry, street.boris, street.galina)


async def test_a_customer_who_switched_outages_off_is_told_nothing(
    world: BotWorld, street: Street, tmp_path: Path
) -> None:
    await open_profile(street.anna)
    await street.anna.client.click("🔔 Уведомления")
    await street.anna.client.expect_edit(contains="Уведомления")
    await street.anna.client.click("✅ Отключения электроэнергии")
    switched = await street.anna.client.expect_edit(contains="Уведомления")
    assert "⬜ Отключения электроэнергии" in switched.button_list

    await exchange(world).import_file("outages", schedule(tmp_path, EMERGENCY))

    await street.dmitry.client.expect_message(contains="Аварийное отключение")
    await quiet(street.anna, within=0.5)


async def test_a_malformed_row_loads_nothing_and_is_named_by_its_line(
    world: BotWorld, street: Street, tmp_path: Path
) -> None:
    bad = PLANNED.replace("П-5", "П-6").replace(",1-9,", ",1-15 через,")
    path = schedule(tmp_path, EMERGENCY, bad)

    with pytest.raises(ImportRejected) as rejected:
        await exchange(world).import_file("outages", path)

    report = io.StringIO()
    print_rejection(path, rejected.value, report)
    assert report.getvalue().splitlines() == [
        f"{path}:3: houses '1-15 через': «через» is not чёт or нечёт",
        f"{path}: 1 bad rows; nothing loaded",
    ]
    await world.cabinet.reminders.run()
    await quiet(street.anna, street.dmitry, within=0.5)
    await street.anna.client.send("⚡ Отключения")
    await street.anna.client.expect_message(contains="нет и не запланировано")


async def test_the_outages_section_shows_the_cuts_at_the_customer_s_own_addresses(
    world: BotWorld, street: Street, tmp_path: Path
) -> None:
    await exchange(world).import_file("outages", schedule(tmp_path, EMERGENCY, PLANNED))
    await street.anna.client.expect_message(contains="Аварийное")

    await street.anna.client.send("⚡ Отключения")
    listed = await street.anna.client.expect_message(contains="по вашим адресам")
    assert listed.text.index("Сейчас") < listed.text.index("Плановое")
    assert "18.11.2026 с 12:00, ориентировочно до 16:00" in listed.text
    assert "20.11.2026 с 10:00 до 14:00" in listed.text
    assert "Лицевой счёт: 120000000" in listed.text

    await street.galina.client.send("⚡ Отключения")
    await street.galina.client.expect_message(contains="нет и не запланировано")


async def staff_member(world: BotWorld) -> UserClient:
    olga = await world.customer(first_name="Ольга")
    await world.emu.staff.add_member(olga, "member")
    return olga


async def test_staff_post_an_emergency_see_its_reach_and_say_when_the_power_is_back(
    world: BotWorld, street: Street
) -> None:
    olga = await staff_member(world)
    staff = world.emu.staff

    await staff.send(olga, "/outage")
    await staff.expect_message(contains="Какое оно?")
    await staff.click(olga, "Аварийное")
    await staff.expect_message(contains="Филиал")
    await staff.click(olga, BRANCH)
    for question, answer in [
        ("Населённый пункт", "г. Ессентуки"),
        ("Улица", "ул. Мира"),
        ("Дома", "1-9 через"),  # not a range: asked again
        ("Дома", "1-9"),
        ("Начало", "сейчас"),
        ("окончание", "вчера"),  # not a time: asked again
        ("окончание", "18.11.2026 16:00"),
    ]:
        await staff.expect_message(contains=question)
        await staff.send(olga, answer)
    await staff.expect_message(contains="Причина")
    await staff.send(olga, "Повреждение кабеля")

    preview = await staff.expect_message(contains="Отправить?")
    assert "лицевых счетов: 2; абонентов в боте: 2" in preview.text
    assert "18.11.2026 с 12:30, ориентировочно до 16:00" in preview.text
    await quiet(street.anna, street.dmitry, within=0.2)
    await staff.click(olga, "Отправить", message=preview)

    for person in (street.anna, street.dmitry):
        notice = await person.client.expect_message(contains="Аварийное отключение")
        assert "ориентировочно до 16:00" in notice.text
    await quiet(street.boris, street.galina)

    await staff.click(olga, "💡 Свет дали")
    for person in (street.anna, street.dmitry):
        await person.client.expect_message(contains="Электроснабжение восстановлено")
    await quiet(street.anna, street.dmitry, street.boris, street.galina)


async def test_only_staff_post_outages(world: BotWorld) -> None:
    olga = await staff_member(world)
    observer = await staff_member(world)  # in the group, but not among STAFF_USER_IDS
    world.settings.staff_user_ids = frozenset({olga.id})
    await world.emu.staff.send(observer, "/outage")
    refusal = await world.emu.staff.expect_message(contains="только сотрудники")
    assert refusal.button_list == []


async def test_cancel_leaves_the_staff_dialog(world: BotWorld, street: Street) -> None:
    olga = await staff_member(world)
    staff = world.emu.staff
    await staff.send(olga, "/outage")
    await staff.expect_message(contains="Какое оно?")
    await staff.click(olga, "Плановое")
    await staff.expect_message(contains="Филиал")
    await staff.click(olga, BRANCH)
    await staff.expect_message(contains="Населённый пункт")

    await staff.send(olga, "/cancel")
    await staff.expect_message(contains="Отменено")
    await staff.send(olga, "г. Ессентуки")
    await staff.expect_no_message()
