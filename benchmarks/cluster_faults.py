"""Fault runs of the cluster under load (`make bench-faults`): two workers behind nginx, a private
PostgreSQL and Redis (so that they may be stopped), the emulator delivering webhooks, simulated
customers doing the real journeys (benchmarks/cluster_kit.py) throughout. One after the other:

1. kill -9 of one worker (it is started again after the run, as its supervisor would);
2. PostgreSQL stopped for 10 s, then started again (`/healthz` must say 503 meanwhile);
3. Redis stopped for 10 s, then started again;
4. the emulator answering 429 (retry_after 1) and then 502 to the bot's calls for a while.

Each run: load for a while, the fault, load on; then the customers wait for every answer (up to
two minutes each: "eventually"). Checked afterwards, against what the customers did: the readings,
payment intents, payments and their outbox notifications, and support messages in the database
(nothing lost, nothing twice), and that every press got its answer. An apology ("the service is
briefly unavailable") is counted apart: it is the promised answer to a press during an outage,
and the real one must follow.

Settings (environment): CLUSTER_FAULT_CUSTOMERS (default 20), CLUSTER_FAULT_THINK (default 1.0),
CLUSTER_FAULT_SECONDS (each run's load, default 40; the fault at a quarter of it).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import shutil
import signal
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

import benchmarks.cluster_kit as kit
from benchmarks.cluster_kit import CLUSTER_ENVIRONMENT, PHONE_PREFIX, Tally, machine
from cli.children import Child
from cli.cluster import Cluster, ClusterOptions, start_cluster
from core.entities.readings import Reading
from emulator.kit.ports import free_port
from emulator.kit.remote import RemoteEmulator
from storage.database import create_engine
from storage.models import (
    outbox_table,
    payments_table,
    readings_table,
    support_messages_table,
    users_table,
)

APOLOGY = "сервис ненадолго недоступен"
OUTAGE_SECONDS = 10.0
EVENTUALLY = 120.0  # seconds a customer waits for an answer in these runs
# Short leases, so that a killed worker's updates and jobs are taken over within seconds.
FAULT_ENVIRONMENT = {
    "INBOX_LEASE_SECONDS": "5",
    "INBOX_RECOVERY_SECONDS": "1",
    "REMINDERS_INTERVAL_SECONDS": "10",  # the reconciliation's rounds
}
RECONCILIATION_WAIT = 200.0  # two minutes after an order's last question, and some rounds


@dataclass
class Counts:
    readings: int = 0
    payment_intents: int = 0
    paid: int = 0
    outbox: int = 0
    outbox_sent: int = 0
    support: int = 0
    duplicate_readings: int = 0
    duplicate_support: int = 0

    def minus(self, other: Counts) -> Counts:
        return Counts(**{k: getattr(self, k) - getattr(other, k) for k in vars(self)})


async def database_counts(engine: AsyncEngine) -> Counts:
    """What the simulated customers left in the database (their users' phones say who)."""
    ours = select(users_table.c.id).where(users_table.c.phone.startswith(PHONE_PREFIX))
    async with engine.connect() as connection:

        async def scalar(query: Any) -> int:
            return int(await connection.scalar(query) or 0)

        return Counts(
            readings=await scalar(
                select(func.count()).select_from(Reading).where(readings_table.c.source == "bot")
            ),
            payment_intents=await scalar(
                select(func.count()).where(
                    payments_table.c.user_id.in_(ours), payments_table.c.form_url.is_not(None)
                )
            ),
            paid=await scalar(
                select(func.count()).where(
                    payments_table.c.user_id.in_(ours),
                    payments_table.c.form_url.is_not(None),
                    payments_table.c.paid_at.is_not(None),
                )
            ),
            outbox=await scalar(select(func.count()).where(outbox_table.c.user_id.in_(ours))),
            outbox_sent=await scalar(
                select(func.count()).where(
                    outbox_table.c.user_id.in_(ours), outbox_table.c.sent_at.is_not(None)
                )
            ),
            support=await scalar(
                select(func.count()).where(
                    support_messages_table.c.direction == "from_customer",
                    support_messages_table.c.text.like("Вопрос %"),
                )
            ),
            duplicate_readings=await scalar(
                text(
                    "SELECT count(*) FROM (SELECT meter_id FROM readings WHERE source = 'bot' "
                    "GROUP BY meter_id, zone HAVING count(*) > 1) AS twice"
                )
            ),
            duplicate_support=await scalar(
                text(
                    "SELECT count(*) FROM (SELECT text FROM support_messages WHERE text LIKE "
                    "'Вопрос %' GROUP BY text HAVING count(*) > 1) AS twice"
                )
            ),
        )


@dataclass
class FaultRun:
    name: str
    seconds: float = 0.0
    presses: int = 0
    unanswered: Counter[str] = field(default_factory=Counter)
    apologies: int = 0
    p50: float = 0.0
    p99: float = 0.0
    slowest: float = 0.0
    done: Counts = field(default_factory=Counts)  # what the customers were told was done
    stored: Counts = field(default_factory=Counts)  # what the database gained
    notes: list[str] = field(default_factory=list)

    def verdict(self) -> list[str]:
        problems = []
        if self.unanswered:
            problems.append(f"presses never answered: {dict(self.unanswered)}")
        pairs = (
            ("readings", "readings"),
            ("payment intents", "payment_intents"),
            ("payments", "paid"),
            ("outbox notifications", "outbox"),
            ("outbox notifications sent", "outbox_sent"),
            ("support messages", "support"),
        )
        for label, key in pairs:
            told, kept = getattr(self.done, key), getattr(self.stored, key)
            if told != kept:
                problems.append(f"{label}: customers were told {told}, the database has {kept}")
        if self.stored.duplicate_readings or self.stored.duplicate_support:
            problems.append(
                f"twice: {self.stored.duplicate_readings} meters with two readings, "
                f"{self.stored.duplicate_support} support messages stored twice"
            )
        return problems

    def table(self) -> str:
        lines = [
            f"### {self.name}",
            "",
            "| figure | value |",
            "| --- | --- |",
            f"| presses | {self.presses} in {self.seconds:.0f} s |",
            f"| answered | {self.presses - sum(self.unanswered.values())} |",
            f"| apologies (then the answer) | {self.apologies} |",
            f"| p50 / p99 / slowest press → answer | {self.p50 * 1000:.0f} / "
            f"{self.p99 * 1000:.0f} / {self.slowest * 1000:.0f} ms |",
        ]
        for label, key in (
            ("readings", "readings"),
            ("payment intents", "payment_intents"),
            ("payments (paid)", "paid"),
            ("outbox rows / sent", "outbox"),
            ("support messages", "support"),
        ):
            told, kept = getattr(self.done, key), getattr(self.stored, key)
            extra = f" / {self.stored.outbox_sent} sent" if key == "outbox" else ""
            lines.append(f"| {label}: told / in the database | {told} / {kept}{extra} |")
        lines += [f"| note | {note} |" for note in self.notes]
        problems = self.verdict()
        lines.append(
            f"| **verdict** | {'; '.join(problems) if problems else 'nothing lost, nothing twice'} |"
        )
        return "\n".join(lines)


async def health(url: str) -> int:
    try:
        async with (
            aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5)) as http,
            http.get(url) as response,
        ):
            return response.status
    except (aiohttp.ClientError, TimeoutError):
        return 0


async def until_healthy(url: str, limit: float = 120.0) -> float:
    started = time.monotonic()
    while time.monotonic() - started < limit:
        if await health(url) == 200:
            return time.monotonic() - started
        await asyncio.sleep(0.5)
    raise RuntimeError(f"{url} was not healthy again within {limit:.0f} s")


async def stop_for(child: Child, seconds: float) -> None:
    await child.stop()
    await asyncio.sleep(seconds)
    await child.start_again()


async def answered_later(tally: Tally, patience: float = 90.0) -> int:
    """Gives the presses left without an answer more time; how many got theirs meanwhile (they
    count as answered, and the note says so)."""
    waiting = [s for s in tally.samples if s.error == "no answer" and s.answered is not None]
    deadline = time.monotonic() + patience
    late = 0
    while waiting and time.monotonic() < deadline:
        await asyncio.sleep(1)
        for sample in [s for s in waiting if s.answered is not None and s.answered()]:
            sample.error = None
            waiting.remove(sample)
            late += 1
    return late


async def payments_caught_up(
    engine: AsyncEngine, before: Counts, done: Counts, limit: float = RECONCILIATION_WAIT
) -> float:
    """Waits for the scheduler's reconciliation (it asks the bank about an order two minutes
    after its last question) to record payments whose callback was lost; the seconds it took."""
    started = time.monotonic()
    while time.monotonic() - started < limit:
        stored = (await database_counts(engine)).minus(before)
        if stored.paid >= done.paid and stored.outbox_sent >= done.outbox_sent:
            break
        await asyncio.sleep(2)
    return time.monotonic() - started


async def one_fault(
    name: str,
    fault: Any,
    customers: list[kit.Customer],
    engine: AsyncEngine,
    seconds: float,
    think: float,
) -> FaultRun:
    run = FaultRun(name)
    before = await database_counts(engine)
    seen = {c.client.id: len(c.client.log.messages) for c in customers}
    tally = Tally()
    rng = random.Random(name)
    started = time.monotonic()
    stop_at = started + seconds
    loops = [
        asyncio.create_task(kit.customer_loop(c, tally, stop_at, think, rng)) for c in customers
    ]
    await asyncio.sleep(seconds / 4)
    run.notes += await fault()
    await asyncio.gather(*loops)
    run.seconds = time.monotonic() - started
    await asyncio.sleep(3)  # the last payments' notifications leave the outbox
    run.done = Counts(
        readings=tally.readings,
        payment_intents=tally.payment_links,
        paid=tally.paid,
        outbox=tally.paid,
        outbox_sent=tally.paid,
        support=tally.support_messages,
    )
    run.stored = (await database_counts(engine)).minus(before)
    if run.stored.paid < run.done.paid or run.stored.outbox_sent < run.done.outbox_sent:
        waited = await payments_caught_up(engine, before, run.done)
        run.stored = (await database_counts(engine)).minus(before)
        run.notes.append(
            f"payments whose callback was lost: recorded by the reconciliation {waited:.0f} s "
            "after the load"
        )
    run.presses = len(tally.samples)
    answered = sorted(s.seconds for s in tally.samples if s.error is None)
    run.p50, run.p99 = kit.quantile(answered, 50), kit.quantile(answered, 99)
    run.slowest = answered[-1] if answered else 0.0
    late = await answered_later(tally)
    if late:
        run.notes.append(f"{late} press(es) answered only after {EVENTUALLY:.0f} s")
    run.unanswered = Counter(f"{s.step}: {s.error}" for s in tally.samples if s.error is not None)
    run.apologies = sum(
        APOLOGY in m.text
        for c in customers
        for m in c.client.log.messages[seen[c.client.id] :]
        if m.outgoing
    )
    return run


async def main_async() -> int:
    customers_wanted = int(os.environ.get("CLUSTER_FAULT_CUSTOMERS", "20"))
    think = float(os.environ.get("CLUSTER_FAULT_THINK", "1.0"))
    seconds = float(os.environ.get("CLUSTER_FAULT_SECONDS", "40"))
    os.environ.update(CLUSTER_ENVIRONMENT)
    os.environ.update(FAULT_ENVIRONMENT)
    kit.ANSWER_TIMEOUT = EVENTUALLY
    # Bad answers are still answers here: the apology during an outage is promised.
    kit.ERROR_TEXTS = tuple(t for t in kit.ERROR_TEXTS if APOLOGY not in t)
    folder = Path(tempfile.mkdtemp(prefix="cabinet-faults-", dir="/tmp"))
    os.chmod(folder, 0o755)
    port, emulator_port = free_port(), free_port()
    options = ClusterOptions(
        workers=2, port=port, local=True, folder=folder, emulator_port=emulator_port,
        accounts=max(300, customers_wanted * 3), flood_limits=False,
    )  # fmt: skip
    cluster = Cluster([], [], [])
    print(f"Machine: {machine()}\n")
    results: list[FaultRun] = []
    try:
        await start_cluster(options, cluster)
        postgres, redis = cluster.services
        healthz = f"http://127.0.0.1:{port}/healthz"
        database_url = cluster.workers[0].started_with["env"]["DATABASE_URL"]
        engine = create_engine(database_url)
        async with RemoteEmulator(f"http://127.0.0.1:{emulator_port}") as emu:
            customers = await kit.sign_in_customers(emu, database_url, customers_wanted)

            async def kill_a_worker() -> list[str]:
                victim = cluster.workers[0]
                victim.process.send_signal(signal.SIGKILL)
                await victim.process.wait()
                return [f"{victim.name} killed with SIGKILL; nginx sends everything to the other"]

            async def stop_postgres() -> list[str]:
                await postgres.stop()
                await asyncio.sleep(2)
                during = {await health(healthz) for _ in range(3)}
                await asyncio.sleep(OUTAGE_SECONDS - 2)
                await postgres.start_again()
                back = await until_healthy(healthz)
                return [
                    f"/healthz while PostgreSQL was down: {sorted(during)}",
                    f"healthy again {back:.1f} s after PostgreSQL was started",
                ]

            async def stop_redis() -> list[str]:
                await redis.stop()
                await asyncio.sleep(2)
                during = {await health(healthz) for _ in range(3)}
                await asyncio.sleep(OUTAGE_SECONDS - 2)
                await redis.start_again()
                back = await until_healthy(healthz)
                return [
                    f"/healthz while Redis was down: {sorted(during)}",
                    f"healthy again {back:.1f} s after Redis was started",
                ]

            async def bot_api_faults() -> list[str]:
                await emu.control(
                    "POST", "/_emu/faults", json={"status": 429, "retry_after": 1, "times": 40}
                )
                await asyncio.sleep(5)
                await emu.control("POST", "/_emu/faults", json={"status": 502, "times": 40})
                await asyncio.sleep(5)
                answered = await emu.answered_statuses()
                return [f"the emulator's answers so far by status: {answered}"]

            for name, fault in (
                ("kill -9 of one worker", kill_a_worker),
                ("PostgreSQL stopped for 10 s", stop_postgres),
                ("Redis stopped for 10 s", stop_redis),
                ("the Bot API answering 429, then 502", bot_api_faults),
            ):
                run = await one_fault(name, fault, customers, engine, seconds, think)
                results.append(run)
                print(run.table() + "\n", flush=True)
                for worker in cluster.workers:
                    if not worker.running:  # as its supervisor would
                        await worker.start_again()
                        await until_healthy(healthz)
        await engine.dispose()
    finally:
        await cluster.stop()
    failed = any(run.verdict() for run in results)
    if failed:
        print(f"The cluster's logs and database are kept for a look: {folder}")
    else:
        shutil.rmtree(folder, ignore_errors=True)
    return 1 if failed else 0


def main() -> int:
    return asyncio.run(main_async())


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        sys.exit(main())
