"""Where a readings update's CPU time goes, in the bot's own process.

`python -m benchmarks.profile_readings [--postgres] [--users N]` runs the readings benchmark's
customers against `cabinet run` twice: once plain, for the CPU per update, once under a sampling
profiler (`benchmarks/profiled_run.py`, pyinstrument) over the measured stretch. Each sample of
the main thread is put in one part of the work by its call stack (`part_of`); the table gives
each part's share of the busy samples (the event loop's idle wait left out) and that share of the
plain run's CPU per update, in milliseconds."""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from pyinstrument.frame import Frame
from pyinstrument.session import Session

from benchmarks.bench_readings import _measure_cabinet
from benchmarks.bot_process import CHECKOUT, Measured

Stack = tuple[str, ...]  # "file:function" of each frame, outermost first

IDLE = "idle (the event loop waiting)"
PARTS = (
    "Bot API: getUpdates (the long poll, its updates parsed)",
    "update inbox: kept, claimed, marked handled (SQL)",
    "update inbox: the update dumped for keeping and parsed again for the dispatcher",
    "Bot API answers: request built and sent (aiogram session, aiohttp)",
    "Bot API answers: the response parsed (pydantic)",
    "Bot API answers: the method object built (pydantic)",
    "FSM: state and data read and written, the chat's lock",
    "identity: who the Telegram user is (middleware)",
    "SQL of the services (SQLAlchemy, driver)",
    "logging (the update's line)",
    "handlers, keyboards, texts, services (own code)",
    "aiogram: routing, filters, middlewares, context",
    "background loops (outbox, reminders, inbox recovery)",
    "event loop (tasks, callbacks, sockets)",
    "other",
)


def part_of(stack: Stack) -> str:
    def has(*fragments: str) -> bool:
        return any(fragment in frame for frame in stack for fragment in fragments)

    own = str(CHECKOUT)
    if stack and "selectors.py:select" in stack[-1]:
        return IDLE
    if has(f"{own}/bot/notifications/", f"{own}/bot/background.py"):
        return PARTS[12]
    client = has("/aiogram/client/")
    if has(f"{own}/bot/inbox/polling.py"):
        return PARTS[0] if client else PARTS[1] if has(f"{own}/bot/inbox/store.py") else PARTS[2]
    if client:
        below = _below(stack, "/aiogram/client/")
        return PARTS[4] if any("/pydantic/" in frame for frame in below) else PARTS[3]
    if has(f"{own}/bot/inbox/store.py"):
        return PARTS[1]
    if has(":by_telegram"):
        return PARTS[7]
    fsm = ("/aiogram/fsm/storage/", "/aiogram/fsm/context.py", "/redis/")
    if has(*fsm, f"{own}/storage/fsm_storage.py"):
        return PARTS[6]
    if has("/logging/", f"{own}/cli/log"):
        return PARTS[9]
    if has("/sqlalchemy/", "/aiosqlite/", "/asyncpg/", f"{own}/storage/"):
        return PARTS[8]
    if has(f"{own}/bot/inbox/") and not has("/aiogram/dispatcher/"):
        return PARTS[2] if has("/pydantic/") else PARTS[13]
    if has("/aiogram/methods/") or (
        has("/aiogram/types/") and _innermost_area(stack) == "pydantic"
    ):
        return PARTS[5]
    area = _innermost_area(stack)
    if area == "own":
        return PARTS[10]
    if area == "aiogram":
        return PARTS[11]
    if area == "asyncio":
        return PARTS[13]
    return PARTS[14]


def _below(stack: Stack, fragment: str) -> Stack:
    first = next(index for index, frame in enumerate(stack) if fragment in frame)
    return stack[first:]


def _innermost_area(stack: Stack) -> str:
    own = str(CHECKOUT)
    for frame in reversed(stack):
        if f"{own}/bot/" in frame or f"{own}/core/" in frame or "/babel/" in frame:
            return "own"
        if "/aiogram/" in frame or "/magic_filter/" in frame:
            return "aiogram"
        if "/pydantic/" in frame:
            return "pydantic"
    return "asyncio" if stack and all("asyncio" in f or "<" in f for f in stack[-3:]) else ""


def _self_times(frame: Frame, stack: Stack = ()) -> Iterator[tuple[Stack, float]]:
    """Each stack's own time; pyinstrument's "[self]" leaves count as their parent's."""
    if frame.is_synthetic:
        yield stack, frame.time
        return
    here = (*stack, f"{frame.file_path}:{frame.function}")
    children = frame.children
    yield here, frame.time - sum(child.time for child in children)
    for child in children:
        yield from _self_times(child, here)


def breakdown(session: Session) -> defaultdict[str, float]:
    seconds: defaultdict[str, float] = defaultdict(float)
    root = session.root_frame(trim_stem=False)
    if root is not None:
        for stack, spent in _self_times(root):
            seconds[part_of(stack)] += spent
    return seconds


def sql_callers(session: Session, top: int = 15) -> list[tuple[str, float]]:
    """The SQL of the services by the cabinet's function that ran it (the innermost of core/)."""
    seconds: defaultdict[str, float] = defaultdict(float)
    root = session.root_frame(trim_stem=False)
    if root is not None:
        for stack, spent in _self_times(root):
            if stack and part_of(stack) == PARTS[8]:
                callers = [f for f in stack if f"{CHECKOUT}/core/" in f or "/bot/" in f]
                seconds[callers[-1].rsplit("/", 1)[-1] if callers else "?"] += spent
    return sorted(seconds.items(), key=lambda item: -item[1])[:top]


def leaves(session: Session, top: int = 25) -> list[tuple[str, float]]:
    """The functions the busy samples were in (self time), for a closer look."""
    seconds: defaultdict[str, float] = defaultdict(float)
    root = session.root_frame(trim_stem=False)
    if root is not None:
        for stack, spent in _self_times(root):
            if stack and part_of(stack) != IDLE:
                seconds[stack[-1].rsplit("/", 1)[-1]] += spent
    return sorted(seconds.items(), key=lambda item: -item[1])[:top]


async def profile(postgres: bool, users: int, keep: Path | None) -> None:
    plain = await _measure_cabinet(postgres=postgres, users=users)
    with tempfile.TemporaryDirectory() as folder:
        path = keep or Path(folder) / "profile.json"
        sampled = await _measure_cabinet(postgres=postgres, users=users, profile_to=path)
        session, statements = _load(path)
    report(session, plain, sampled, postgres, users)
    print()
    print("SQL statements per update (SQLAlchemy's greenlets hide who ran them from the samples):")
    for text, count in statements.items():
        print(f"{count / sampled.updates:6.2f}  {text}")


def _load(path: Path) -> tuple[Session, dict[str, int]]:
    """The profile and the SQL statements counted beside it (see benchmarks/profiled_run.py)."""
    statements = json.loads(Path(f"{path}.sql.json").read_text(encoding="utf-8"))
    return Session.load(str(path)), statements


def report(
    session: Session, plain: Measured, sampled: Measured, postgres: bool, users: int
) -> None:
    seconds = breakdown(session)
    busy = sum(spent for part, spent in seconds.items() if part != IDLE)
    cpu = plain.cpu_per_update_ms
    where = "PostgreSQL + Redis" if postgres else "SQLite"
    print(f"readings on {where}: {plain.updates} updates from {users} customers")
    print(f"CPU per update (plain run): {cpu:.2f} ms; under the profiler: ", end="")
    print(
        f"{sampled.cpu_per_update_ms:.2f} ms; busy samples {busy / sampled.updates * 1000:.2f} ms"
    )
    calls = ", ".join(f"{m} {n / plain.updates:.2f}" for m, n in sorted(plain.calls.items()))
    print(f"Bot API calls per update: {calls}")
    print()
    print("| part of the work | share | ms per update |")
    print("| --- | ---: | ---: |")
    for part in PARTS:
        share = seconds[part] / busy if busy else 0.0
        print(f"| {part} | {share * 100:.1f}% | {share * cpu:.2f} |")
    print(f"| **all** | 100% | **{cpu:.2f}** |")
    print()
    print("SQL of the services, by the function that ran it:")
    for name, spent in sql_callers(session):
        print(f"{spent / busy * cpu:6.2f} ms  {name}")
    print()
    print("Busy samples by the function they were in:")
    for name, spent in leaves(session):
        print(f"{spent / busy * 100:5.1f}%  {name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL + Redis")
    parser.add_argument("--users", type=int, default=25)
    parser.add_argument("--keep", type=Path, help="keep the profile (pyinstrument's JSON) here")
    args = parser.parse_args()
    asyncio.run(profile(args.postgres, args.users, args.keep))


if __name__ == "__main__":
    main()
