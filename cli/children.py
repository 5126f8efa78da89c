"""Child processes of a long-running command (`cabinet cluster`): started with their output in a
log file, watched, and stopped in order with a grace each.

Each child runs in its own session, so the terminal's Ctrl+C reaches only the command, which
then stops them in its own order (the workers first, the database last); and each gets SIGTERM
if the command itself dies (Linux's parent-death signal), so that none outlives a kill -9 of it.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import os
import signal
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PR_SET_PDEATHSIG = 1
TAIL_LINES = 3


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    with contextlib.suppress(Exception):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)


@dataclass
class Child:
    name: str  # as the terminal says it: "worker 2", "nginx", "PostgreSQL"
    process: asyncio.subprocess.Process
    log: Path
    stop_signal: int = signal.SIGTERM
    grace: float = 10.0
    started_with: dict[str, Any] = field(default_factory=dict)  # to start it again

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def running(self) -> bool:
        return self.process.returncode is None

    def why_it_ended(self) -> str:
        code = self.process.returncode
        if code is None:
            return f"{self.name} is running"
        if code < 0:
            try:
                how = f"was killed by {signal.Signals(-code).name}"
            except ValueError:
                how = f"was killed by signal {-code}"
        else:
            how = f"exited with code {code}"
        tail = log_tail(self.log) if code > 0 else ""  # a killed one said nothing of it
        return f"{self.name} {how}" + (f" ({tail})" if tail else "") + f"; its log: {self.log}"

    async def start_again(self) -> None:
        """The same command again (after it ended: a supervisor's restart, a fault run)."""
        again = await start_child(self.name, log=self.log, **self.started_with)
        self.process = again.process

    async def stop(self) -> None:
        """Its stop signal, then SIGKILL after its grace."""
        if not self.running:
            return
        with contextlib.suppress(ProcessLookupError):
            self.process.send_signal(self.stop_signal)
        try:
            await asyncio.wait_for(self.process.wait(), self.grace)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                self.process.kill()
            await self.process.wait()


async def start_child(
    name: str,
    args: Sequence[str],
    log: Path,
    *,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    stop_signal: int = signal.SIGTERM,
    grace: float = 10.0,
    user: str | None = None,
) -> Child:
    """Starts `args` with standard output and error appended to `log`."""
    log.parent.mkdir(parents=True, exist_ok=True)
    options: dict[str, Any] = {}
    if user is not None:
        options.update(user=user, group=user, extra_groups=[])
    if sys.platform == "linux":
        options["preexec_fn"] = _die_with_parent
    with log.open("ab") as output:
        process = await asyncio.create_subprocess_exec(
            *args,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=output,
            stderr=asyncio.subprocess.STDOUT,
            env=dict(env) if env is not None else None,
            cwd=cwd,
            start_new_session=True,
            **options,
        )
    started_with = {
        "args": list(args),
        "env": env,
        "cwd": cwd,
        "stop_signal": stop_signal,
        "grace": grace,
        "user": user,
    }
    return Child(name, process, log, stop_signal, grace, started_with)


class ChildEnded(Exception):
    """A child the command needs ended; the message says which and why."""


async def watch(child: Child) -> None:
    """Ends (with `ChildEnded`) when the child does."""
    await child.process.wait()
    raise ChildEnded(child.why_it_ended())


async def stop_in_order(groups: Sequence[Sequence[Child]]) -> None:
    """Each group's children together (each with its grace), one group after the other."""
    for group in groups:
        await asyncio.gather(*(child.stop() for child in group), return_exceptions=True)


def log_tail(log: Path, lines: int = TAIL_LINES) -> str:
    """The last non-empty lines of a log, joined: what a child said before it ended."""
    try:
        with log.open("rb") as file:
            file.seek(max(0, os.path.getsize(log) - 4096))
            text = file.read().decode(errors="replace")
    except OSError:
        return ""
    kept = [line.strip() for line in text.splitlines() if line.strip()][-lines:]
    return " | ".join(line[:300] for line in kept)
