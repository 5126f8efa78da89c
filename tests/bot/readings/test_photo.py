"""A photo of the meter with the readings: before the values or from the summary, as a photo or
a file; checked by its bytes, kept on disk with the reading, and shown again from «История»."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from core.enums import ReadingStatus
from tests.bot.kit import BotWorld, bot_world
from tests.bot.readings_scene import JPEG, meter_with_history
from tests.bot.signed_in import PIXEL_PNG, SignedInCustomer, linked_account, signed_in_customer
from tests.core.accounts.seed import Seed


@pytest.fixture
async def photo_world(sqlite_engine: AsyncEngine, tmp_path: Path) -> AsyncIterator[BotWorld]:
    async with bot_world(sqlite_engine, files_dir=str(tmp_path)) as running:
        yield running


async def _scene(world: BotWorld) -> tuple[SignedInCustomer, int]:
    seed = Seed(world.cabinet.uow_factory)
    anna = await signed_in_customer(world)
    account = await linked_account(world, seed, anna.user.id, "110000001")
    await meter_with_history(seed, account, "67005887", {"T": ("12000", "12345")})
    await anna.client.send("📟 Передать показания")
    await anna.client.expect_message(contains="Счётчик № 67005887")
    return anna, account


async def test_a_photo_sent_before_the_value_is_kept_with_the_reading_and_shown_in_history(
    photo_world: BotWorld, tmp_path: Path
) -> None:
    anna, account = await _scene(photo_world)
    await anna.client.send_photo(JPEG)
    await anna.client.expect_message(contains="Фото счётчика приложено")
    await anna.client.expect_message(contains="Введите сегодняшние показания")
    await anna.client.send("12400")
    summary = await anna.client.expect_message(contains="📷 Фото счётчика приложено.")
    assert "📷 Заменить фото" in summary.button_list
    await anna.client.click("✅ Отправить")
    await anna.client.expect_message(contains="Показания приняты")

    newest = (await photo_world.cabinet.history.readings(account)).items[0]
    assert newest.photo_path is not None and newest.photo_path.endswith(".jpg")
    assert (tmp_path / newest.photo_path).read_bytes() == JPEG

    await anna.client.send("📜 История")
    await anna.client.expect_message(contains="История по лицевому счёту № 110000001")
    await anna.client.click("📈 Показания")
    page = await anna.client.expect_message(contains="📈 Показания")
    assert "18.11.2026 · счётчик № 67005887 · бот · ✅ принято" in page.text
    assert "📷 Фото" in page.text
    await anna.client.click("📷 Фото от 18.11.2026")
    shown = await anna.client.expect_message(contains="Фото счётчика")
    assert shown.photo is not None


async def test_a_photo_asked_for_from_the_summary_may_come_as_a_file(
    photo_world: BotWorld,
) -> None:
    anna, account = await _scene(photo_world)
    await anna.client.send("12400")
    await anna.client.expect_message(contains="Проверьте показания")
    await anna.client.click("📷 Прикрепить фото")
    await anna.client.expect_message(contains="Пришлите фото счётчика")
    await anna.client.send("вот")
    await anna.client.expect_message(contains="Жду фото счётчика")
    await anna.client.send_document(b"%PDF-1.4 not a picture", file_name="meter.jpg")
    await anna.client.expect_message(contains="JPEG")  # refused by its bytes, not its name
    await anna.client.send_document(PIXEL_PNG, file_name="meter.png", mime_type="image/png")
    summary = await anna.client.expect_message(contains="📷 Фото счётчика приложено.")
    await anna.client.click("✅ Отправить", message=summary)
    await anna.client.expect_message(contains="Показания приняты")
    newest = (await photo_world.cabinet.history.readings(account)).items[0]
    assert newest.status is ReadingStatus.ACCEPTED
    assert newest.photo_path is not None and newest.photo_path.endswith(".png")
