"""Long-running commands fail fast and loud: what stops one before it is ready is said in one line.

A command runs its parts as tasks and waits for each to say it is ready (`until_ready`). A part
that ends first (a port taken, a file missing, a database that does not answer) ends the command
with `StartupFailed`; `run_command` prints it as `cabinet COMMAND: what failed, what to do` and
exits 1, instead of a traceback or a silent terminal.
"""

from __future__ import annotations

import asyncio
import errno
import signal
import sys
from collections.abc import Callable, Coroutine
from typing import Any

from pydantic import ValidationError

from core.settings import Settings

# Errors of the project's own packages are worded for people already: shown as they are.
OWN_PACKAGES = {"bot", "cli", "core", "emulator", "storage"}


class StartupFailed(Exception):
    """One line for the terminal: what failed and what to do about it."""


def load_settings() -> Settings:
    """The settings, or `StartupFailed` naming each bad one (never its value: it may be secret)."""
    try:
        return Settings()
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in e['loc']).upper()}: {e['msg']}"
            for e in error.errors()
        )
        raise StartupFailed(f"bad settings (environment or .env): {problems}") from error


def run_command(command: str, main: Callable[[], Coroutine[Any, Any, None]]) -> int:
    """Runs `main()`; a `StartupFailed` from it (or from building it) is printed in one line.
    SIGTERM (a supervisor's stop, a rolling restart) stops it as Ctrl+C does: the work under
    way gets to finish."""
    try:
        asyncio.run(_stopped_by_sigterm(main))
    except (KeyboardInterrupt, asyncio.CancelledError):
        return 0
    except StartupFailed as failure:
        print(f"cabinet {command}: {failure}", file=sys.stderr, flush=True)
        return 1
    return 0


async def _stopped_by_sigterm(main: Callable[[], Coroutine[Any, Any, None]]) -> None:
    task = asyncio.current_task()
    assert task is not None
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)
    await main()


async def until_ready(part: asyncio.Task[None], ready: asyncio.Event, what: str) -> None:
    """Waits until `part` sets `ready`; raises `StartupFailed` if it ends first."""
    waiting = asyncio.ensure_future(ready.wait())
    try:
        await asyncio.wait({part, waiting}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        waiting.cancel()
    if not ready.is_set():
        raise StartupFailed(why_it_ended(part, what))


async def first_to_end(parts: dict[str, asyncio.Task[None]]) -> None:
    """Runs until one part ends; stops the others and raises `StartupFailed` saying which and why
    (the command runs nothing for long with a part missing)."""
    await asyncio.wait(parts.values(), return_when=asyncio.FIRST_COMPLETED)
    ended = next(what for what, task in parts.items() if task.done())
    for task in parts.values():
        task.cancel()
    await asyncio.gather(*parts.values(), return_exceptions=True)
    raise StartupFailed(why_it_ended(parts[ended], ended) + "; everything else was stopped")


def why_it_ended(part: asyncio.Task[None], what: str) -> str:
    if part.cancelled():
        return f"{what} was stopped"
    error = part.exception()
    if error is None:
        return f"{what} ended by itself"
    return f"{what} failed: {describe(error)}"


def describe(error: BaseException) -> str:
    if type(error).__module__.split(".")[0] in OWN_PACKAGES:
        return str(error)
    if isinstance(error, OSError) and error.errno == errno.EADDRINUSE:
        return f"{error} (stop what uses that port, or choose another one)"
    if isinstance(error, OSError) and error.errno == errno.EADDRNOTAVAIL:
        return f"{error} (the address is not one of this machine's)"
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0]}" if text else type(error).__name__
