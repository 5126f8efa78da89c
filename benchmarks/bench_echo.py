"""A bare aiogram echo bot (`benchmarks/echo_bot.py`) in a process of its own, polling the
emulator: N customers each send M messages, one at a time, waiting for the echo. The figures are
the baseline the bot's own benchmarks compare to (`bench_readings` measures it again beside the
cabinet in each of its rounds)."""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path

from benchmarks.bot_process import (
    Measured,
    bench_token,
    bot_env,
    bot_process,
    measure,
    python_module,
)
from benchmarks.figure import Figure
from emulator.kit import EmulatorHarness, UserClient

USERS = 20
MESSAGES_EACH = 16
WARM_UP = 5
LABEL = "echo"


async def converse(user: UserClient, messages: int) -> list[float]:
    latencies = []
    for number in range(messages):
        started = time.perf_counter()
        await user.send(f"{user.id}-{number}")
        await user.expect_message(contains=f"{user.id}-{number}", timeout=60)
        latencies.append(time.perf_counter() - started)
    return latencies


async def measure_echo(users: int = USERS, messages_each: int = MESSAGES_EACH) -> Measured:
    with tempfile.TemporaryDirectory() as folder:
        async with EmulatorHarness(token=bench_token(), flood_limits=False) as emu:
            people = [await emu.new_user(first_name=f"U{n}") for n in range(users)]
            env = bot_env(BOT_TOKEN=emu.token, TELEGRAM_API_URL=emu.base_url)
            async with bot_process(python_module("benchmarks.echo_bot"), env, Path(folder)) as bot:
                await bot.answering(converse(people[0], WARM_UP), LABEL)  # start, first polls

                async def everyone() -> list[list[float]]:
                    return await asyncio.gather(*(converse(p, messages_each) for p in people))

                return await measure(LABEL, emu, bot, everyone)


def figures(measured: Measured, label: str = LABEL, target: str = "baseline") -> list[Figure]:
    """A bot process's figures: throughput and latency end to end, and its own cost."""
    per_update = measured.answers / measured.updates
    polls = measured.calls["getupdates"] / measured.updates
    return [
        Figure(f"{label}: updates per second", f"{measured.updates / measured.wall:.0f}/s", ""),
        Figure(f"{label}: p50 per update", f"{measured.quantile_ms(50):.1f} ms", ""),
        Figure(f"{label}: p99 per update", f"{measured.quantile_ms(99):.1f} ms", ""),
        Figure(f"{label}: bot CPU per update", f"{measured.cpu_per_update_ms:.2f} ms", target),
        Figure(f"{label}: bot CPU per Bot API call", f"{measured.cpu_per_call_ms:.2f} ms", ""),
        Figure(
            f"{label}: Bot API calls per update",
            f"{per_update:.2f} + {polls:.2f} getUpdates",
            "",
        ),
    ]


def run() -> list[Figure]:
    measured = asyncio.run(measure_echo())
    return [*figures(measured), Figure("echo: load", f"{USERS} users x {MESSAGES_EACH} messages")]
