"""The whole readings dialog driven through the emulator by many customers at once, the bot being
the real `cabinet run` in a process of its own; beside it, in the same rounds, the bare aiogram
echo bot and the dialog's Telegram side alone, each in a process of its own too.

Each customer has four accounts with a meter each, and sends readings for each, one after the
other: «Передать показания» → the account's button → the value → «Отправить». The cabinet runs
on SQLite as a pilot does (no Redis: the database FSM storage), and on PostgreSQL with Redis as
production does. The cost figures are the bot process's own CPU time per update it received and
per Bot API call it made (`benchmarks/bot_process.py`); the latency figures (the action until
the bot's answer) stand beside them. The targets are the cabinet's CPU per update over the echo
bot's: 2× on SQLite, 2.5× on PostgreSQL + Redis. The Telegram side alone (the same updates,
answers and keyboards from a bot with no cabinet behind it) shows the floor under the cabinet's
own work. Every bot gets a customer's worth of updates before the clock starts; the four are
measured one after the other in each of three rounds, and the median round is reported.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import statistics
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from argon2 import PasswordHasher
from redis.asyncio import Redis
from sqlalchemy import text

from benchmarks import postgres_cache
from benchmarks.bench_echo import figures as bot_figures
from benchmarks.bench_echo import measure_echo
from benchmarks.bot_process import (
    BotProcess,
    Measured,
    bench_token,
    bot_env,
    bot_process,
    python_module,
)
from benchmarks.bot_process import measure as measure_bot
from benchmarks.figure import Figure
from benchmarks.telegram_side_bot import ACCOUNTS_EACH, account_number
from core.cabinet import Cabinet, build_cabinet
from core.clock import SystemClock
from core.entities.accounts import Account
from core.entities.meters import Meter
from core.entities.readings import Reading
from core.enums import NotificationKind, ReadingSource, ReadingStatus
from core.mail.smtp import SmtpMailer
from core.passwords import Passwords
from core.settings import Settings
from core.users.telegram_login import TelegramLogin
from emulator.kit import EmulatorHarness, UserClient
from emulator.kit.ports import free_port
from storage.database import create_engine, create_session_factory
from storage.migrate import upgrade_engine
from storage.uow import UnitOfWorkFactory, unit_of_work_factory

USERS = 20
UPDATES_EACH = 4 * ACCOUNTS_EACH
ROUNDS = 3
ELS = "77МН000000"
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
TARGETS = {"SQLite": 2.0, "PostgreSQL + Redis": 2.5}
ECHO, FLOOR = "echo", "the dialog's Telegram side alone"
# Every day of the month is inside the readings window, whenever the benchmark runs.
WINDOW = {"READINGS_WINDOW_START_DAY": "1", "READINGS_WINDOW_END_DAY": "31"}

REMINDERS = (
    NotificationKind.WINDOW_OPENS,
    NotificationKind.WINDOW_CLOSING,
    NotificationKind.VERIFICATION_DUE,
)

Timed = list[float]
Round = dict[str, Measured]


def run() -> list[Figure]:
    """Three rounds of (echo, the floor, the cabinet on each database), one after the other, so
    that a noisy neighbour on the machine weighs on all alike; the figures are the median
    round's (by each bot's CPU per update), the ratios the median of the rounds' ratios."""
    skipped = _unreachable()
    rounds = [asyncio.run(_round(skipped)) for _ in range(ROUNDS)]
    figures: list[Figure] = []
    for label in rounds[0]:
        median = sorted((r[label] for r in rounds), key=lambda m: m.cpu_per_update_ms)[ROUNDS // 2]
        shown = f"readings, {label}" if label in TARGETS else label
        figures += bot_figures(median, shown, "baseline" if label == ECHO else "")
    for label, target in TARGETS.items():
        if label not in rounds[0]:
            figures.append(Figure(f"readings, {label}", f"skipped: {skipped}", ""))
            continue
        for name, of in (("CPU per update", _cpu), ("p50 per update", _p50)):
            each = [of(r[label]) / of(r[ECHO]) for r in rounds]
            aim = f"<= {target}x" if of is _cpu else "(latency, not a cost)"
            every = ", ".join(f"{ratio:.2f}x" for ratio in each)
            figures += [
                Figure(f"readings, {label} / echo, {name}", f"{statistics.median(each):.2f}x", aim),
                Figure(f"readings, {label} / echo, {name}, each round", every, ""),
            ]
    floor = [_cpu(r[FLOOR]) / _cpu(r[ECHO]) for r in rounds]
    figures.append(Figure(f"{FLOOR} / echo, CPU per update", f"{statistics.median(floor):.2f}x"))
    figures.append(Figure("readings: load", f"{USERS} users x {ACCOUNTS_EACH} submissions"))
    return figures


def _cpu(measured: Measured) -> float:
    return measured.cpu_per_update_ms


def _p50(measured: Measured) -> float:
    return measured.quantile_ms(50)


def _unreachable() -> str | None:
    """Why the PostgreSQL + Redis run is skipped, or None."""
    reason = postgres_cache.unreachable_reason()
    if reason is None:
        try:
            asyncio.run(_ping_redis())
        except (OSError, ConnectionError) as error:
            reason = f"Redis is not reachable at {REDIS_URL} ({error})"
    return reason


async def _ping_redis() -> None:
    redis = Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        await redis.ping()
    finally:
        await redis.aclose()


async def _round(skipped: str | None) -> Round:
    measured: Round = {ECHO: await measure_echo(USERS, UPDATES_EACH)}
    measured[FLOOR] = await _measure_telegram_side()
    measured["SQLite"] = await _measure_cabinet(postgres=False)
    if skipped is None:
        measured["PostgreSQL + Redis"] = await _measure_cabinet(postgres=True)
    return measured


async def _measure_telegram_side() -> Measured:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        async with EmulatorHarness(token=bench_token(), flood_limits=False) as emu:
            people = [await emu.new_user(first_name=f"U{n}") for n in range(USERS + 1)]
            numbers = folder / "customers.json"
            numbers.write_text(json.dumps({person.id: n for n, person in enumerate(people)}))
            env = bot_env(BOT_TOKEN=emu.token, TELEGRAM_API_URL=emu.base_url)
            command = python_module("benchmarks.telegram_side_bot", str(numbers))
            async with bot_process(command, env, folder) as bot:
                return await _measured(FLOOR, emu, bot, people)


async def _measure_cabinet(
    *, postgres: bool, users: int = USERS, profile_to: Path | None = None
) -> Measured:
    """`profile_to`: the bot runs under `benchmarks.profiled_run`, sampled over the measured
    stretch, its profile saved there."""
    label = "PostgreSQL + Redis" if postgres else "SQLite"
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        async with _database(folder, postgres) as url:
            settings = Settings(
                _env_file=None,
                database_url=url,
                files_dir=name,
                readings_window_start_day=1,
                readings_window_end_day=31,
            )
            async with EmulatorHarness(token=bench_token(), flood_limits=False) as emu:
                people = [await emu.new_user(first_name=f"U{n}") for n in range(users + 1)]
                await _seed(settings, people)
                port = free_port()
                env = bot_env(
                    BOT_TOKEN=emu.token,
                    TELEGRAM_API_URL=emu.base_url,
                    DATABASE_URL=url,
                    FILES_DIR=str(folder / "files"),
                    WEB_PORT=str(port),
                    PUBLIC_URL=f"http://127.0.0.1:{port}",
                    **WINDOW,
                )
                if postgres:
                    env["REDIS_URL"] = REDIS_URL
                command = python_module("cli.main", "run")
                if profile_to is not None:
                    env["PROFILE_TO"] = str(profile_to)
                    command = python_module("benchmarks.profiled_run")
                try:
                    async with bot_process(command, env, folder) as bot:
                        return await _measured(label, emu, bot, people, profile_to)
                finally:
                    if postgres:
                        await _forget_dialogs(emu.token)


async def _measured(
    label: str,
    emu: EmulatorHarness,
    bot: BotProcess,
    people: list[UserClient],
    profile_to: Path | None = None,
) -> Measured:
    warming, people = people[-1], people[:-1]
    await bot.answering(_send_all(warming, len(people)), label)  # start-up, first polls

    async def everyone() -> list[Timed]:
        return await asyncio.gather(*(_send_all(p, n) for n, p in enumerate(people)))

    if profile_to is None:
        return await measure_bot(label, emu, bot, everyone)
    bot.process.send_signal(signal.SIGUSR1)
    measured = await measure_bot(label, emu, bot, everyone)
    bot.process.send_signal(signal.SIGUSR2)
    for _ in range(300):  # a minute to write it
        if await asyncio.to_thread(profile_to.exists):
            return measured
        await asyncio.sleep(0.2)
    raise RuntimeError(f"{label}: the profile was not saved:\n{bot.log_tail()}")


@contextlib.asynccontextmanager
async def _database(folder: Path, postgres: bool) -> AsyncIterator[str]:
    """A migrated empty database: a SQLite file in `folder`, or a PostgreSQL database of this
    run's own (dropped at the end)."""
    if not postgres:
        url = f"sqlite+aiosqlite:///{folder / 'cabinet.db'}"
        await _migrate(url)
        yield url
        return
    name = f"cabinet_bench_readings_{os.getpid()}"
    admin = create_engine(postgres_cache.ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
        url = postgres_cache.database_url(name)
        await _migrate(url)
        yield url
    finally:
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


async def _migrate(url: str) -> None:
    engine = create_engine(url)
    try:
        await upgrade_engine(engine)
    finally:
        await engine.dispose()


async def _forget_dialogs(token: str) -> None:
    """Leaves no dialogs of this run's bot behind in a shared Redis."""
    redis = Redis.from_url(REDIS_URL)
    try:
        async for key in redis.scan_iter(match=f"fsm:{token.split(':')[0]}:*"):
            await redis.delete(key)
    finally:
        await redis.aclose()


async def _seed(settings: Settings, people: list[UserClient]) -> None:
    """The customers, written before the bot starts (its engine is the only one then)."""
    engine = create_engine(settings.database_url)
    try:
        uow_factory = unit_of_work_factory(create_session_factory(engine))
        passwords = Passwords(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
        mailer = SmtpMailer(settings.smtp_host, settings.smtp_port, settings.smtp_from)
        cabinet = build_cabinet(settings, uow_factory, SystemClock(), mailer, passwords)
        for number, person in enumerate(people):
            await _customer(cabinet, uow_factory, person, number)
    finally:
        await engine.dispose()


async def _customer(
    cabinet: Cabinet, uow_factory: UnitOfWorkFactory, person: UserClient, number: int
) -> None:
    """Signed in by phone, with four accounts linked by ЕЛС, a single-zone meter on each."""
    login = TelegramLogin(telegram_user_id=person.id, chat_id=person.id, language_code="ru")
    signed_in = await cabinet.users.sign_in_by_phone(login, f"+7928{number:07d}")
    await cabinet.users.record_consent(signed_in.user.id)
    for reminder in REMINDERS:  # the real calendar's: their messages would cut into the dialog
        await cabinet.notifications.set_enabled(signed_in.user.id, reminder, False)
    for index in range(ACCOUNTS_EACH):
        number_of_account = account_number(number, index)
        await _account_with_meter(uow_factory, number_of_account)
        await cabinet.accounts.link_by_els(signed_in.user.id, number_of_account, ELS)


def _last_reading_at() -> datetime:
    """The first of last month, 09:00 UTC: last period's reading, whatever day it is now."""
    first = datetime.now(UTC).replace(day=1, hour=9, minute=0, second=0, microsecond=0)
    return (first - timedelta(days=1)).replace(day=1)


async def _account_with_meter(uow_factory: UnitOfWorkFactory, number: str) -> None:
    taken = _last_reading_at()
    async with uow_factory() as uow:
        account = Account(
            number=number,
            els=ELS,
            branch="Ессентукский филиал",
            locality="г. Ессентуки",
            holder_name="Иванов Иван Иванович",
            tariff="городской",
        )
        uow.session.add(account)
        await uow.session.flush()
        meter = Meter(
            account_id=account.id,
            serial=f"9{number}",
            model="Меркурий 201",
            digits=6,
            decimals=0,
            zones="T",
            installed_on=date(2018, 8, 8),
        )
        uow.session.add(meter)
        await uow.session.flush()
        uow.session.add(
            Reading(
                meter_id=meter.id,
                zone="T",
                value=Decimal(10_000),
                consumption=Decimal(250),
                taken_at=taken,
                period=f"{taken:%Y-%m}",
                source=ReadingSource.IMPORT.value,
                status=ReadingStatus.ACCEPTED.value,
                created_at=taken,
            )
        )
        await uow.commit()


async def _send_all(person: UserClient, number: int) -> Timed:
    latencies: Timed = []
    for index in range(ACCOUNTS_EACH):
        button = f"Лицевой счёт № {account_number(number, index)}"
        latencies += [
            await _timed(person, person.send("📟 Передать показания"), "Выберите лицевой счёт"),
            await _timed(person, person.click(button), "Счётчик №"),
            await _timed(person, person.send("10250"), "Проверьте показания"),
            await _timed(person, person.click("✅ Отправить"), "Показания приняты"),
        ]
    return latencies


async def _timed(person: UserClient, action: Awaitable[object], answer: str) -> float:
    """From the action (the coroutine starts here, when awaited) to the bot's answer."""
    started = time.perf_counter()
    await action
    await person.expect_message(contains=answer, timeout=60)
    return time.perf_counter() - started
