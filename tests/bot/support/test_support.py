"""«Сообщения» end to end: the customer's messages reach their own topic in the staff group,
staff answers reach the customer, and nobody else's ever does."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from core.enums import MessageDirection
from tests.bot.kit import BotWorld
from tests.bot.support.test_scene import (
    CARD_MARK,
    JPEG,
    PDF,
    customer_with_account,
    first_message,
    staff_member,
    start_writing,
    upload,
)


async def test_a_first_message_opens_a_topic_with_the_card(support_world: BotWorld) -> None:
    world = support_world
    anna = await customer_with_account(world, "+79280000001", "Анна", "110000001")

    topic, _copy = await first_message(world, anna.client, "Когда будет перерасчёт?")

    [opened] = [t for t in await world.emu.staff.topics() if t["message_thread_id"] == topic]
    assert "110000001" in opened["name"]
    card = next(m for m in world.emu.staff.log.messages if CARD_MARK in m.text)
    for shown in ("+79280000001", "110000001", "Задолженность"):
        assert shown in card.text

    # A second message goes to the same topic; no second topic, no second card.
    await anna.client.send("И ещё вопрос")
    await anna.client.expect_message(contains="Сообщение отправлено")
    again = await world.emu.staff.expect_message(thread_id=topic)
    assert again.text == "И ещё вопрос"
    assert len(await world.emu.staff.topics()) == 1


async def test_photo_document_and_album_reach_the_topic(album_world: BotWorld) -> None:
    world = album_world
    anna = await customer_with_account(world, "+79280000002", "Анна", "110000002")
    topic, _copy = await first_message(world, anna.client, "Прикладываю документы")

    await upload(anna.client, "photo", JPEG, caption="счётчик", mime_type="image/jpeg")
    await anna.client.expect_message(contains="Сообщение отправлено")
    photo = await world.emu.staff.expect_message(thread_id=topic)
    assert photo.photo and photo.text == "счётчик"

    await upload(anna.client, "document", PDF, file_name="act.pdf", mime_type="application/pdf")
    await anna.client.expect_message(contains="Сообщение отправлено")
    document = await world.emu.staff.expect_message(thread_id=topic)
    assert document.document and document.document["file_name"] == "act.pdf"

    for n in range(3):
        await upload(
            anna.client,
            "photo",
            JPEG,
            caption="альбом" if n == 0 else None,
            mime_type="image/jpeg",
            media_group_id="album-1",
        )
    await anna.client.expect_message(contains="Сообщение отправлено")
    parts = [await world.emu.staff.expect_message(thread_id=topic) for _ in range(3)]
    assert len({p.raw.get("media_group_id") for p in parts}) == 1
    assert parts[0].raw.get("media_group_id") and parts[0].text == "альбом"
    await anna.client.expect_no_message()  # one confirmation for the album

    history = await world.cabinet.support.history(anna.user.id)
    album = history.items[-1]
    assert len(album.attachments) == 3 and album.text == "альбом"
    # The company keeps its own copy of every file, beside Telegram's file_id.
    kept = [a for m in history.items for a in m.attachments]
    assert len(kept) == 5 and all(a.file_path and a.telegram_file_id for a in kept)
    root = Path(world.settings.files_dir)
    assert (root / str(kept[0].file_path)).read_bytes() == JPEG


async def test_staff_answers_reach_the_customer_and_only_them(support_world: BotWorld) -> None:
    world = support_world
    anna = await customer_with_account(world, "+79280000003", "Анна", "110000003")
    boris = await customer_with_account(world, "+79280000004", "Борис", "110000004")
    olga = await staff_member(world)
    anna_topic, _ = await first_message(world, anna.client, "Вопрос Анны")
    boris_topic, _ = await first_message(world, boris.client, "Вопрос Бориса")
    assert anna_topic != boris_topic

    await world.emu.staff.send(olga, "Анна, здравствуйте!", thread_id=anna_topic)
    told = await anna.client.expect_message(contains="Анна, здравствуйте!")
    assert "Ответ службы поддержки" in told.text
    await boris.client.expect_no_message()

    await upload(
        olga,
        "photo",
        JPEG,
        caption="схема",
        mime_type="image/jpeg",
        chat_id=world.emu.staff_chat_id,
        thread_id=boris_topic,
    )
    photo = await boris.client.expect_message(contains="схема")
    assert photo.photo
    await upload(
        olga,
        "document",
        PDF,
        file_name="contract.pdf",
        mime_type="application/pdf",
        chat_id=world.emu.staff_chat_id,
        thread_id=boris_topic,
    )
    document = await boris.client.expect_message()
    assert document.document and document.document["file_name"] == "contract.pdf"
    await anna.client.expect_no_message()

    # Each sees only their own dialog in «Сообщения».
    await anna.client.send("💬 Сообщения")
    dialog = await anna.client.expect_message(contains="Сообщения")
    assert "Вопрос Анны" in dialog.text and "Анна, здравствуйте!" in dialog.text
    assert "Бориса" not in dialog.text and "схема" not in dialog.text
    answers = [
        m
        for m in (await world.cabinet.support.history(anna.user.id)).items
        if m.direction is MessageDirection.FROM_STAFF
    ]
    assert [a.staff_name for a in answers] == ["Ольга"]


async def test_non_staff_and_anonymous_admins_cannot_answer(support_world: BotWorld) -> None:
    world = support_world
    anna = await customer_with_account(world, "+79280000005", "Анна", "110000005")
    topic, _ = await first_message(world, anna.client, "Вопрос")
    olga = await staff_member(world)
    observer = await staff_member(world, "Пётр")  # in the group, but not among STAFF_USER_IDS
    world.settings.staff_user_ids = frozenset({olga.id})

    await world.emu.staff.send(observer, "я не сотрудник", thread_id=topic)
    refused = await world.emu.staff.expect_message(thread_id=topic)
    assert "только сотрудники" in refused.text
    await world.emu.staff.send_anonymously("анонимно", thread_id=topic)
    refused = await world.emu.staff.expect_message(thread_id=topic)
    assert "анонимный администратор" in refused.text
    await world.emu.staff.send(observer, "/close", thread_id=topic)
    await world.emu.staff.expect_message(contains="только сотрудники", thread_id=topic)

    await anna.client.expect_no_message()
    history = await world.cabinet.support.history(anna.user.id)
    assert [m.text for m in history.items] == ["Вопрос"]
    thread = await world.cabinet.support.thread_by_topic(topic)
    assert thread is not None and thread.status.value == "open"


async def test_a_mistyped_command_in_a_topic_is_not_sent_to_the_customer(
    support_world: BotWorld,
) -> None:
    world = support_world
    anna = await customer_with_account(world, "+79280000009", "Анна", "110000009")
    olga = await staff_member(world)
    topic, _ = await first_message(world, anna.client, "Вопрос")

    for command in ("/help", "/broadcast Всем привет", "/clsoe"):
        await world.emu.staff.send(olga, command, thread_id=topic)
        hint = await world.emu.staff.expect_message(thread_id=topic)
        assert "Команда не передана клиенту" in hint.text
        assert "/close" in hint.text and "/card" in hint.text

    await anna.client.expect_no_message()
    history = await world.cabinet.support.history(anna.user.id)
    assert [m.text for m in history.items] == ["Вопрос"]
    await world.emu.staff.send(olga, "Ответ без команды", thread_id=topic)  # answers still go
    await anna.client.expect_message(contains="Ответ без команды")


async def test_close_then_a_new_message_reopens_and_card_shows_the_customer(
    support_world: BotWorld,
) -> None:
    world = support_world
    anna = await customer_with_account(world, "+79280000006", "Анна", "110000006")
    olga = await staff_member(world)
    topic, _ = await first_message(world, anna.client, "Вопрос")

    await world.emu.staff.send(olga, "/card", thread_id=topic)
    card = await world.emu.staff.expect_message(contains=CARD_MARK, thread_id=topic)
    assert "110000006" in card.text

    await world.emu.staff.send(olga, "/close", thread_id=topic)
    await world.emu.staff.expect_message(contains="Диалог закрыт", thread_id=topic)
    [closed] = await world.emu.staff.topics()
    assert closed["is_closed"]
    await anna.client.expect_no_message()

    await anna.client.send("А можно ещё?")
    await anna.client.expect_message(contains="Сообщение отправлено")
    await world.emu.staff.expect_message(contains="диалог открыт", thread_id=topic)
    copy = await world.emu.staff.expect_message(thread_id=topic)
    assert copy.text == "А можно ещё?"
    [reopened] = await world.emu.staff.topics()
    assert not reopened["is_closed"]


async def test_the_dialog_is_paginated_newest_last(support_world: BotWorld) -> None:
    world = support_world
    anna = await customer_with_account(world, "+79280000007", "Анна", "110000007")
    await world.cabinet.support.open_thread(anna.user.id)
    for n in range(12):
        world.clock.advance(timedelta(minutes=1))
        await world.cabinet.support.record_customer_message(anna.user.id, f"сообщение {n}")

    await anna.client.send("💬 Сообщения")
    last = await anna.client.expect_message(contains="страница 2 из 2")
    assert "сообщение 11" in last.text and "сообщение 1\n" not in last.text
    await anna.client.click("‹")
    first = await anna.client.expect_edit(contains="страница 1 из 2")
    assert "сообщение 0" in first.text and "сообщение 11" not in first.text


async def test_writing_something_else_is_explained_and_done_leaves(support_world: BotWorld) -> None:
    world = support_world
    anna = await customer_with_account(world, "+79280000008", "Анна", "110000008")
    await start_writing(anna.client)
    await anna.client.click("Готово")
    await anna.client.expect_message(contains="Ответ компании придёт")
    await anna.client.send("просто текст")
    await anna.client.expect_message()  # the general fallback: not sent to staff
    await world.emu.staff.expect_no_message()
