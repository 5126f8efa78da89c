"""The bot waits out Telegram's flood control instead of losing messages."""

from __future__ import annotations

from bot.app import build_bot
from emulator.kit.harness import EmulatorHarness


async def test_a_burst_to_one_chat_arrives_whole_with_limits_on(
    emulator_with_limits: EmulatorHarness,
) -> None:
    user = await emulator_with_limits.new_user()
    bot = build_bot(emulator_with_limits.token, emulator_with_limits.api_base)
    try:
        for number in range(1, 6):  # the chat's burst is 3, then about one a second
            await bot.send_message(user.id, f"Сообщение {number}")
    finally:
        await bot.session.close()
    for number in range(1, 6):
        assert (await user.expect_message()).text == f"Сообщение {number}"
