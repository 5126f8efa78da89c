"""Answers sent together: none waits for another, and none outlives the handler."""

from __future__ import annotations

import asyncio

import pytest

from bot.handlers.common.dialog import together


async def test_a_failed_answer_is_raised_once_the_others_have_finished() -> None:
    finished: list[str] = []

    async def slow_reply() -> None:
        await asyncio.sleep(0.05)
        finished.append("reply")

    async def expired_spinner() -> None:
        raise RuntimeError("query is too old")

    with pytest.raises(RuntimeError, match="too old"):
        await together(expired_spinner(), slow_reply())
    assert finished == ["reply"]


async def test_answers_run_at_the_same_time() -> None:
    both_started = asyncio.Barrier(2)

    async def answer() -> None:
        await asyncio.wait_for(both_started.wait(), timeout=1)

    await together(answer(), answer())
