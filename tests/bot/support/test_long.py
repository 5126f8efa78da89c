"""Long messages at the support desk: a staff answer longer than Telegram takes in one message or
one caption reaches the customer whole, in parts; a customer's album with long captions is
posted, recorded and confirmed."""

from __future__ import annotations

from core.enums import MessageDirection
from emulator.kit.chatlog import ExpectationFailed
from emulator.kit.clients import UserClient
from emulator.kit.messages import SeenMessage
from tests.bot.kit import BotWorld
from tests.bot.support.test_scene import (
    JPEG,
    customer_with_account,
    first_message,
    staff_member,
    upload,
)

HEADING = "💬 Ответ службы поддержки:\n"  # as the customer reads it above an answer


def telegram_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def prose(length: int, mark: str) -> str:
    """Sentences of ordinary words, `length` characters long, each sentence numbered."""
    sentences: list[str] = []
    total = 0
    n = 0
    while total < length:
        n += 1
        sentence = f"{mark} {n}: показания передаются с пятнадцатого по двадцать пятое число. "
        sentences.append(sentence)
        total += len(sentence)
    body = "".join(sentences)[: length - 1].rstrip()
    return body + "." * (length - len(body))  # exactly `length`, ending as a sentence does


def words(text: str) -> list[str]:
    return text.split()


async def test_a_staff_answer_longer_than_a_message_arrives_in_two_parts_in_order(
    support_world: BotWorld,
) -> None:
    world = support_world
    anna = await customer_with_account(world, "+79280000051", "Анна", "110000051")
    olga = await staff_member(world)
    topic, _ = await first_message(world, anna.client, "Расскажите подробно про показания")
    answer = prose(2000, "Первый абзац") + "\n\n" + prose(4095 - 2002, "Второй абзац")
    assert len(answer) == 4095

    await world.emu.staff.send(olga, answer, thread_id=topic)

    first = await anna.client.expect_message(contains="Ответ службы поддержки")
    second = await anna.client.expect_message()
    await anna.client.expect_no_message()
    assert first.text.startswith(HEADING)
    assert all(telegram_length(part.text) <= 4096 for part in (first, second))
    assert words(first.text.removeprefix(HEADING) + " " + second.text) == words(answer)
    # Cut where the second paragraph begins: the first part is not cut mid-sentence.
    assert second.text.startswith("Второй абзац 1:")
    await world.emu.staff.expect_no_message(thread_id=topic)  # no warning: it was delivered


async def test_an_answer_exactly_at_the_limit_arrives_as_one_message(
    support_world: BotWorld,
) -> None:
    world = support_world
    anna = await customer_with_account(world, "+79280000052", "Анна", "110000052")
    olga = await staff_member(world)
    topic, _ = await first_message(world, anna.client, "Вопрос")
    answer = prose(4096 - telegram_length(HEADING), "Абзац")  # the 💬 counts as two

    await world.emu.staff.send(olga, answer, thread_id=topic)

    told = await anna.client.expect_message(contains="Ответ службы поддержки")
    assert told.text == HEADING + answer and telegram_length(told.text) == 4096
    await anna.client.expect_no_message()


async def test_a_staff_album_with_long_captions_arrives_as_the_album_and_the_texts(
    album_world: BotWorld,
) -> None:
    world = album_world
    anna = await customer_with_account(world, "+79280000053", "Анна", "110000053")
    olga = await staff_member(world)
    topic, _ = await first_message(world, anna.client, "Пришлите фото пломб")
    captions = [prose(1000, f"Фото {n}") for n in range(1, 6)]

    for caption in captions:
        await upload(
            olga,
            "photo",
            JPEG,
            caption=caption,
            mime_type="image/jpeg",
            chat_id=world.emu.staff_chat_id,
            thread_id=topic,
            media_group_id="staff-long-album",
        )

    album = [await anna.client.expect_message() for _ in range(5)]
    assert all(part.photo for part in album)
    assert len({part.raw.get("media_group_id") for part in album}) == 1
    assert album[0].text == HEADING.strip()  # the album says whose it is; its text follows
    texts = await messages_until_quiet(anna.client)
    assert texts and not any(part.photo for part in texts)
    assert all(telegram_length(part.text) <= 4096 for part in texts)
    assert words(" ".join(part.text for part in texts)) == words("\n".join(captions))
    await world.emu.staff.expect_no_message(thread_id=topic)  # no warning, no error
    answers = [
        m
        for m in (await world.cabinet.support.history(anna.user.id)).items
        if m.direction is MessageDirection.FROM_STAFF
    ]
    assert len(answers) == 1 and len(answers[0].attachments) == 5
    assert answers[0].text == "\n".join(captions)


async def test_a_customer_album_with_long_captions_is_posted_recorded_and_confirmed(
    album_world: BotWorld,
) -> None:
    world = album_world
    anna = await customer_with_account(world, "+79280000054", "Анна", "110000054")
    topic, _ = await first_message(world, anna.client, "Сейчас пришлю фото")
    captions = [prose(1000, f"Счётчик {n}") for n in range(1, 6)]

    for caption in captions:
        await upload(
            anna.client,
            "photo",
            JPEG,
            caption=caption,
            mime_type="image/jpeg",
            media_group_id="customer-long-album",
        )

    await anna.client.expect_message(contains="Сообщение отправлено")
    posted = [await world.emu.staff.expect_message(thread_id=topic) for _ in range(5)]
    assert [part.text for part in posted] == captions
    await anna.client.expect_no_message()

    await anna.client.send("💬 Сообщения")
    dialog = await anna.client.expect_message(contains="Сообщения")
    assert captions[0][:100] in dialog.text and dialog.text.count("📎 фото") == 5
    [_, album] = (await world.cabinet.support.history(anna.user.id)).items
    assert album.text == "\n".join(captions) and len(album.attachments) == 5


async def messages_until_quiet(client: UserClient) -> list[SeenMessage]:
    """The bot's messages to the customer until none comes for a second."""
    seen: list[SeenMessage] = []
    while True:
        try:
            seen.append(await client.expect_message(timeout=1.0))
        except ExpectationFailed:
            return seen
