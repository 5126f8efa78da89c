"""`cabinet` run as a separate process, from a folder with no checkout in it, as a user runs it."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
import time
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from pathlib import Path

# Settings of this machine's shell that must not reach a process started as a new user would.
UNSET = ("PYTHONPATH", "TELEGRAM_API_SPEC", "DATABASE_URL", "REDIS_URL", "BOT_TOKEN")


def clean_env(**settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in UNSET}
    env.update(settings)
    return env


@dataclass(frozen=True)
class Ended:
    returncode: int
    output: str  # stdout and stderr together
    seconds: float


async def run_to_end(
    args: list[str], cwd: Path, env: Mapping[str, str], limit: float = 60.0
) -> Ended:
    """Runs a command that must end by itself; kills it and fails the test after `limit`."""
    started = time.monotonic()
    process = await _start(args, cwd, env)
    try:
        output, _ = await asyncio.wait_for(process.communicate(), limit)
    except TimeoutError:
        process.kill()
        await process.wait()
        raise AssertionError(f"{args} did not end within {limit} s") from None
    assert process.returncode is not None
    return Ended(process.returncode, output.decode(), time.monotonic() - started)


@contextlib.asynccontextmanager
async def running(
    args: list[str], cwd: Path, env: Mapping[str, str], ready_line: str, limit: float = 60.0
) -> AsyncIterator[asyncio.subprocess.Process]:
    """A long-running command, from when it prints `ready_line` until the block ends."""
    process = await _start(args, cwd, env)
    try:
        assert process.stdout is not None
        await _until_printed(process.stdout, ready_line, limit, args)
        drain = asyncio.create_task(_drain(process.stdout))
        yield process
        drain.cancel()
    finally:
        if process.returncode is None:
            process.terminate()
            try:
                await asyncio.wait_for(process.wait(), 10)
            except TimeoutError:
                process.kill()
                await process.wait()


async def _start(args: list[str], cwd: Path, env: Mapping[str, str]) -> asyncio.subprocess.Process:
    """Its standard output and error together, in one pipe."""
    return await asyncio.create_subprocess_exec(
        *args,
        cwd=cwd,
        env=dict(env),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )


async def _until_printed(
    stream: asyncio.StreamReader, wanted: str, limit: float, args: list[str]
) -> None:
    seen: list[str] = []
    async with asyncio.timeout(limit):
        while wanted not in (line := (await stream.readline()).decode()):
            if not line:
                raise AssertionError(f"{args} ended before it was ready:\n{''.join(seen)}")
            seen.append(line)


async def _drain(stream: asyncio.StreamReader) -> None:
    """Keeps reading, so a chatty process never blocks on a full pipe."""
    while await stream.readline():
        pass


def cabinet_in_this_env() -> list[str]:
    """`cabinet` of the environment running the tests (the checkout's `.venv`)."""
    return [sys.executable, "-m", "cli.main"]
