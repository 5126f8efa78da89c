"""«Обращение №N»: a question opens a numbered request, staff's `/close` closes it, the next
message opens the next one; the customer sees them and their statuses in «Мои обращения»."""

from __future__ import annotations

from emulator.kit.clients import UserClient
from emulator.kit.messages import SeenMessage
from tests.bot.kit import BotWorld
from tests.bot.support.test_scene import customer_with_account, first_message, staff_member


async def my_requests(client: UserClient) -> SeenMessage:
    await client.send("💬 Сообщения")
    await client.expect_message(contains="Сообщения")
    await client.click("📋 Мои обращения")
    return await client.expect_message(contains="Мои обращения")


async def test_a_request_is_numbered_answered_closed_and_followed_by_the_next(
    support_world: BotWorld,
) -> None:
    world = support_world
    anna = await customer_with_account(world, "+79280000006", "Анна", "110000006")
    olga = await staff_member(world)
    topic, _ = await first_message(world, anna.client, "Когда придёт квитанция?\nЖду с 1-го")

    listing = await my_requests(anna.client)
    assert "№1 от 18.11.2026 — ⏳ ждёт ответа\nКогда придёт квитанция?" in listing.text
    assert "Жду с 1-го" not in listing.text  # the subject is the first line

    await world.emu.staff.send(olga, "Сегодня отправим.", thread_id=topic)
    await anna.client.expect_message(contains="Сегодня отправим.")
    listing = await my_requests(anna.client)
    assert "№1 от 18.11.2026 — 💬 есть ответ" in listing.text

    await world.emu.staff.send(olga, "/close", thread_id=topic)
    closed = await world.emu.staff.expect_message(contains="Диалог закрыт", thread_id=topic)
    assert "обращение №1 закрыто" in closed.text
    listing = await my_requests(anna.client)
    assert "№1 от 18.11.2026 — ✅ закрыто 18.11.2026" in listing.text

    await anna.client.send("И ещё вопрос про пени")  # «Сообщения» is open: it goes at once
    await anna.client.expect_message(contains="Сообщение отправлено")
    listing = await my_requests(anna.client)
    text = listing.text
    assert text.index("№2 от 18.11.2026 — ⏳ ждёт ответа") < text.index("№1 от 18.11.2026")
    assert "И ещё вопрос про пени" in text


async def test_no_requests_yet(support_world: BotWorld) -> None:
    anna = await customer_with_account(support_world, "+79280000007", "Анна", "110000007")
    listing = await my_requests(anna.client)
    assert "Обращений пока нет" in listing.text
