"""The outbox sender against the emulator: notifications a second with Telegram's limits on (the
goal: the allowed 30/s within 5 %, and not one 429) and with them off (the sender's own ceiling).

`OutboxScene` is also what tests/bot/test_outbox*.py act through: customers in the emulator and
the database, notifications enqueued straight into the outbox, and what each chat received.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from benchmarks.figure import Figure
from bot.i18n import build_i18n
from bot.notifications.sender import OutboxSender, SenderConfig
from core.clock import FrozenClock
from core.entities.outbox import OutboxMessage
from core.entities.users import TelegramIdentity, User
from core.enums import NotificationKind
from core.notifications.outbox import Outgoing, enqueue_many
from emulator.kit.harness import EmulatorHarness
from storage.database import create_engine, create_session_factory
from storage.models import metadata, outbox_table, users_table
from storage.uow import UnitOfWorkFactory, unit_of_work_factory

NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)
TELEGRAM_RATE = 30.0  # what Telegram allows a bot overall, messages a second
BENCH_NOTIFICATIONS = 5000
BENCH_CHATS = 1000


@dataclass
class OutboxScene:
    emu: EmulatorHarness
    uow_factory: UnitOfWorkFactory
    clock: FrozenClock
    chats: list[int]  # Telegram user ids, equal to their private chats' ids
    users: dict[int, int]  # chat id -> cabinet user id

    @classmethod
    async def build(cls, emu: EmulatorHarness, engine: AsyncEngine, chats: int) -> OutboxScene:
        uow_factory = unit_of_work_factory(create_session_factory(engine))
        people = [emu.world.add_person(f"U{n}") for n in range(chats)]  # in-process: fast
        async with uow_factory() as uow:
            await uow.session.execute(
                insert(User), [{"language": "ru", "created_at": NOW} for _ in people]
            )
            user_ids = list(
                await uow.session.scalars(select(users_table.c.id).order_by(users_table.c.id))
            )
            user_ids = user_ids[-len(people) :]
            await uow.session.execute(
                insert(TelegramIdentity),
                [
                    {
                        "telegram_user_id": p.id,
                        "user_id": user_id,
                        "chat_id": p.id,
                        "created_at": NOW,
                    }
                    for p, user_id in zip(people, user_ids, strict=True)
                ],
            )
            await uow.commit()
        ids = [p.id for p in people]
        return cls(emu, uow_factory, FrozenClock(NOW), ids, dict(zip(ids, user_ids, strict=True)))

    async def enqueue(self, plan: Sequence[tuple[int, int]], tag: str = "m") -> list[str]:
        """`plan`: (chat id, how many) pairs; returns the texts, each unique, in queue order."""
        items: list[Outgoing] = []
        for chat, count in plan:
            for _ in range(count):
                text = f"{tag}{len(items)}"
                items.append(Outgoing(self.users[chat], chat, chat, text, {"text": text}))
        async with self.uow_factory() as uow:
            for start in range(0, len(items), 1000):
                chunk = items[start : start + 1000]
                await enqueue_many(uow, NotificationKind.BROADCAST, chunk, self.clock.now())
            await uow.commit()
        return [item.payload["text"] for item in items]

    def sender(self, **config: Any) -> OutboxSender:
        base = SenderConfig(poll_seconds=0.02)
        return OutboxSender(
            self.emu.make_bot(),
            self.uow_factory,
            self.clock,
            build_i18n(),
            replace(base, **config),
        )

    def delivered(self) -> Counter[str]:
        """How many times each text arrived, over every chat (the "📢 " prefix cut off)."""
        seen: Counter[str] = Counter()
        for chat in self.chats:
            for stored in self.emu.world.chats[chat].messages.values():
                text = str(stored.data.get("text", ""))
                seen[text.removeprefix("📢 ")] += 1
        return seen

    async def statuses(self) -> dict[str, int]:
        async with self.uow_factory() as uow:
            return await uow.outbox.count_by_status()

    async def rows(self) -> list[OutboxMessage]:
        async with self.uow_factory() as uow:
            rows = list(
                await uow.session.scalars(select(OutboxMessage).order_by(outbox_table.c.id))
            )
            uow.session.expunge_all()
            return rows


def spread(chats: Sequence[int], total: int) -> list[tuple[int, int]]:
    """`total` notifications over `chats` as evenly as they go."""
    each, extra = divmod(total, len(chats))
    return [(chat, each + (1 if n < extra else 0)) for n, chat in enumerate(chats)]


async def deliver(scene: OutboxScene, sender: OutboxSender) -> float:
    """Runs the sender until the outbox is empty; returns the seconds it took."""
    started = time.perf_counter()
    await sender.run_until_idle()
    elapsed = time.perf_counter() - started
    await sender.bot.session.close()
    return elapsed


async def measure(total: int, chats: int, limits: bool) -> tuple[float, int, OutboxSender]:
    with tempfile.TemporaryDirectory() as folder:
        engine = create_engine(f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}")
        async with engine.begin() as conn:
            await conn.run_sync(metadata.create_all)
        try:
            async with EmulatorHarness(flood_limits=limits) as emu:
                scene = await OutboxScene.build(emu, engine, chats)
                await scene.enqueue(spread(scene.chats, total))
                rate = {} if limits else {"rate_per_second": 100_000.0, "batch": 500}
                sender = scene.sender(**rate)
                elapsed = await deliver(scene, sender)
                floods = (await emu.answered_statuses()).get(429, 0)
                assert sum(scene.delivered().values()) == total
        finally:
            await engine.dispose()
    return total / elapsed, floods, sender


def run() -> list[Figure]:
    with_limits, floods, _ = asyncio.run(measure(BENCH_NOTIFICATIONS, BENCH_CHATS, limits=True))
    # Off limits many chats: the per-chat pacing (1/s) must not be what is measured.
    ceiling, _, _ = asyncio.run(measure(BENCH_NOTIFICATIONS, BENCH_NOTIFICATIONS, limits=False))
    within = (TELEGRAM_RATE - with_limits) / TELEGRAM_RATE * 100
    return [
        Figure(
            "notifications: sent/s, limits on",
            f"{with_limits:.1f}/s ({within:.1f} % under 30)",
            "30/s within 5 %",
        ),
        Figure("notifications: 429s answered, limits on", str(floods), "0"),
        Figure("notifications: sent/s, limits off", f"{ceiling:.0f}/s", "the sender's ceiling"),
        Figure("notifications: load", f"{BENCH_NOTIFICATIONS} over {BENCH_CHATS} chats", ""),
    ]
