"""`cabinet demo` brings up the database, demo data, the emulator and a bot that answers."""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from cli.demo_session import run_demo
from emulator.kit.ports import free_port


async def control(http: aiohttp.ClientSession, method: str, url: str, **kwargs: Any) -> Any:
    async with http.request(method, url, **kwargs) as response:
        body = await response.json()
    assert body["ok"], body
    return body["result"]


async def wait_until_up(http: aiohttp.ClientSession, base: str) -> None:
    for _ in range(300):
        with contextlib.suppress(aiohttp.ClientError):
            async with http.get(f"{base}/_emu/state") as response:
                if response.status == 200:
                    return
        await asyncio.sleep(0.1)
    raise AssertionError("the demo's emulator did not come up")


async def test_demo_runs_the_emulator_and_a_bot_that_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'demo.db'}")
    monkeypatch.setenv("SMTP_PORT", str(free_port()))
    monkeypatch.setenv("WEB_PORT", str(free_port()))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    demo = asyncio.create_task(run_demo("127.0.0.1", port, accounts=12))
    try:
        async with aiohttp.ClientSession() as http:
            await wait_until_up(http, base)
            user = await control(http, "POST", f"{base}/_emu/users", json={"first_name": "Гость"})
            await control(
                http, "POST", f"{base}/_emu/users/{user['id']}/send", json={"text": "/start"}
            )
            for _ in range(200):
                messages = await control(http, "GET", f"{base}/_emu/chats/{user['id']}/messages")
                if any(m["outgoing"] for m in messages):
                    break
                await asyncio.sleep(0.05)
            else:
                raise AssertionError(f"the bot did not answer: {messages}")
        printed = capsys.readouterr().out
        assert f"Open the web chat: {base}/" in printed
        assert "ЕЛС" in printed  # demo accounts to link, with their ЕЛС
    finally:
        demo.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await demo
