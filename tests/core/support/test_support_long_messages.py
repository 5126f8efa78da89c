"""Albums carry a caption per part: their text may be longer than one message's, and a staff
answer names the topic it was written in, for a warning there if it cannot be delivered."""

from __future__ import annotations

import pytest

from core.support.errors import SupportMessageTooLong
from core.support.service import SupportService
from core.support.views import AttachmentIn
from tests.core.accounts.seed import settings
from tests.core.support.conftest import Desk

PHOTOS = [AttachmentIn(kind="photo", telegram_file_id=f"F{n}", size=100) for n in range(5)]
CAPTIONS = "\n".join(f"подпись {n} " + "я" * 990 for n in range(5))  # 5 x 1000 and the breaks


async def test_an_album_with_long_captions_is_recorded_from_either_side(desk: Desk) -> None:
    user_id = await desk.customer(511)
    thread = await desk.support.open_thread(user_id)
    await desk.support.attach_topic(thread.id, 21)
    assert len(CAPTIONS) > 4096

    await desk.support.record_customer_message(user_id, CAPTIONS, PHOTOS)
    await desk.support.answer(21, 9001, "Ольга", CAPTIONS, PHOTOS)

    history = await desk.support.history(user_id)
    assert [m.text for m in history.items] == [CAPTIONS, CAPTIONS]
    [queued] = await desk.outbox()
    assert queued.payload["text"] == CAPTIONS


async def test_a_text_longer_than_its_parts_can_carry_is_refused(desk: Desk) -> None:
    user_id = await desk.customer(512)
    await desk.support.open_thread(user_id)
    with pytest.raises(SupportMessageTooLong):
        await desk.support.record_customer_message(user_id, "я" * 4097)
    with pytest.raises(SupportMessageTooLong):
        await desk.support.record_customer_message(user_id, "я" * (2 * 4096 + 2), PHOTOS[:2])
    await desk.support.record_customer_message(user_id, "я" * 4096)


async def test_a_staff_answer_names_its_topic_and_message(desk: Desk) -> None:
    with_group = settings().model_copy(update={"staff_chat_id": -1001})
    support = SupportService(desk.uow_factory, desk.clock, with_group)
    user_id = await desk.customer(513)
    thread = await support.open_thread(user_id)
    await support.attach_topic(thread.id, 22)

    await support.answer(22, 9001, "Ольга", "Здравствуйте", topic_message_id=345)

    [queued] = await desk.outbox()
    assert queued.payload["staff_topic"] == {"chat_id": -1001, "thread_id": 22, "message_id": 345}
