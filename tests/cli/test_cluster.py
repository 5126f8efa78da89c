"""`cabinet cluster --workers 2 --local`: nginx in front of two `cabinet run` workers, with a
private PostgreSQL and Redis and the emulator delivering webhooks to nginx. The web chat's users
get the bot's answers, both workers handle updates, and SIGTERM stops it all with exit code 0."""

from __future__ import annotations

import asyncio
import json
import signal
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from emulator.kit.ports import free_port
from tests.cli.cluster_kit import cluster_folder, require_cluster_tools
from tests.cli.processes import cabinet_in_this_env, clean_env, running

CUSTOMERS = 4


async def control(http: aiohttp.ClientSession, method: str, url: str, **kwargs: Any) -> Any:
    async with http.request(method, url, **kwargs) as response:
        body = await response.json()
    assert body["ok"], body
    return body["result"]


async def answered(http: aiohttp.ClientSession, base: str, chat_id: int) -> list[str]:
    """The bot's messages in the chat, once there is one."""
    for _ in range(300):
        messages = await control(http, "GET", f"{base}/_emu/chats/{chat_id}/messages")
        texts = [m.get("text", "") for m in messages if m["outgoing"]]
        if texts:
            return texts
        await asyncio.sleep(0.05)
    raise AssertionError(f"the bot did not answer in chat {chat_id}")


def handled_updates(log: Path) -> set[int]:
    ids = set()
    for line in log.read_text(encoding="utf-8").splitlines():
        if line.startswith("{") and '"message": "update"' in line:
            ids.add(int(json.loads(line)["update_id"]))
    return ids


@pytest.mark.timeout(300)
async def test_two_workers_behind_nginx_answer_the_web_chat(tmp_path: Path) -> None:
    require_cluster_tools()
    port, emulator_port = free_port(), free_port()
    base = f"http://127.0.0.1:{emulator_port}"
    with cluster_folder() as folder:
        command = [
            *cabinet_in_this_env(), "cluster", "--workers", "2", "--local",
            "--dir", str(folder), "--port", str(port), "--emulator-port", str(emulator_port),
            "--accounts", "5",
        ]  # fmt: skip
        async with running(
            command, tmp_path, clean_env(), f"Open the web chat: {base}/", limit=240
        ) as cluster:
            async with aiohttp.ClientSession() as http:
                people = [
                    await control(http, "POST", f"{base}/_emu/users", json={"first_name": f"U{n}"})
                    for n in range(CUSTOMERS)
                ]
                for person in people:
                    url = f"{base}/_emu/users/{person['id']}/send"
                    await control(http, "POST", url, json={"text": "/start"})
                for person in people:
                    texts = await answered(http, base, person["id"])
                    assert "Здравствуйте" in texts[0]
                async with http.get(f"http://127.0.0.1:{port}/healthz") as health:
                    assert health.status == 200  # through nginx
            # nginx takes turns: each worker had some of the customers' updates.
            first = handled_updates(folder / "logs" / "worker-1.log")
            second = handled_updates(folder / "logs" / "worker-2.log")
            assert first and second, (first, second)
            assert not first & second
            cluster.send_signal(signal.SIGTERM)
            code = await asyncio.wait_for(cluster.wait(), 60)
        assert code == 0
