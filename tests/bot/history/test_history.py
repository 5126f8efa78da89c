"""«История» → «Показания»: per account and meter, newest first, ten rows a page with ‹ ›,
the source and status of each reading (with the reason of a refusal)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from bot.handlers.history.keyboards import ReadingsPage
from core.entities.readings import Reading
from core.enums import ReadingSource, ReadingStatus
from tests.bot.kit import BotWorld
from tests.bot.signed_in import linked_account, press_crafted, signed_in_customer
from tests.core.accounts.seed import Seed

FIRST = datetime(2025, 1, 20, 9, 0, tzinfo=UTC)


async def _monthly_readings(seed: Seed, meter: int, months: int) -> None:
    sources = [ReadingSource.WEB, ReadingSource.RECEIPT, ReadingSource.INSPECTOR, ReadingSource.BOT]
    for month in range(months):
        taken_at = FIRST + timedelta(days=31 * month)
        await seed.reading(
            meter,
            str(1000 + 100 * month),
            taken_at,
            f"{taken_at.year}-{taken_at.month:02d}",
            consumption="100" if month else None,
            source=sources[month % len(sources)],
        )


async def _rejected(seed: Seed, meter: int, value: str, reason: str) -> None:
    async with seed.uow_factory() as uow:
        taken_at = datetime(2026, 11, 17, 9, 0, tzinfo=UTC)
        uow.session.add(
            Reading(
                meter_id=meter,
                zone="T",
                value=Decimal(value),
                consumption=None,
                taken_at=taken_at,
                period="2026-11",
                source=ReadingSource.BOT.value,
                status=ReadingStatus.REJECTED.value,
                reject_reason=reason,
                created_at=taken_at,
            )
        )
        await uow.commit()


async def test_readings_newest_first_ten_a_page_with_sources_and_statuses(
    world: BotWorld, seed: Seed
) -> None:
    anna = await signed_in_customer(world)
    account = await linked_account(world, seed, anna.user.id, "110000001")
    meter = await seed.meter(account, serial="67005887")
    await _monthly_readings(seed, meter, 11)
    await _rejected(seed, meter, "900", "Меньше предыдущих <показаний>")

    await anna.client.send("📜 История")
    await anna.client.expect_message(contains="История по лицевому счёту № 110000001")
    await anna.client.click("📈 Показания")
    first = await anna.client.expect_message(contains="📈 Показания (страница 1 из 2)")
    assert first.text.index("17.11.2026") < first.text.index("26.11.2025")  # newest first
    assert "❌ отклонено: Меньше предыдущих <показаний>" in first.text  # escaped, shown as typed
    for source in ("сайт", "квитанция", "контролёр", "бот"):
        assert f"· {source} · ✅ принято" in first.text
    assert first.text.count("Одноставочная:") == 10
    assert first.button_list == ["›", "‹ К истории счёта", "🔁 Другой лицевой счёт"]

    await anna.client.click("›", message=first)
    second = await anna.client.expect_edit(contains="страница 2 из 2")
    assert "20.01.2025" in second.text and "Одноставочная: 1\u202f000 кВт·ч" in second.text
    assert second.button_list == ["‹", "‹ К истории счёта", "🔁 Другой лицевой счёт"]
    await anna.client.click("‹", message=second)
    back = await anna.client.expect_edit(contains="страница 1 из 2")
    assert back.button_list == ["›", "‹ К истории счёта", "🔁 Другой лицевой счёт"]


async def test_an_account_with_two_meters_asks_which(world: BotWorld, seed: Seed) -> None:
    anna = await signed_in_customer(world)
    await linked_account(world, seed, anna.user.id, "110000001")
    account = await linked_account(world, seed, anna.user.id, "110000002")
    await seed.meter(account, serial="11110000")
    other = await seed.meter(account, serial="22220000", zones="T1;T2")
    await seed.reading(other, "500", FIRST, "2025-01", zone="T1")
    await seed.reading(other, "200", FIRST, "2025-01", zone="T2")

    await anna.client.send("📜 История")
    await anna.client.click("Лицевой счёт № 110000002")
    await anna.client.expect_message(contains="Выберите лицевой счёт")
    await anna.client.expect_message(contains="История по лицевому счёту № 110000002")
    await anna.client.click("📈 Показания")
    await anna.client.expect_message(contains="Показания какого прибора учёта")
    await anna.client.click("Счётчик № 22220000")
    page = await anna.client.expect_message(contains="📈 Показания (страница 1 из 1)")
    assert "День: 500 кВт·ч" in page.text and "Ночь: 200 кВт·ч" in page.text
    assert "11110000" not in page.text


async def test_no_readings_yet_and_someone_elses_account_refused(
    world: BotWorld, seed: Seed
) -> None:
    anna = await signed_in_customer(world)
    account = await linked_account(world, seed, anna.user.id, "110000001")
    await seed.meter(account)
    stranger = await seed.account(number="330000001")

    await anna.client.send("📜 История")
    await anna.client.expect_message(contains="История по лицевому счёту")
    await anna.client.click("📈 Показания")
    page = await anna.client.expect_message(contains="Показаний пока нет")
    await press_crafted(
        anna.client, page, ReadingsPage(account_id=stranger.id, meter_id=0, page=1).pack()
    )
    answer = await anna.client.expect_callback_answer()
    assert answer["show_alert"] is True and "не подключён к вашему кабинету" in answer["text"]
    await anna.client.expect_no_message()
