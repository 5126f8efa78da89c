"""Thousands of random actions in random states: every one is answered, none breaks the bot.

Seeded, so a failure replays exactly: the assertion names the seed, the step and the transcript.
"""

from __future__ import annotations

import asyncio
import os
import random
import string

from core.demo.seeding import seed_demo
from emulator.kit.chatlog import ExpectationFailed
from emulator.kit.clients import UserClient
from emulator.kit.harness import KitError
from tests.bot.kit import BotWorld
from tests.bot.signed_in import PIXEL_PNG

SEED = int(os.environ.get("RANDOM_INPUT_SEED", "20261126"))
ACTIONS = int(os.environ.get("RANDOM_INPUT_ACTIONS", "2000"))
CUSTOMERS = 8
UNEXPECTED = "Что-то пошло не так"


def reactions(user: UserClient) -> int:
    log = user.log
    return sum(1 for m in log.messages if m.outgoing) + len(log.edits) + len(log.callback_answers)


class Chaos:
    def __init__(self, world: BotWorld, rng: random.Random, vocabulary: list[str]) -> None:
        self.world = world
        self.rng = rng
        self.vocabulary = vocabulary

    def text(self) -> str:
        rng = self.rng
        kind = rng.randrange(6)
        if kind == 0:
            return rng.choice(self.vocabulary)
        if kind == 1:
            digits = "".join(rng.choice(string.digits + " ,.") for _ in range(rng.randint(1, 14)))
            return digits.strip() or "0"
        if kind == 2:
            return rng.choice(["/start", "/cancel", "/help", "/start deep", "/unknown"])
        if kind == 3:
            alphabet = string.printable + "абвгдеёжзийклмнопрстуфхцчшщъыьэюяЁ<>&\"'🙂"
            return "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 300))).strip() or "x"
        if kind == 4:
            return rng.choice(["a@b.c", "user@example.com", "<b>bold</b>", "&amp;", "<script>"])
        return "Ж" * rng.randint(1000, 4096)

    async def act(self, user: UserClient, others: list[UserClient]) -> str:
        rng = self.rng
        choice = rng.randrange(10)
        if choice <= 3:
            text = self.text()
            await user.send(text)
            return f"text {text[:40]!r}"
        if choice == 4:
            owner = rng.choice([None, rng.choice(others)])
            forwarded = rng.random() < 0.3
            await user.share_contact(owner=owner, forwarded=forwarded)
            return f"contact owner={owner.id if owner else 'own'} forwarded={forwarded}"
        if choice == 5:
            await user.send_photo(PIXEL_PNG, caption=rng.choice([None, "счётчик"]))
            return "photo"
        if choice == 6 and rng.random() < 0.3:
            latitude, longitude = rng.uniform(43.5, 46.0), rng.uniform(40.5, 45.5)
            await user.share_location(latitude, longitude)
            return f"location {latitude:.3f},{longitude:.3f}"
        if choice == 6:
            blob = rng.randbytes(rng.randint(1, 2000))
            await user.send_document(blob, file_name="file.bin", mime_type="application/pdf")
            return "document"
        buttons = [
            (message, button)
            for message in user.log.messages
            if message.outgoing and not message.deleted
            for button in message.button_list
        ]
        if choice <= 8 and buttons:
            message, label = rng.choice(buttons)
            button = message.inline_button(label)
            if button is not None and "callback_data" in button:
                try:
                    await user.click(label, message=message)
                except KitError:
                    # The bot edited the button away a moment ago (its answer to the previous
                    # action was still being handled): Telegram delivers a press of the keyboard
                    # the person still saw all the same.
                    await user.click_crafted(button["callback_data"], message=message)
                return f"button {label!r}"
        if user.reply_keyboard and choice == 8:
            label = rng.choice(user.reply_keyboard)
            await user.send(label)
            return f"menu {label!r}"
        # What a modified client sends: another customer's real button data (their account,
        # meter, link or reading ids) pressed in this chat, or plain junk.
        foreign = [
            button["callback_data"]
            for other in others
            for message in other.log.messages
            if message.outgoing
            for row in message.raw.get("reply_markup", {}).get("inline_keyboard", [])
            for button in row
            if "callback_data" in button
        ]
        junk = "".join(rng.choice(string.ascii_letters + ":0123456789") for _ in range(20))
        data = rng.choice(foreign) if foreign and rng.random() < 0.7 else junk
        if not any(m.outgoing for m in user.log.messages):
            await user.send("/start")
            return "text '/start'"
        await user.click_crafted(data)
        return f"crafted {data!r}"


async def customer_session(
    chaos: Chaos, user: UserClient, others: list[UserClient], steps: int
) -> None:
    for step in range(steps):
        before = reactions(user)
        action = await chaos.act(user, others)

        def answered(count: int = before) -> bool | None:
            return reactions(user) > count or None

        try:
            await user.log.wait_for(answered, 10, f"no answer to {action}")
        except ExpectationFailed as failed:
            raise AssertionError(f"seed {SEED}, step {step}: {failed}") from None
        # Let the bot finish what it is sending for this action before the next one.
        await asyncio.sleep(0)
    await settled(user)
    for message in user.log.messages:
        assert UNEXPECTED not in message.text, f"seed {SEED}: {user.transcript()}"


async def settled(user: UserClient) -> None:
    """Waits until the bot has stopped answering (an action may be answered by several
    messages), so that nothing is still being sent when the bot is stopped."""
    seen = -1
    while seen != reactions(user):
        seen = reactions(user)
        await asyncio.sleep(0.3)


async def test_random_input_in_random_states_is_always_answered(world: BotWorld) -> None:
    seeded = await seed_demo(
        world.cabinet.uow_factory, world.clock, world.settings, accounts=6, seed=SEED
    )
    vocabulary = [p.number for p in seeded.showcase] + [p.els for p in seeded.showcase]
    vocabulary += ["Согласен", "Да", "Нет", "12345", "12 345,6 кВт*ч", "+79280001122"]
    rng = random.Random(SEED)
    chaos = Chaos(world, rng, vocabulary)
    customers = [
        await world.customer(first_name=f"Клиент{i}", phone=f"+7928000{i:04d}")
        for i in range(CUSTOMERS)
    ]
    steps = ACTIONS // CUSTOMERS
    await asyncio.gather(
        *(
            customer_session(chaos, user, [u for u in customers if u is not user], steps)
            for user in customers
        )
    )
