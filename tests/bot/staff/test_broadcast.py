"""`/broadcast` in the staff group: a preview with the number of recipients, «Отправить» puts it
in the outbox once per customer (all of them or one branch's), «Отмена» drops it, and only staff
in the General topic may do it."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from aiogram.fsm.storage.base import StorageKey

from bot.handlers.staff.broadcast import DRAFTS, drafts, take_draft
from core.notifications.broadcast import MAX_BROADCAST_LENGTH
from emulator.kit.clients import UserClient
from emulator.kit.messages import SeenMessage
from tests.bot.kit import BotWorld
from tests.bot.signed_in import (
    SignedInCustomer,
    linked_account,
    press_crafted,
    signed_in_customer,
)
from tests.core.accounts.seed import Seed


async def customers(world: BotWorld, seed: Seed) -> list[SignedInCustomer]:
    people = []
    for n, branch in enumerate(["Ессентукский филиал", "Ессентукский филиал", "Северный филиал"]):
        person = await signed_in_customer(world, phone=f"+7928000000{n}", first_name=f"К{n}")
        account = await linked_account(world, seed, person.user.id, f"11000000{n}")
        async with world.cabinet.uow_factory() as uow:
            stored = await uow.accounts.get(account)
            assert stored is not None
            stored.branch = branch
            await uow.commit()
        people.append(person)
    return people


async def staff_member(world: BotWorld) -> UserClient:
    olga = await world.customer(first_name="Ольга")
    await world.emu.staff.add_member(olga, "member")
    return olga


async def outcome(world: BotWorld, preview: SeenMessage, contains: str) -> SeenMessage:
    log = world.emu.chat_log(world.emu.staff_chat_id)

    def edited() -> SeenMessage | None:
        return next(
            (m for m in log.edits if m.message_id == preview.message_id and contains in m.text),
            None,
        )

    return await log.wait_for(edited, 5.0, f"the preview edited with {contains!r}")


async def test_a_broadcast_to_everyone_after_a_preview(world: BotWorld, seed: Seed) -> None:
    people = await customers(world, seed)
    olga = await staff_member(world)

    await world.emu.staff.send(olga, "/broadcast Плановое отключение 20 декабря с 10 до 12 <b>")

    preview = await world.emu.staff.expect_message(contains="Рассылка")
    assert "всем клиентам" in preview.text and "получателей: 3" in preview.text
    assert "Плановое отключение 20 декабря с 10 до 12 <b>" in preview.text
    assert preview.button_list == ["Отправить", "Отмена"]
    await world.emu.staff.click(olga, "Отправить", message=preview)
    await outcome(world, preview, "поставлена в очередь: 3 сообщений")
    for person in people:
        got = await person.client.expect_message(contains="Плановое отключение")
        assert got.text == "📢 Плановое отключение 20 декабря с 10 до 12 <b>"

    await press_crafted(olga, preview, "bcast:send")  # a second press (a slow client)
    for person in people:
        await person.client.expect_no_message(within=0.2)


async def test_two_presses_at_once_queue_the_broadcast_once(world: BotWorld, seed: Seed) -> None:
    people = await customers(world, seed)
    olga = await staff_member(world)
    ivan = await world.customer(first_name="Иван")
    await world.emu.staff.add_member(ivan, "member")
    await world.emu.staff.send(olga, "/broadcast Два нажатия")
    preview = await world.emu.staff.expect_message(contains="Рассылка")

    presses = await asyncio.gather(
        world.emu.staff.click(olga, "Отправить", message=preview),
        world.emu.staff.click(ivan, "Отправить", message=preview),
    )

    group = world.emu.chat_log(world.emu.staff_chat_id)

    def answer_to(query_id: str) -> Callable[[], dict[str, Any] | None]:
        return lambda: group.callback_answers.get(query_id)

    answers = [await group.wait_for(answer_to(q), 5.0, "an answer") for q in presses]
    assert sorted(bool(a["show_alert"]) for a in answers) == [False, True]
    assert any("уже отправлена или отменена" in (a["text"] or "") for a in answers)
    await outcome(world, preview, "поставлена в очередь: 3 сообщений")
    for person in people:
        await person.client.expect_message(contains="Два нажатия")
    for person in people:
        await person.client.expect_no_message(within=0.2)
    edits = [e for e in group.edits if e.message_id == preview.message_id]
    assert len(edits) == 1
    async with world.cabinet.uow_factory() as uow:
        assert sum((await uow.outbox.count_by_status()).values()) == 3
    drafts = StorageKey(
        bot_id=preview.raw["from"]["id"],
        chat_id=preview.chat_id,
        user_id=preview.chat_id,
        destiny=DRAFTS,
    )
    assert world.dispatcher is not None
    assert await world.dispatcher.storage.get_data(drafts) == {}  # no draft left or resurrected


async def test_taking_a_draft_is_atomic(world: BotWorld) -> None:
    """Five presses handled at the same instant (as two bot workers would): one takes the draft,
    and a draft added meanwhile is neither lost nor is the taken one written back."""
    assert world.dispatcher is not None
    dispatcher, bot, chat = world.dispatcher, world.emu.make_bot(), world.emu.staff_chat_id
    key = StorageKey(bot_id=bot.id, chat_id=chat, user_id=chat, destiny=DRAFTS)
    await dispatcher.storage.set_data(key, {"1": {"text": "Первая", "branch": None}})

    async def add_another() -> None:
        async with drafts(dispatcher, bot, chat) as record:
            await record.update_data({"2": {"text": "Вторая", "branch": None}})

    taken = await asyncio.gather(
        *(take_draft(dispatcher, bot, chat, 1) for _ in range(5)), add_another()
    )
    await bot.session.close()

    assert [t for t in taken if t] == [{"text": "Первая", "branch": None}]
    assert await dispatcher.storage.get_data(key) == {"2": {"text": "Вторая", "branch": None}}


async def test_a_broadcast_to_one_branch(world: BotWorld, seed: Seed) -> None:
    people = await customers(world, seed)
    olga = await staff_member(world)

    await world.emu.staff.send(olga, '/broadcast branch="Северный филиал" Замена счётчиков')

    preview = await world.emu.staff.expect_message(contains="Рассылка")
    assert "филиал «Северный филиал»" in preview.text and "получателей: 1" in preview.text
    await world.emu.staff.click(olga, "Отправить", message=preview)
    await people[2].client.expect_message(contains="Замена счётчиков")
    await people[0].client.expect_no_message(within=0.2)
    async with world.cabinet.uow_factory() as uow:
        counts = await uow.outbox.count_by_status()
    assert sum(counts.values()) == 1


async def test_cancel_unknown_branch_and_usage(world: BotWorld, seed: Seed) -> None:
    people = await customers(world, seed)
    olga = await staff_member(world)

    await world.emu.staff.send(olga, "/broadcast")
    await world.emu.staff.expect_message(contains="Напишите текст рассылки")
    await world.emu.staff.send(olga, "/broadcast branch=Луна Привет")
    unknown = await world.emu.staff.expect_message(contains="Некому отправить")
    assert "Ессентукский филиал, Северный филиал" in unknown.text

    await world.emu.staff.send(olga, "/broadcast Не то")
    preview = await world.emu.staff.expect_message(contains="Рассылка")
    await world.emu.staff.click(olga, "Отмена", message=preview)
    await outcome(world, preview, "Рассылка отменена")
    await people[0].client.expect_no_message(within=0.2)


async def test_only_staff_in_the_general_topic_may_broadcast(world: BotWorld, seed: Seed) -> None:
    people = await customers(world, seed)

    await world.emu.staff.send_anonymously("/broadcast Всем привет")
    refusal = await world.emu.staff.expect_message(contains="только сотрудники")
    assert refusal.button_list == []

    olga = await staff_member(world)
    await world.emu.staff.send(olga, "/broadcast Всем привет")
    preview = await world.emu.staff.expect_message(contains="Рассылка")
    stranger = people[0].client  # not in the group: a crafted press of the staff's button
    query_id = await press_crafted(stranger, preview, "bcast:send")
    group = world.emu.chat_log(world.emu.staff_chat_id)  # the answer is the group message's
    answer = await group.wait_for(lambda: group.callback_answers.get(query_id), 5.0, "the refusal")
    assert "только сотрудники" in answer["text"] and answer["show_alert"]
    async with world.cabinet.uow_factory() as uow:
        counts = await uow.outbox.count_by_status()
    assert counts == {}
    await world.emu.staff.click(olga, "Отправить", message=preview)  # still there for staff
    await outcome(world, preview, "поставлена в очередь: 3")


async def test_a_text_over_the_limit_is_refused_before_the_preview(
    world: BotWorld, seed: Seed
) -> None:
    await customers(world, seed)
    olga = await staff_member(world)

    await world.emu.staff.send(olga, "/broadcast " + "я" * (MAX_BROADCAST_LENGTH + 1))

    refused = await world.emu.staff.expect_message(contains="длиннее")
    assert f"длиннее {MAX_BROADCAST_LENGTH} символов" in refused.text
    assert refused.button_list == []


async def test_a_kept_draft_over_the_limit_is_refused_by_core_at_sending(
    world: BotWorld, seed: Seed
) -> None:
    """A draft survives a restart; should it be over the limit by then, core refuses to queue it
    and the preview says so in the same words."""
    await customers(world, seed)
    olga = await staff_member(world)
    await world.emu.staff.send(olga, "/broadcast Короткий текст")
    preview = await world.emu.staff.expect_message(contains="Рассылка")
    assert world.dispatcher is not None
    key = StorageKey(
        bot_id=preview.raw["from"]["id"],
        chat_id=preview.chat_id,
        user_id=preview.chat_id,
        destiny=DRAFTS,
    )
    too_long = {"text": "я" * (MAX_BROADCAST_LENGTH + 1), "branch": None}
    await world.dispatcher.storage.set_data(key, {str(preview.message_id): too_long})

    await world.emu.staff.click(olga, "Отправить", message=preview)

    await outcome(world, preview, f"длиннее {MAX_BROADCAST_LENGTH} символов")
    async with world.cabinet.uow_factory() as uow:
        assert await uow.outbox.count_by_status() == {}
