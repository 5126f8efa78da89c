"""The dialog: one thread per customer, its topic, staff answers through the outbox, history."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.enums import MessageDirection, NotificationKind, ThreadStatus
from core.support.errors import EmptySupportMessage, NotACustomerTopic
from core.support.views import AttachmentIn
from tests.core.support.conftest import Desk


async def test_one_thread_per_customer_and_its_topic_is_kept_once(desk: Desk) -> None:
    user_id = await desk.customer(501)
    first = await desk.support.open_thread(user_id)
    again = await desk.support.open_thread(user_id)
    assert first.id == again.id and first.topic_id is None and not again.reopened

    assert await desk.support.attach_topic(first.id, 77) == 77
    assert await desk.support.attach_topic(first.id, 99) == 77  # the first topic wins
    assert (await desk.support.open_thread(user_id)).topic_id == 77
    by_topic = await desk.support.thread_by_topic(77)
    assert by_topic is not None and by_topic.user_id == user_id
    assert await desk.support.thread_by_topic(99) is None


async def test_a_staff_answer_is_recorded_and_put_in_the_outbox(desk: Desk) -> None:
    user_id = await desk.customer(502)
    thread = await desk.support.open_thread(user_id)
    await desk.support.attach_topic(thread.id, 10)
    photo = AttachmentIn(kind="photo", telegram_file_id="F1", size=100)

    answer = await desk.support.answer(10, 9001, "Ольга", "Здравствуйте", [photo])

    assert answer.user_id == user_id and answer.notified_chats == 1
    [row] = await desk.outbox()
    assert row.kind == NotificationKind.STAFF_ANSWER.value and row.chat_id == 502
    assert row.payload == {
        "text": "Здравствуйте",
        "attachments": [{"kind": "photo", "file_id": "F1"}],
    }
    with pytest.raises(NotACustomerTopic):
        await desk.support.answer(11, 9001, "Ольга", "мимо")
    with pytest.raises(EmptySupportMessage):
        await desk.support.answer(10, 9001, "Ольга", "  ")


async def test_closing_then_writing_reopens_in_the_same_topic(desk: Desk) -> None:
    user_id = await desk.customer(503)
    thread = await desk.support.open_thread(user_id)
    await desk.support.attach_topic(thread.id, 12)
    assert await desk.support.close(12) == 0  # closed, with no request: nothing was written
    assert await desk.support.close(12) is None  # closed already
    closed = await desk.support.thread_by_topic(12)
    assert closed is not None and closed.status is ThreadStatus.CLOSED

    reopened = await desk.support.open_thread(user_id)
    assert reopened.reopened and reopened.topic_id == 12
    assert reopened.status is ThreadStatus.OPEN


async def test_history_pages_newest_last(desk: Desk) -> None:
    user_id = await desk.customer(504)
    thread = await desk.support.open_thread(user_id)
    await desk.support.attach_topic(thread.id, 13)
    for n in range(23):
        desk.clock.advance(timedelta(minutes=1))
        if n % 2:
            await desk.support.answer(13, 9001, "Ольга", f"ответ {n}")
        else:
            await desk.support.record_customer_message(user_id, f"вопрос {n}")

    last = await desk.support.history(user_id)
    assert (last.page, last.pages, last.total) == (3, 3, 23)
    assert [m.text for m in last.items][-2:] == ["ответ 21", "вопрос 22"]
    assert len(last.items) == 10
    first = await desk.support.history(user_id, 1)
    assert [m.text for m in first.items] == ["вопрос 0", "ответ 1", "вопрос 2"]
    assert first.items[1].direction is MessageDirection.FROM_STAFF
    assert first.items[1].staff_name == "Ольга"
    nobody = await desk.support.history(await desk.customer(505))
    assert (nobody.total, nobody.pages) == (0, 1)


async def test_the_card_shows_the_customer_and_accounts(desk: Desk) -> None:
    user_id = await desk.customer(506)
    await desk.linked(user_id)
    card = await desk.support.card(user_id)
    assert card.main_account is not None and len(card.accounts) == 1
