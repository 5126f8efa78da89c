"""A staff member's album is one answer: the customer gets it as one album, captioned once."""

from __future__ import annotations

from sqlalchemy import select

from core.entities.outbox import OutboxMessage
from core.enums import MessageDirection, NotificationKind, OutboxStatus
from storage.models import outbox_table
from tests.bot.kit import BotWorld
from tests.bot.support.test_scene import (
    JPEG,
    customer_with_account,
    first_message,
    staff_member,
    upload,
)


async def test_a_staff_album_reaches_the_customer_as_one_album(album_world: BotWorld) -> None:
    world = album_world
    anna = await customer_with_account(world, "+79280000041", "Анна", "110000041")
    olga = await staff_member(world)
    topic, _ = await first_message(world, anna.client, "Пришлите, пожалуйста, схему")

    for n in range(3):
        await upload(
            olga,
            "photo",
            JPEG,
            caption="Схема подключения" if n == 0 else None,
            mime_type="image/jpeg",
            chat_id=world.emu.staff_chat_id,
            thread_id=topic,
            media_group_id="staff-album-1",
        )

    parts = [await anna.client.expect_message() for _ in range(3)]
    assert all(part.photo for part in parts)
    groups = {part.raw.get("media_group_id") for part in parts}
    assert len(groups) == 1 and None not in groups
    assert "Ответ службы поддержки" in parts[0].text and "Схема подключения" in parts[0].text
    assert [part.text for part in parts[1:]] == ["", ""]
    await anna.client.expect_no_message()  # one answer, not three
    answers = [
        m
        for m in (await world.cabinet.support.history(anna.user.id)).items
        if m.direction is MessageDirection.FROM_STAFF
    ]
    assert len(answers) == 1 and len(answers[0].attachments) == 3
    assert answers[0].text == "Схема подключения"


async def test_a_long_answer_with_an_album_resumes_after_a_failed_part_without_repeats(
    album_world: BotWorld,
) -> None:
    """The answer is two Bot API calls (the album, then its text, too long for a caption); the
    text's first try fails with a 500: the retry sends the text only, and the customer gets each
    part once."""
    world = album_world
    anna = await customer_with_account(world, "+79280000042", "Анна", "110000042")
    olga = await staff_member(world)
    topic, _ = await first_message(world, anna.client, "Пришлите документы")
    captions = ["Первая часть. " + "а" * 700, "Вторая часть. " + "б" * 700]  # > 1024 together
    await world.emu.inject_fault(500, method="sendMessage", chat_id=anna.client.id, times=1)

    for caption in captions:
        await upload(
            olga,
            "photo",
            JPEG,
            caption=caption,
            mime_type="image/jpeg",
            chat_id=world.emu.staff_chat_id,
            thread_id=topic,
            media_group_id="staff-album-2",
        )

    photos = [await anna.client.expect_message() for _ in range(2)]
    assert all(part.photo for part in photos)
    assert [part.text for part in photos] == ["💬 Ответ службы поддержки:", ""]
    text = await anna.client.expect_message()
    assert not text.photo and text.text == "\n".join(captions)
    await anna.client.expect_no_message()  # the album was not sent again with the retry
    assert (await world.emu.answered_statuses()).get(500) == 1
    async with world.cabinet.uow_factory() as uow:
        row = await uow.session.scalar(
            select(OutboxMessage).where(outbox_table.c.kind == NotificationKind.STAFF_ANSWER.value)
        )
        assert row is not None
        assert row.status == OutboxStatus.SENT.value and row.attempts == 2
        assert row.sent_message_id == photos[0].message_id
        assert row.payload["_progress"]["parts_sent"] == 1
