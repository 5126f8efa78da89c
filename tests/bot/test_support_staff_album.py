"""A staff member's album is one answer: the customer gets it as one album, captioned once."""

from __future__ import annotations

from core.enums import MessageDirection
from tests.bot.kit import BotWorld
from tests.bot.test_support_scene import (
    JPEG,
    customer_with_account,
    first_message,
    staff_member,
    support_world,
    upload,
)

__all__ = ["support_world"]  # the fixture, used by parameter name


async def test_a_staff_album_reaches_the_customer_as_one_album(support_world: BotWorld) -> None:
    world = support_world
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
