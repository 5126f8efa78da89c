"""`SupportService`: each customer's one dialog with the company.

A thread is created on the customer's first message and lives as long as the user; its forum
topic in the staff group is opened by the front end and remembered here. Closing a dialog is a
status: the customer's next message opens it again, in the same topic. Staff answers reach the
customer through the outbox, in the same transaction that records them; the row names the topic
and the staff's message, for the warning there when the answer cannot be delivered.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from core.accounts.dashboard import DashboardClock, build_dashboards
from core.clock import Clock
from core.entities.support import SupportAttachment, SupportCase, SupportMessage, SupportThread
from core.enums import MessageDirection, NotificationKind, ThreadStatus
from core.notifications.outbox import notify_user
from core.pagination import Page, slice_for
from core.ports import UnitOfWork, UnitOfWorkFactory
from core.settings import Settings
from core.support.errors import (
    EmptySupportMessage,
    NotACustomerTopic,
    SupportMessageTooLong,
)
from core.support.views import (
    AttachmentIn,
    CaseStatus,
    CustomerCard,
    StaffAnswerView,
    SupportCaseView,
    SupportMessageView,
    ThreadView,
)

HISTORY_PAGE_SIZE = 10
CASES_SHOWN = 10
SUBJECT_LENGTH = 100
MAX_TEXT_LENGTH = 4096  # Telegram's own limit for a message


class SupportService:
    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock, settings: Settings) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._settings = settings

    # --- the customer's side ---------------------------------------------------------------

    async def open_thread(self, user_id: int) -> ThreadView:
        """The user's thread, created on first use; a closed one is opened again."""
        async with self._uow_factory() as uow:
            thread = await uow.support.thread_of_user(user_id)
            if thread is None:
                thread = SupportThread(
                    user_id=user_id,
                    status=ThreadStatus.OPEN.value,
                    created_at=self._clock.now(),
                )
                uow.support.add(thread)
                await uow.support.flush()
                view = _thread_view(thread)
                await uow.commit()
                return view
            reopened = await uow.support.set_status(thread.id, ThreadStatus.OPEN.value, None)
            await uow.commit()
            return ThreadView(
                id=thread.id,
                user_id=user_id,
                status=ThreadStatus.OPEN,
                topic_id=thread.staff_topic_id,
                reopened=reopened,
            )

    async def attach_topic(self, thread_id: int, topic_id: int) -> int:
        """Remembers the thread's topic; when another worker opened one first, that one wins."""
        async with self._uow_factory() as uow:
            await uow.support.set_topic_if_none(thread_id, topic_id)
            await uow.commit()
            thread = await uow.support.thread(thread_id)
            assert thread is not None and thread.staff_topic_id is not None
            return thread.staff_topic_id

    async def record_customer_message(
        self,
        user_id: int,
        text: str | None,
        attachments: Sequence[AttachmentIn] = (),
        chat_message_id: int | None = None,
        topic_message_id: int | None = None,
        media_group_id: str | None = None,
    ) -> int:
        """The message as posted to the staff topic; its id."""
        _check_content(text, attachments)
        async with self._uow_factory() as uow:
            thread = await uow.support.thread_of_user(user_id)
            if thread is None:
                raise LookupError(f"user {user_id} has no support thread; open_thread first")
            if await uow.support.open_case(thread.id) is None:  # «Обращение №N» begins
                uow.support.add(
                    SupportCase(
                        thread_id=thread.id,
                        user_id=user_id,
                        subject=_subject(text),
                        status=ThreadStatus.OPEN.value,
                        opened_at=self._clock.now(),
                    )
                )
            message_id = await _add_message(
                uow,
                SupportMessage(
                    thread_id=thread.id,
                    direction=MessageDirection.FROM_CUSTOMER.value,
                    text=text,
                    chat_message_id=chat_message_id,
                    topic_message_id=topic_message_id,
                    media_group_id=media_group_id,
                    created_at=self._clock.now(),
                ),
                attachments,
            )
            await uow.commit()
            return message_id

    async def history(self, user_id: int, page: int | None = None) -> Page[SupportMessageView]:
        """Oldest first within a page; no page given means the last one (the newest messages)."""
        async with self._uow_factory() as uow:
            thread = await uow.support.thread_of_user(user_id)
            total = await uow.support.count_messages(thread.id) if thread else 0
            where = slice_for(page or 10**9, total, HISTORY_PAGE_SIZE)
            if thread is None or total == 0:
                return Page(items=[], page=where.page, pages=where.pages, total=0)
            # Pages are cut from the newest end: the last page (the one opened) is always full.
            end = total - (where.pages - where.page) * HISTORY_PAGE_SIZE
            start = max(0, end - HISTORY_PAGE_SIZE)
            rows = await uow.support.messages(thread.id, start, end - start)
            files = await uow.support.attachments_of([row.id for row in rows])
            by_message: dict[int, list[AttachmentIn]] = defaultdict(list)
            for file in files:
                by_message[file.message_id].append(_attachment_view(file))
            items = [
                SupportMessageView(
                    id=row.id,
                    direction=MessageDirection(row.direction),
                    text=row.text,
                    staff_name=row.staff_name,
                    attachments=tuple(by_message[row.id]),
                    created_at=row.created_at,
                )
                for row in rows
            ]
            return Page(items=items, page=where.page, pages=where.pages, total=total)

    # --- the staff's side ------------------------------------------------------------------

    async def thread_by_topic(self, topic_id: int) -> ThreadView | None:
        async with self._uow_factory() as uow:
            thread = await uow.support.thread_by_topic(topic_id)
            return _thread_view(thread) if thread else None

    async def answer(
        self,
        topic_id: int,
        staff_telegram_id: int,
        staff_name: str,
        text: str | None,
        attachments: Sequence[AttachmentIn] = (),
        topic_message_id: int | None = None,
    ) -> StaffAnswerView:
        """A staff member's message in the customer's topic, on its way to the customer."""
        _check_content(text, attachments)
        now = self._clock.now()
        async with self._uow_factory() as uow:
            thread = await uow.support.thread_by_topic(topic_id)
            if thread is None:
                raise NotACustomerTopic(topic_id)
            message_id = await _add_message(
                uow,
                SupportMessage(
                    thread_id=thread.id,
                    direction=MessageDirection.FROM_STAFF.value,
                    text=text,
                    staff_telegram_id=staff_telegram_id,
                    staff_name=staff_name[:200],
                    topic_message_id=topic_message_id,
                    created_at=now,
                ),
                attachments,
            )
            notified = await notify_user(
                uow,
                user_id=thread.user_id,
                kind=NotificationKind.STAFF_ANSWER,
                payload=_answer_payload(
                    text, attachments, self._settings.staff_chat_id, topic_id, topic_message_id
                ),
                dedup_key=f"support:{message_id}",
                now=now,
            )
            await uow.commit()
            return StaffAnswerView(message_id, thread.user_id, notified)

    async def close(self, topic_id: int, staff_name: str = "") -> int | None:
        """Closes the dialog of the topic and its «Обращение №N»: N (0 for a dialog that had no
        case), or None when it was closed already."""
        now = self._clock.now()
        async with self._uow_factory() as uow:
            thread = await uow.support.thread_by_topic(topic_id)
            if thread is None:
                raise NotACustomerTopic(topic_id)
            if not await uow.support.set_status(thread.id, ThreadStatus.CLOSED.value, now):
                return None
            number = await uow.support.close_case(thread.id, now, staff_name[:200])
            await uow.commit()
            return number or 0

    async def cases(self, user_id: int, limit: int = CASES_SHOWN) -> list[SupportCaseView]:
        """The customer's «Обращения», newest first, with what each waits for."""
        async with self._uow_factory() as uow:
            cases = await uow.support.cases_of_user(user_id, limit)
            last = None
            if cases and cases[0].status == ThreadStatus.OPEN.value:
                last = await uow.support.last_direction(cases[0].thread_id)
            return [_case_view(case, last) for case in cases]

    async def card(self, user_id: int) -> CustomerCard:
        """Who the customer is: name, contacts, active accounts with debts and last readings."""
        when = DashboardClock.of(self._settings, self._clock.now())
        async with self._uow_factory() as uow:
            user = await uow.users.get(user_id)
            if user is None:
                raise LookupError(f"no user {user_id}")
            accounts = await build_dashboards(uow, user_id, when)
            parts = (user.last_name, user.first_name, user.middle_name)
            name = " ".join(part for part in parts if part) or None
            return CustomerCard(
                user_id=user_id,
                name=name,
                phone=user.phone,
                email=user.email,
                accounts=accounts,
            )


def _answer_payload(
    text: str | None,
    attachments: Sequence[AttachmentIn],
    staff_chat_id: int | None,
    topic_id: int,
    topic_message_id: int | None,
) -> dict[str, Any]:
    """The outbox's staff answer; `staff_topic` says where the answer was written, so that the
    topic can be told if it never reaches the customer."""
    payload: dict[str, Any] = {
        "text": text,
        "attachments": [{"kind": a.kind, "file_id": a.telegram_file_id} for a in attachments],
    }
    if staff_chat_id is not None:
        payload["staff_topic"] = {
            "chat_id": staff_chat_id,
            "thread_id": topic_id,
            "message_id": topic_message_id,
        }
    return payload


def _check_content(text: str | None, attachments: Sequence[AttachmentIn]) -> None:
    if not (text and text.strip()) and not attachments:
        raise EmptySupportMessage()
    limit = _text_limit(len(attachments))
    if text is not None and len(text) > limit:
        raise SupportMessageTooLong(limit)


def _text_limit(attachments: int) -> int:
    """The longest text of a message with that many attachments: an album's text is its
    captions one per line, each as long as a message at most."""
    parts = max(1, attachments)
    return parts * MAX_TEXT_LENGTH + (parts - 1)


async def _add_message(
    uow: UnitOfWork, message: SupportMessage, attachments: Sequence[AttachmentIn]
) -> int:
    uow.support.add(message)
    await uow.support.flush()
    for attachment in attachments:
        uow.support.add(
            SupportAttachment(
                message_id=message.id,
                kind=attachment.kind,
                file_path=attachment.file_path,
                telegram_file_id=attachment.telegram_file_id,
                file_name=attachment.file_name,
                mime_type=attachment.mime_type,
                size=attachment.size,
            )
        )
    return message.id


def _thread_view(thread: SupportThread) -> ThreadView:
    return ThreadView(
        id=thread.id,
        user_id=thread.user_id,
        status=ThreadStatus(thread.status),
        topic_id=thread.staff_topic_id,
    )


def _attachment_view(file: SupportAttachment) -> AttachmentIn:
    return AttachmentIn(
        kind=file.kind,
        telegram_file_id=file.telegram_file_id or "",
        size=file.size,
        file_name=file.file_name,
        mime_type=file.mime_type,
        file_path=file.file_path,
    )


def _subject(text: str | None) -> str | None:
    """The case's subject: its first message's first line, shortened."""
    if not text or not text.strip():
        return None
    line = text.strip().splitlines()[0]
    return line if len(line) <= SUBJECT_LENGTH else line[: SUBJECT_LENGTH - 1] + "…"


def _case_view(case: SupportCase, last_direction: str | None) -> SupportCaseView:
    """Only the newest case can be open: who wrote last in the dialog says what it waits for."""
    if case.status != ThreadStatus.OPEN.value:
        status = CaseStatus.CLOSED
    elif last_direction == MessageDirection.FROM_STAFF.value:
        status = CaseStatus.ANSWERED
    else:
        status = CaseStatus.WAITING
    return SupportCaseView(case.id, case.subject, status, case.opened_at, case.closed_at)
