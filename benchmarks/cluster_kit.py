"""What the cluster's load and fault runs share: `cabinet cluster --local` as a process, its
processes' CPU time from /proc, and simulated customers doing the real journeys through the
emulator (its control API and event stream), each press timed to the bot's answer.

A customer is a demo account holder with a single-zone meter, signed in and linked by the
cabinet's own services before the clock starts (as benchmarks/bench_readings.py and tests/bot
sign customers in). A cycle of their journeys: «🏠 Главная»; the readings with a photo (the first
cycle only: a second reading the same day is another dialog); a payment link, paid at the bank's
sandbox (its callback comes through nginx; the notification through the outbox); the history's
readings page; the messages section, and a message to support now and then (all customers
together within the staff group's 20 messages a minute). Between presses a customer thinks for
a while (closed loop).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import re
import signal
import statistics
import sys
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import aiohttp
from argon2 import PasswordHasher
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from core.cabinet import Cabinet, build_cabinet
from core.clock import SystemClock
from core.entities.meters import Meter
from core.entities.readings import Reading
from core.mail.smtp import SmtpMailer
from core.passwords import Passwords
from core.settings import Settings
from core.users.telegram_login import TelegramLogin
from emulator.kit.chatlog import ExpectationFailed
from emulator.kit.clients import UserClient
from emulator.kit.ports import free_port
from emulator.kit.remote import RemoteEmulator
from storage.database import create_engine, create_session_factory
from storage.models import accounts_table, meters_table, readings_table, update_inbox_table
from storage.uow import unit_of_work_factory

START_SECONDS = 300.0
ANSWER_TIMEOUT = 30.0  # a press with no answer by then is an error
# The readings window open all month, so that the readings journey works on any day.
CLUSTER_ENVIRONMENT = {"READINGS_WINDOW_START_DAY": "1", "READINGS_WINDOW_END_DAY": "31"}
# A JPEG's first bytes with a frame header (the emulator reads the size from it).
JPEG = b"\xff\xd8\xff\xc0\x00\x11\x08\x01\xe0\x02\x80\x03" + b"\x00" * 64
ERROR_TEXTS: tuple[str, ...] = (
    "Что-то пошло не так",
    "Не получилось выполнить действие",
    "Я не понял сообщение",
    "Эта кнопка устарела",
)
PHONE_PREFIX = "+7999"
SUPERVISOR = "cabinet cluster (supervisor)"
CUSTOMERS = "customers (this process)"
ALONE = {SUPERVISOR, CUSTOMERS}  # their CPU time without their children's


# --- the cluster as a process ------------------------------------------------------------------
@dataclass
class RunningCluster:
    process: asyncio.subprocess.Process
    folder: Path
    database_url: str
    emulator_url: str
    worker_pids: dict[str, int]
    output: list[str]

    def processes(self) -> dict[str, int]:
        """The cluster's processes by name (a root pid each; its children count with it, except
        the supervisor's and this process's: theirs are the others)."""
        found: dict[str, int] = {SUPERVISOR: self.process.pid}
        for pid in children_of(self.process.pid):
            command = cmdline(pid)
            if not command:
                continue
            if "postgres" in Path(command[0]).name:
                found["PostgreSQL (all processes)"] = pid
            elif "redis-server" in Path(command[0]).name:
                found["Redis"] = pid
            elif "nginx" in Path(command[0]).name:
                found["nginx (master and worker)"] = pid
            elif "emulator" in command:
                found["emulator"] = pid
        for name, pid in self.worker_pids.items():
            found[name] = pid
        found[CUSTOMERS] = os.getpid()
        return found


@contextlib.asynccontextmanager
async def cabinet_cluster(
    workers: int, folder: Path, accounts: int, **environment: str
) -> AsyncIterator[RunningCluster]:
    """`cabinet cluster --workers N --local --no-flood-limits` until the block ends (SIGTERM)."""
    os.makedirs(folder, exist_ok=True)
    os.chmod(folder, 0o755)  # PostgreSQL's server runs as `postgres` when this runs as root
    port, emulator_port = free_port(), free_port()
    arguments = [
        sys.executable, "-m", "cli.main", "cluster", "--workers", str(workers), "--local",
        "--no-flood-limits", "--dir", str(folder), "--port", str(port),
        "--emulator-port", str(emulator_port), "--accounts", str(accounts),
    ]  # fmt: skip
    settings = {name.upper() for name in Settings.model_fields}
    env = {k: v for k, v in os.environ.items() if k not in settings}
    env.update(CLUSTER_ENVIRONMENT, **environment)
    process = await asyncio.create_subprocess_exec(
        *arguments,
        env=env,
        cwd=folder,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    assert process.stdout is not None
    output: list[str] = []
    try:
        async with asyncio.timeout(START_SECONDS):
            while "Open the web chat" not in (line := (await process.stdout.readline()).decode()):
                if not line:
                    raise RuntimeError("cabinet cluster ended:\n" + "".join(output))
                output.append(line)
        database_url = next(
            line.split()[1] for line in output if line.strip().startswith("database")
        )
        workers_seen = {
            f"worker {match[1]}": int(match[2])
            for line in output
            if (match := re.match(r"\s+worker (\d+)\s+\S+, pid (\d+)", line))
        }
        drain = asyncio.create_task(_drain(process.stdout, output))
        yield RunningCluster(
            process, folder, database_url, f"http://127.0.0.1:{emulator_port}", workers_seen, output
        )
        drain.cancel()
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(process.wait(), 90)
            except TimeoutError:
                process.kill()
                await process.wait()


async def _drain(stream: asyncio.StreamReader, output: list[str]) -> None:
    while line := await stream.readline():
        output.append(line.decode())


# --- CPU time from /proc -----------------------------------------------------------------------
TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2 :].split()  # fields from the state on (field 3)


def children_of(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            fields = _stat(int(entry))
            if fields is not None and int(fields[1]) == pid:
                found.append(int(entry))
    return found


def cmdline(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0")[:-1]
    except OSError:
        return []


def own_cpu_seconds(pid: int) -> float:
    fields = _stat(pid)
    return 0.0 if fields is None else sum(int(value) for value in fields[11:13]) / TICKS


def tree_cpu_seconds(pid: int) -> float:
    """utime+stime of the process and every descendant alive, plus what the ended ones spent
    (cutime+cstime: the children a process has waited for, e.g. PostgreSQL's backends)."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        fields = _stat(int(entry))
        if fields is None:
            continue
        parents[int(entry)] = int(fields[1])
        times[int(entry)] = sum(int(value) for value in fields[11:15]) / TICKS
    total, stack = 0.0, [pid]
    while stack:
        current = stack.pop()
        total += times.get(current, 0.0)
        stack.extend(child for child, parent in parents.items() if parent == current)
    return total


def cpu_snapshot(processes: dict[str, int]) -> dict[str, float]:
    return {
        name: own_cpu_seconds(pid) if name in ALONE else tree_cpu_seconds(pid)
        for name, pid in processes.items()
    }


# --- customers ---------------------------------------------------------------------------------
@dataclass
class Customer:
    client: UserClient
    account_number: str
    reading_value: Decimal
    readings_sent: bool = False
    cycles: int = 0


@dataclass
class Sample:
    step: str
    started: float  # monotonic
    seconds: float
    error: str | None = None
    answered: Callable[[], bool | None] | None = None  # whether its answer has come (later)


# The staff group takes 20 messages a minute (Telegram's limit, bot/staff_group.py), and every
# support message is posted there: the customers write to support at most this often, together.
SUPPORT_EVERY_SECONDS = 4.0


@dataclass
class Tally:
    samples: list[Sample] = field(default_factory=list)
    last_support: float = float("-inf")
    # Journeys completed, by what they leave in the database.
    readings: int = 0
    payment_links: int = 0
    paid: int = 0
    support_messages: int = 0

    def support_turn(self) -> bool:
        """Whether this cycle may include a message to support (see SUPPORT_EVERY_SECONDS)."""
        now = time.monotonic()
        if now - self.last_support < SUPPORT_EVERY_SECONDS:
            return False
        self.last_support = now
        return True


def cabinet_on(database_url: str) -> tuple[Cabinet, AsyncEngine]:
    engine = create_engine(database_url)
    settings = Settings(_env_file=None, database_url=database_url, files_dir="/tmp")
    uow_factory = unit_of_work_factory(create_session_factory(engine))
    passwords = Passwords(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    mailer = SmtpMailer(settings.smtp_host, settings.smtp_port, settings.smtp_from)
    return build_cabinet(settings, uow_factory, SystemClock(), mailer, passwords), engine


async def single_zone_accounts(engine: AsyncEngine, wanted: int) -> list[tuple[str, str, Decimal]]:
    """Demo accounts with one single-zone meter: (number, ЕЛС, the value to send: the last one
    plus its usual month, within the meter's digits)."""
    last = (
        select(readings_table.c.meter_id, func.max(readings_table.c.taken_at).label("taken_at"))
        .group_by(readings_table.c.meter_id)
        .subquery()
    )
    query = (
        select(
            accounts_table.c.number,
            accounts_table.c.els,
            readings_table.c.value,
            readings_table.c.consumption,
            meters_table.c.digits,
        )
        .join(Meter, meters_table.c.account_id == accounts_table.c.id)
        .join(last, last.c.meter_id == meters_table.c.id)
        .join(
            Reading,
            (readings_table.c.meter_id == meters_table.c.id)
            & (readings_table.c.taken_at == last.c.taken_at),
        )
        .where(meters_table.c.zones == "T")
        .order_by(accounts_table.c.number)
    )
    async with engine.connect() as connection:
        rows = (await connection.execute(query)).all()
    chosen: dict[str, tuple[str, str, Decimal]] = {}
    for number, els, value, consumption, digits in rows:
        sent = Decimal(int(value) + max(int(consumption or 0), 50))
        if sent < 10**digits and number not in chosen:
            chosen[number] = (number, els or "", sent)
    if len(chosen) < wanted:
        raise RuntimeError(f"only {len(chosen)} single-zone demo accounts; seed more")
    return list(chosen.values())[:wanted]


async def sign_in_customers(
    emu: RemoteEmulator, database_url: str, count: int, skip: int = 0
) -> list[Customer]:
    """`count` customers, each with an account of their own (after the first `skip` ones)."""
    cabinet, engine = cabinet_on(database_url)
    try:
        customers = []
        accounts = (await single_zone_accounts(engine, skip + count))[skip:]
        for number, (account, els, value) in enumerate(accounts, start=skip):
            client = await emu.new_user(first_name=f"Клиент{number}")
            login = TelegramLogin(telegram_user_id=client.id, chat_id=client.id, language_code="ru")
            signed = await cabinet.users.sign_in_by_phone(login, f"{PHONE_PREFIX}{number:07d}")
            await cabinet.users.record_consent(signed.user.id)
            await cabinet.accounts.link_by_els(signed.user.id, account, els)
            customers.append(Customer(client, account, value))
        return customers
    finally:
        await engine.dispose()


# A step: (what the customer does, its argument, what the bot's answer contains).
Step = tuple[str, Any, str]


def cycle_of(customer: Customer, with_support: bool) -> Iterator[Step]:
    yield "send", "🏠 Главная", "Лицевой счёт №"
    if not customer.readings_sent:
        yield "send", "📟 Передать показания", "Счётчик №"
        yield "photo", JPEG, "Введите сегодняшние показания"
        yield "send", str(customer.reading_value), "Проверьте показания"
        yield "click", "✅ Отправить", "Показания приняты"
    yield "send", "💳 Оплата", "Лицевой счёт"
    yield "click_first", None, "Сумма оплаты|напишите сумму"
    if "напишите сумму" in latest_answer(customer):  # nothing owed: an advance payment
        yield "send", "1500", "Сумма оплаты"
    yield "click", "➡️ Перейти к оплате", "Ссылка на оплату"
    # The bank's page, «Оплатить»: its callback reaches a worker through nginx, and the customer
    # hears of the payment through the outbox.
    yield "pay", None, "прошла"
    yield "send", "📜 История", "История по лицевому счёту"
    yield "click", "📈 Показания", "📈 Показания"
    yield "send", "💬 Сообщения", "Сообщения"
    if with_support:
        yield "click", "✍️ Написать", "Напишите сообщение"
        question = f"Вопрос {customer.cycles + 1} по счёту {customer.account_number}"
        yield "send", question, "отправлено"


def latest_answer(customer: Customer) -> str:
    log = customer.client.log
    return next((m.text for m in reversed(log.messages) if m.outgoing), "")


async def press(customer: Customer, step: Step) -> Sample:
    """Does the step; the time from the action to the bot's answer that contains the marker."""
    kind, argument, marker = step
    markers = marker.split("|")
    client = customer.client
    log = client.log
    seen_messages, seen_edits = len(log.messages), len(log.edits)

    def answered() -> bool | None:
        for message in log.messages[seen_messages:]:
            if message.outgoing and any(m in message.text for m in markers):
                return True
        for edited in log.edits[seen_edits:]:
            if any(m in edited.text for m in markers):
                return True
        return None

    started = time.monotonic()
    error: str | None = None
    try:
        if kind == "send":
            await client.send(argument)
        elif kind == "photo":
            await client.send_photo(argument)
        elif kind == "click":
            await client.click(argument)
        elif kind == "pay":
            link = next(m for m in reversed(log.messages) if m.outgoing and "Ссылка" in m.text)
            url = link.raw["reply_markup"]["inline_keyboard"][0][0]["url"]
            sandbox = client.harness.sandbox
            paid = await sandbox.pay(sandbox.order_id_of(url))
            # The customer's browser comes back from the bank (the return page asks the bank too).
            async with aiohttp.ClientSession() as browser, browser.get(paid["redirect_url"]):
                pass
        else:  # the first button of the bot's latest message
            latest = next(m for m in reversed(log.messages) if m.outgoing and m.button_list)
            await client.click(latest.button_list[0], latest)
        await log.wait_for(answered, ANSWER_TIMEOUT, f"no answer with {marker!r}")
    except (ExpectationFailed, StopIteration):
        error = "no answer"
    except Exception as failure:  # the control API refused: a press that did not happen
        said = re.sub(r"[0-9a-f-]{36}", "…", str(failure))  # one line for every order
        error = f"{type(failure).__name__}: {said[:90]}"
    seconds = time.monotonic() - started
    for message in log.messages[seen_messages:]:
        if message.outgoing and any(text in message.text for text in ERROR_TEXTS):
            error = error or f"error text: {message.text[:60]}"
    shown = "a question" if argument and str(argument).startswith("Вопрос") else argument
    shown = "a value" if kind == "send" and str(argument).isdigit() else shown
    name = f"{kind} {shown if kind != 'photo' else ''}"
    return Sample(name, started, seconds, error, answered)


async def customer_loop(
    customer: Customer, tally: Tally, stop_at: float, think: float, rng: random.Random
) -> None:
    await asyncio.sleep(rng.uniform(0, think * 3))  # customers arrive spread out
    while time.monotonic() < stop_at:
        for step in cycle_of(customer, tally.support_turn()):
            sample = await press(customer, step)
            tally.samples.append(sample)
            if sample.error is None:
                marker = step[2]
                tally.readings += marker == "Показания приняты"
                tally.payment_links += marker == "Ссылка на оплату"
                tally.paid += marker == "прошла"
                tally.support_messages += marker == "отправлено"
                if marker == "Показания приняты":
                    customer.readings_sent = True
            await asyncio.sleep(rng.expovariate(1 / think))
            if time.monotonic() >= stop_at or sample.error is not None:
                break  # a press left without its answer: the customer starts over
        customer.cycles += 1


async def handled_between(database_url: str, since: float, until: float) -> int:
    """Updates the workers marked handled in that stretch of wall-clock time (epoch seconds)."""
    from datetime import UTC, datetime

    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            return int(
                await connection.scalar(
                    select(func.count()).where(
                        update_inbox_table.c.handled_at >= datetime.fromtimestamp(since, UTC),
                        update_inbox_table.c.handled_at < datetime.fromtimestamp(until, UTC),
                    )
                )
                or 0
            )
    finally:
        await engine.dispose()


def quantile(values: list[float], q: int) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def machine() -> str:
    from benchmarks.__main__ import machine as describe

    return f"{describe()}; nproc {os.cpu_count()}"
