"""What goes wrong at the support desk, as the customer and the staff see it: a file that cannot
be kept, an answer that cannot be delivered, an album whose handling fails."""

from __future__ import annotations

import logging

import pytest

from core.enums import MessageDirection
from tests.bot.kit import BotWorld
from tests.bot.support.test_scene import (
    JPEG,
    customer_with_account,
    first_message,
    staff_member,
    upload,
)

APOLOGY = "Что-то пошло не так"


async def test_a_photo_that_cannot_be_kept_after_reaching_staff_is_confirmed_and_recorded_once(
    support_world: BotWorld, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    world = support_world
    anna = await customer_with_account(world, "+79280000061", "Анна", "110000061")
    topic, _ = await first_message(world, anna.client, "Сейчас пришлю фото")
    # The emulator's file server loses every file: getFile answers, the download gets a 404.
    monkeypatch.setattr(world.emu.world.files, "by_path", lambda file_path: None)
    caplog.set_level(logging.INFO)

    await upload(anna.client, "photo", JPEG, caption="счётчик", mime_type="image/jpeg")

    await anna.client.expect_message(contains="Сообщение отправлено")
    copy = await world.emu.staff.expect_message(thread_id=topic)
    assert copy.photo and copy.text == "счётчик"
    await anna.client.expect_no_message()  # no apology: it did reach the staff

    # getFile itself failing is the same to the customer.
    await world.emu.inject_fault(500, method="getFile", times=1)
    await upload(anna.client, "photo", JPEG, caption="ещё фото", mime_type="image/jpeg")
    await anna.client.expect_message(contains="Сообщение отправлено")
    await world.emu.staff.expect_message(thread_id=topic)
    await anna.client.expect_no_message()

    history = (await world.cabinet.support.history(anna.user.id)).items
    assert [m.text for m in history] == ["Сейчас пришлю фото", "счётчик", "ещё фото"]
    for message in history[1:]:
        [photo] = message.attachments
        assert photo.telegram_file_id and photo.file_path is None  # sent on, no copy of ours
    logged = "\n".join(f"{record.getMessage()} {record.__dict__}" for record in caplog.records)
    assert "support file not kept" in logged
    assert world.emu.token not in logged and "счётчик" not in logged


async def test_an_answer_to_a_customer_who_blocked_the_bot_is_reported_in_the_topic(
    support_world: BotWorld,
) -> None:
    world = support_world
    anna = await customer_with_account(world, "+79280000062", "Анна", "110000062")
    olga = await staff_member(world)
    topic, _ = await first_message(world, anna.client, "Вопрос")
    await anna.client.block()

    answer = await world.emu.staff.send(olga, "Ответ, который не дойдёт", thread_id=topic)

    warning = await world.emu.staff.expect_message(thread_id=topic)
    assert "не доставлен" in warning.text and "заблокировал бота" in warning.text
    assert warning.raw["reply_to_message"]["message_id"] == answer.message_id
    answers = [
        m
        for m in (await world.cabinet.support.history(anna.user.id)).items
        if m.direction is MessageDirection.FROM_STAFF
    ]
    assert [m.text for m in answers] == ["Ответ, который не дойдёт"]  # kept in the history


async def test_an_answer_telegram_refuses_for_good_is_reported_in_the_topic_with_the_reason(
    support_world: BotWorld,
) -> None:
    world = support_world
    anna = await customer_with_account(world, "+79280000063", "Анна", "110000063")
    olga = await staff_member(world)
    topic, _ = await first_message(world, anna.client, "Вопрос")
    await world.emu.inject_fault(
        400, method="sendMessage", chat_id=anna.client.id, description="Bad Request: chat not found"
    )

    await world.emu.staff.send(olga, "Ответ <важный>", thread_id=topic)

    warning = await world.emu.staff.expect_message(thread_id=topic)
    assert "Ответ не доставлен клиенту" in warning.text and "chat not found" in warning.text
    await anna.client.expect_no_message()


async def test_a_staff_album_whose_handling_fails_is_told_in_the_topic_and_not_stuck(
    album_world: BotWorld,
) -> None:
    world = album_world
    anna = await customer_with_account(world, "+79280000064", "Анна", "110000064")
    olga = await staff_member(world)
    topic, _ = await first_message(world, anna.client, "Вопрос")
    # Who is staff is asked of Telegram; it fails this once.
    await world.emu.inject_fault(500, method="getChatMember", times=1)

    for album in ("album-failing", "album-after"):
        for n in range(2):
            await upload(
                olga,
                "photo",
                JPEG,
                caption=f"{album} {n}",
                mime_type="image/jpeg",
                chat_id=world.emu.staff_chat_id,
                thread_id=topic,
                media_group_id=album,
            )
        if album == "album-failing":
            told = await world.emu.staff.expect_message(thread_id=topic)
            assert APOLOGY in told.text
            await anna.client.expect_no_message()

    parts = [await anna.client.expect_message() for _ in range(2)]  # the next album goes on
    assert "album-after 0" in parts[0].text
    await world.emu.staff.expect_no_message(thread_id=topic)


async def test_a_customer_album_whose_handling_fails_gets_a_polite_answer(
    album_world: BotWorld,
) -> None:
    world = album_world
    anna = await customer_with_account(world, "+79280000065", "Анна", "110000065")
    topic, _ = await first_message(world, anna.client, "Вопрос")
    # The confirmation to the customer fails once: the album's task meets an error it does not
    # expect, after the album reached the topic.
    await world.emu.inject_fault(500, method="sendMessage", chat_id=anna.client.id, times=1)

    for n in range(2):
        await upload(
            anna.client,
            "photo",
            JPEG,
            caption=f"фото {n}" if n == 0 else None,
            mime_type="image/jpeg",
            media_group_id="customer-album-failing",
        )

    told = await anna.client.expect_message()
    assert APOLOGY in told.text
    await world.emu.staff.expect_message(thread_id=topic)
    await anna.client.send("Дошло?")  # the dialog goes on
    await anna.client.expect_message(contains="Сообщение отправлено")
