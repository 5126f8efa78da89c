"""A bare aiogram echo bot polling the emulator: N customers each send M messages, one at a
time, waiting for the echo. The figures are the baseline the bot's own benchmarks compare to."""

from __future__ import annotations

import asyncio
import statistics
import time

from aiogram import Dispatcher, F, Router
from aiogram.types import Message

from benchmarks.figure import Figure
from benchmarks.spent import spent
from emulator.kit import EmulatorHarness, UserClient

USERS = 50
MESSAGES_EACH = 40
WARM_UP = 5


def echo_dispatcher() -> Dispatcher:
    router = Router()

    @router.message(F.text)
    async def echo(message: Message) -> None:
        await message.answer(message.text or "")

    dispatcher = Dispatcher()
    dispatcher.include_router(router)
    return dispatcher


async def converse(user: UserClient, messages: int) -> list[float]:
    latencies = []
    for number in range(messages):
        started = time.perf_counter()
        await user.send(f"{user.id}-{number}")
        await user.expect_message(contains=f"{user.id}-{number}", timeout=30)
        latencies.append(time.perf_counter() - started)
    return latencies


async def measure(users: int = USERS, messages_each: int = MESSAGES_EACH) -> list[Figure]:
    async with EmulatorHarness(flood_limits=False) as emu:
        people = [await emu.new_user(first_name=f"U{n}") for n in range(users)]
        async with emu.run_bot(echo_dispatcher()):
            await converse(people[0], WARM_UP)  # the bot's first getMe and polls
            with spent() as load:
                results = await asyncio.gather(*(converse(p, messages_each) for p in people))
    latencies = sorted(latency for per_user in results for latency in per_user)
    quantiles = statistics.quantiles(latencies, n=100)
    total = users * messages_each
    return [
        Figure("echo: updates per second (end to end)", f"{total / load.wall:.0f}/s", "baseline"),
        Figure("echo: p50 per update", f"{quantiles[49] * 1000:.1f} ms", "baseline"),
        Figure("echo: p99 per update", f"{quantiles[98] * 1000:.1f} ms", "baseline"),
        Figure("echo: CPU per update", f"{load.cpu / total * 1000:.2f} ms", "baseline"),
        Figure("echo: load", f"{users} users x {messages_each} messages", ""),
    ]


def run() -> list[Figure]:
    return asyncio.run(measure())
