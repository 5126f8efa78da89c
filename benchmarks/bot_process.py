"""A bot under measurement in a process of its own, polling the emulator that runs in the
benchmark's process, and what that bot process alone spends over a measured stretch.

The figures a cost target is judged by are the bot process's own: its CPU time (utime + stime
from /proc/PID/stat, all its threads) over the measured stretch, per update it received and per
Bot API call it made (the emulator counts the calls by method). The emulator and the simulated
customers cost the benchmark's process, not the bot's. CPU time is the steadiest cost figure on
a shared machine: other tenants stretch the wall clock, not the work the process does."""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import signal
import statistics
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from emulator.kit import EmulatorHarness

# Settings of this machine's shell that must not reach the bot's process.
UNSET = ("PYTHONPATH", "DATABASE_URL", "REDIS_URL", "BOT_TOKEN", "TELEGRAM_API_URL")
CHECKOUT = Path(__file__).resolve().parent.parent  # the bots of `benchmarks/` are run from it
STOP_SECONDS = 5.0  # then killed: the measured stretch is over by then


def bench_token() -> str:
    """A bot of its own per run: FSM keys in a shared Redis carry the bot's id."""
    return f"{secrets.randbelow(9 * 10**9) + 10**9}:AABench{secrets.token_hex(12)}"


def process_cpu_seconds(pid: int) -> float:
    """utime + stime of a process (all its threads), in seconds."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        text = stat.read()
    fields = text[text.rindex(")") + 2 :].split()  # the name may hold spaces; fields from 3 on
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def bot_env(**settings: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in UNSET}
    env["PYTHONPATH"] = str(CHECKOUT)
    env.update(settings)
    return env


@dataclass
class BotProcess:
    process: asyncio.subprocess.Process
    log: Path

    def cpu_seconds(self) -> float:
        return process_cpu_seconds(self.process.pid)

    async def answering(self, warm_up: Awaitable[object], what: str) -> None:
        """Runs `warm_up` (the bot's first updates); fails with the bot's last log lines when
        it fails or the bot's process ends first."""
        warming = asyncio.ensure_future(warm_up)
        ended = asyncio.ensure_future(self.process.wait())
        await asyncio.wait({warming, ended}, return_when=asyncio.FIRST_COMPLETED)
        ended.cancel()
        if not warming.done():
            warming.cancel()
            raise RuntimeError(f"{what}: the bot's process ended:\n{self.log_tail()}")
        if warming.exception() is not None:
            raise RuntimeError(f"{what}: the bot did not answer:\n{self.log_tail()}") from (
                warming.exception()
            )

    def log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


@contextlib.asynccontextmanager
async def bot_process(
    args: list[str], env: Mapping[str, str], folder: Path
) -> AsyncIterator[BotProcess]:
    """Runs `args` in `folder` (no `.env` there) with its output in a file; SIGTERM at the end."""
    log = folder / "bot.log"
    with log.open("wb") as output:
        process = await asyncio.create_subprocess_exec(
            *args, cwd=folder, env=dict(env), stdout=output, stderr=asyncio.subprocess.STDOUT
        )
    bot = BotProcess(process, log)
    try:
        yield bot
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(process.wait(), STOP_SECONDS)
            except TimeoutError:
                process.kill()
                await process.wait()


def python_module(module: str, *args: str) -> list[str]:
    return [sys.executable, "-m", module, *args]


@dataclass
class Measured:
    """A bot's measured stretch: the updates sent to it, each one's time until its answer, the
    wall time, the bot process's CPU time and its Bot API calls by method."""

    label: str
    latencies: list[float] = field(default_factory=list)
    wall: float = 0.0
    cpu: float = 0.0
    calls: Counter[str] = field(default_factory=Counter)

    @property
    def updates(self) -> int:
        return len(self.latencies)

    @property
    def cpu_per_update_ms(self) -> float:
        return self.cpu / self.updates * 1000

    @property
    def answers(self) -> int:
        """Bot API calls other than getUpdates: the answers the updates cost."""
        return sum(count for method, count in self.calls.items() if method != "getupdates")

    @property
    def cpu_per_call_ms(self) -> float:
        """Per Bot API call, getUpdates included."""
        return self.cpu / max(1, sum(self.calls.values())) * 1000

    def quantile_ms(self, percent: int) -> float:
        return statistics.quantiles(sorted(self.latencies), n=100)[percent - 1] * 1000


Conversation = Callable[[], Awaitable[list[list[float]]]]


async def measure(
    label: str, emu: EmulatorHarness, bot: BotProcess, conversations: Conversation
) -> Measured:
    """Runs `conversations` (the customers' timed actions, gathered) and takes the bot's CPU
    time and Bot API calls over them."""
    calls_before = Counter(await emu.calls_by_method())
    cpu_before, wall_before = bot.cpu_seconds(), time.perf_counter()
    results = await conversations()
    wall, cpu = time.perf_counter() - wall_before, bot.cpu_seconds() - cpu_before
    calls = Counter(await emu.calls_by_method())
    calls.subtract(calls_before)
    latencies = [latency for per_customer in results for latency in per_customer]
    return Measured(label, latencies, wall, cpu, +calls)
