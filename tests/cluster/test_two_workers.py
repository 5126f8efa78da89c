"""Two real `cabinet run` processes behind nginx, the emulator delivering the webhook to nginx:
one chat's rapid updates are handled in order though they alternate between the workers; an
update delivered to both workers at once is handled once; a worker killed (SIGKILL) in the middle
of an update loses nothing: the other one takes it over once its lease runs out."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
import pytest_asyncio
from sqlalchemy import insert, select

from core.entities.users import TelegramIdentity, User
from emulator.kit.clients import UserClient
from storage.models import support_messages_table, update_inbox_table, users_table
from tests.bot.support.test_scene import CARD_MARK, start_writing
from tests.cli.cluster_kit import require_cluster_tools
from tests.cluster.two_workers import TwoWorkers, two_workers

pytestmark = [pytest.mark.postgres, pytest.mark.asyncio(loop_scope="module")]

NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)
RAPID = 12
# Well above the emulator's update ids, so that a hand-made update meets none of them.
OWN_UPDATE_IDS = 900_000_000


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def cluster() -> AsyncIterator[TwoWorkers]:
    require_cluster_tools()
    # A holder that died is taken over a second after its last renewal.
    async with two_workers(INBOX_LEASE_SECONDS="1", INBOX_RECOVERY_SECONDS="0.2") as running:
        yield running


async def signed_in(cluster: TwoWorkers, client: UserClient, phone: str) -> None:
    async with cluster.engine.begin() as connection:
        user_id = (
            await connection.execute(
                insert(User)
                .values(phone=phone, first_name="Анна", consented_at=NOW, created_at=NOW)
                .returning(users_table.c.id)
            )
        ).scalar_one()
        await connection.execute(
            insert(TelegramIdentity).values(
                telegram_user_id=client.id, user_id=user_id, chat_id=client.id, created_at=NOW
            )
        )


def start_update(update_id: int, client: UserClient) -> dict[str, Any]:
    """`/start` from the client, as Telegram delivers it."""
    person = {"id": client.id, "is_bot": False, "first_name": client.first_name}
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id % 1_000_000,
            "date": int(datetime.now(UTC).timestamp()),
            "chat": {"id": client.id, "type": "private", "first_name": client.first_name},
            "from": person,
            "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }


async def handled_row(cluster: TwoWorkers, update_id: int) -> Any:
    """The update's inbox row once it is marked handled (just after the handler's last call)."""
    query = select(
        update_inbox_table.c.attempts, update_inbox_table.c.handled_at, update_inbox_table.c.error
    ).where(update_inbox_table.c.update_id == update_id)
    for _ in range(200):
        async with cluster.engine.connect() as connection:
            row = (await connection.execute(query)).one()
        if row.handled_at is not None:
            return row
        await asyncio.sleep(0.05)
    raise AssertionError(f"update {update_id} was not marked handled: {row}")


@pytest.mark.timeout(400)
async def test_one_chats_rapid_updates_are_handled_in_order(cluster: TwoWorkers) -> None:
    emulator = cluster.emulator
    anna = await emulator.new_user(first_name="Анна")
    await signed_in(cluster, anna, "+79280000101")
    await start_writing(anna)
    texts = [f"Сообщение {n}" for n in range(1, RAPID + 1)]
    for message in texts:  # one after another without waiting for the answers
        await anna.send(message)
    for _ in texts:
        await anna.expect_message(contains="Сообщение отправлено", timeout=30)
    card = await emulator.staff.expect_message(contains=CARD_MARK, timeout=30)
    copies = [
        (await emulator.staff.expect_message(thread_id=card.thread_id, timeout=30)).text
        for _ in texts
    ]
    assert copies == texts
    async with cluster.engine.connect() as connection:
        kept = list(
            await connection.scalars(
                select(support_messages_table.c.text).order_by(support_messages_table.c.id)
            )
        )
    assert kept == texts
    # Both workers took part (nginx takes turns).
    for worker in cluster.workers:
        assert '"message": "update"' in worker.log.read_text(encoding="utf-8"), cluster.logs()


@pytest.mark.timeout(400)
async def test_an_update_delivered_to_both_workers_is_handled_once(cluster: TwoWorkers) -> None:
    boris = await cluster.emulator.new_user(first_name="Борис")
    update = start_update(OWN_UPDATE_IDS + 1, boris)
    statuses = await asyncio.gather(cluster.post_update(0, update), cluster.post_update(1, update))
    assert statuses == [200, 200]
    await boris.expect_message(contains="Здравствуйте", timeout=30)
    await boris.expect_message(contains="согласие", timeout=30)
    await boris.expect_no_message(within=1.5)
    attempts, _, error = await handled_row(cluster, update["update_id"])
    assert (attempts, error) == (1, None)


@pytest.mark.timeout(400)
async def test_a_worker_killed_in_the_middle_of_an_update_loses_nothing(
    cluster: TwoWorkers,
) -> None:
    """Last in this module: it leaves one worker."""
    emulator = cluster.emulator
    vera = await emulator.new_user(first_name="Вера")
    # Telegram takes its time over the greeting; the first worker dies meanwhile.
    await emulator.inject_fault(500, method="sendMessage", chat_id=vera.id, delay=8.0)
    update = start_update(OWN_UPDATE_IDS + 2, vera)
    posted = asyncio.create_task(cluster.post_update(0, update))
    await until_the_fault_is_hit(cluster)
    cluster.kill(0)
    assert await cluster.workers[0].process.wait() < 0
    posted.cancel()  # its connection died with the worker; Telegram would send it again
    await asyncio.gather(posted, return_exceptions=True)

    # The second worker takes the update over after the lease, and runs it from its start.
    await vera.expect_message(contains="Здравствуйте", timeout=30)
    await vera.expect_message(contains="согласие", timeout=30)
    attempts, _, error = await handled_row(cluster, update["update_id"])
    assert (attempts, error) == (2, None)
    # And what the emulator delivers to nginx now reaches the living worker.
    await vera.send("/start")
    await vera.expect_message(contains="Здравствуйте", timeout=30)


async def until_the_fault_is_hit(cluster: TwoWorkers) -> None:
    for _ in range(600):
        faults = await cluster.emulator.control("GET", "/_emu/faults")
        if not faults["pending"]:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"the worker never made the call that hangs\n{cluster.logs()}")
