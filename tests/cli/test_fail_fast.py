"""A long-running command that cannot start says why in one line and exits, within seconds."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from cli.demo_session import run_demo
from cli.startup import StartupFailed, first_to_end
from emulator.config import DEFAULT_TOKEN
from emulator.kit import EmulatorHarness
from emulator.kit.ports import free_port
from storage.migrate import upgrade
from tests.cli.processes import cabinet_in_this_env, clean_env, run_to_end

WITHIN_SECONDS = 10


@pytest.fixture
def taken_port() -> Iterator[int]:
    """A port another program listens on."""
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        yield other.getsockname()[1]


async def test_the_emulator_on_a_taken_port_names_the_port(tmp_path: Path, taken_port: int) -> None:
    ended = await run_to_end(
        [*cabinet_in_this_env(), "emulator", "--port", str(taken_port), "--smtp-port", "0"],
        tmp_path,
        clean_env(),
    )
    assert ended.returncode != 0 and ended.seconds < WITHIN_SECONDS
    assert "cabinet emulator: the emulator failed" in ended.output
    assert f"('127.0.0.1', {taken_port})" in ended.output and "already in use" in ended.output
    assert "Traceback" not in ended.output


async def test_the_emulator_with_a_missing_spec_file_names_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "api-10.9.json"
    ended = await run_to_end(
        [*cabinet_in_this_env(), "emulator", "--port", str(free_port()), "--smtp-port", "0"],
        tmp_path,
        clean_env(TELEGRAM_API_SPEC=str(missing)),
    )
    assert ended.returncode != 0 and ended.seconds < WITHIN_SECONDS
    assert f"the Bot API description {missing} cannot be read (no such file)" in ended.output
    assert "TELEGRAM_API_SPEC" in ended.output and "Traceback" not in ended.output


async def test_the_bot_with_an_unreachable_database_names_it(tmp_path: Path) -> None:
    closed = free_port()
    ended = await run_to_end(
        [*cabinet_in_this_env(), "run"],
        tmp_path,
        clean_env(
            BOT_TOKEN=DEFAULT_TOKEN,
            DATABASE_URL=f"postgresql+asyncpg://cabinet:secret-pw@127.0.0.1:{closed}/cabinet",
        ),
    )
    assert ended.returncode != 0 and ended.seconds < WITHIN_SECONDS
    assert (
        f"cabinet run: the database postgresql+asyncpg://cabinet:***@127.0.0.1:{closed}/cabinet "
        "does not answer (ConnectionRefusedError): start it, or correct DATABASE_URL"
    ) in ended.output
    assert "secret-pw" not in ended.output


async def test_the_bot_on_a_database_never_migrated_says_to_migrate(tmp_path: Path) -> None:
    ended = await run_to_end(
        [*cabinet_in_this_env(), "run"],
        tmp_path,
        clean_env(BOT_TOKEN=DEFAULT_TOKEN, DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path}/new.db"),
    )
    assert ended.returncode != 0 and ended.seconds < WITHIN_SECONDS
    assert "the database has no schema yet: run `cabinet db upgrade` first" in ended.output


async def test_the_bot_with_bad_settings_names_the_setting(tmp_path: Path) -> None:
    ended = await run_to_end(
        [*cabinet_in_this_env(), "run"],
        tmp_path,
        clean_env(BOT_TOKEN=DEFAULT_TOKEN, WEB_PORT="eighty"),
    )
    assert ended.returncode != 0 and ended.seconds < WITHIN_SECONDS
    assert "cabinet run: bad settings (environment or .env): WEB_PORT:" in ended.output


async def test_the_bot_whose_web_port_is_taken_names_the_port(
    tmp_path: Path, taken_port: int, emulator: EmulatorHarness
) -> None:
    database = f"sqlite+aiosqlite:///{tmp_path}/cabinet.db"
    await upgrade(database)
    ended = await run_to_end(
        [*cabinet_in_this_env(), "run"],
        tmp_path,
        clean_env(
            BOT_TOKEN=emulator.token,
            TELEGRAM_API_URL=emulator.base_url,
            DATABASE_URL=database,
            WEB_PORT=str(taken_port),
        ),
    )
    assert ended.returncode != 0
    assert "cabinet run: the bot failed:" in ended.output
    assert f"('127.0.0.1', {taken_port})" in ended.output and "already in use" in ended.output


async def test_the_demo_stops_when_its_bot_cannot_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, taken_port: int
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'demo.db'}")
    monkeypatch.setenv("SMTP_PORT", str(free_port()))
    monkeypatch.setenv("WEB_PORT", str(taken_port))
    port = free_port()
    with pytest.raises(StartupFailed, match=r"the bot failed: .*already in use"):
        await asyncio.wait_for(run_demo("127.0.0.1", port, accounts=3), 60)
    with socket.socket() as probe:  # the emulator was stopped: its port is free again
        probe.bind(("127.0.0.1", port))


async def test_the_demo_stops_when_its_emulator_cannot_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, taken_port: int
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'demo.db'}")
    monkeypatch.setenv("SMTP_PORT", str(free_port()))
    with pytest.raises(StartupFailed, match=r"the emulator failed: .*already in use"):
        await asyncio.wait_for(run_demo("127.0.0.1", taken_port, accounts=3), 60)


async def test_a_part_that_dies_stops_the_others_and_says_why() -> None:
    async def dies() -> None:
        await asyncio.sleep(0.01)
        raise ConnectionResetError("the Bot API went away")

    async def serves() -> None:
        await asyncio.Event().wait()

    server = asyncio.create_task(serves())
    with pytest.raises(StartupFailed) as failure:
        await first_to_end({"the emulator": asyncio.create_task(dies()), "the bot": server})
    assert str(failure.value) == (
        "the emulator failed: ConnectionResetError: the Bot API went away; "
        "everything else was stopped"
    )
    assert server.cancelled()
