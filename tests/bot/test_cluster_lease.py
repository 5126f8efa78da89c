"""The cluster lease: of several workers on one database, one runs a job at a time; when it dies
another takes over once the lease ran out, at once when it stopped and gave the lease up."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.cluster_lease import ClusterLease
from storage.database import create_session_factory
from storage.uow import unit_of_work_factory

TTL = timedelta(seconds=30)


class Ticking:
    """A monotonic clock the test moves (the lease's own pacing of its renewals)."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def workers(engine: AsyncEngine, ttl: timedelta = TTL) -> tuple[ClusterLease, ClusterLease]:
    uow_factory = unit_of_work_factory(create_session_factory(engine))
    return (
        ClusterLease(uow_factory, "job", ttl, holder="worker-a"),
        ClusterLease(uow_factory, "job", ttl, holder="worker-b"),
    )


async def test_one_worker_holds_the_lease_and_keeps_it_while_it_renews(
    any_engine: AsyncEngine,
) -> None:
    first, second = workers(any_engine)
    assert await first.held()
    assert not await second.held()
    assert await first.held()  # asked again: still its own
    other = ClusterLease(first._uow_factory, "another job", TTL, holder="worker-b")
    assert await other.held()  # each job has its own lease


async def test_a_worker_that_gave_the_lease_up_lets_another_take_it_at_once(
    any_engine: AsyncEngine,
) -> None:
    first, second = workers(any_engine)
    assert await first.held()
    await first.give_up()
    assert await second.held()
    assert not await first.held()


async def test_a_dead_holder_s_lease_is_taken_over_once_it_ran_out(any_engine: AsyncEngine) -> None:
    first, second = workers(any_engine, ttl=timedelta(seconds=0.3))
    assert await first.held()
    assert not await second.held()
    # `first` dies: it renews no more. Its lease runs out within 0.3 s.
    for _ in range(50):
        if await second.held():
            break
        await asyncio.sleep(0.05)
    else:
        raise AssertionError("the lease was never taken over")
    assert not await ClusterLease(first._uow_factory, "job", TTL, holder="worker-a").held()


async def test_the_answer_is_remembered_between_renewals(any_engine: AsyncEngine) -> None:
    """A round costs the database a statement only every third of the lease."""
    statements: list[str] = []
    event.listen(
        any_engine.sync_engine,
        "before_cursor_execute",
        lambda *args: statements.append(args[2]),
    )
    uow_factory = unit_of_work_factory(create_session_factory(any_engine))
    ticking = Ticking()
    lease = ClusterLease(uow_factory, "job", TTL, holder="worker-a", monotonic=ticking)
    assert await lease.held()
    taken = len(statements)
    ticking.now += 9  # within a third of the lease: not asked
    assert await lease.held()
    assert len(statements) == taken
    ticking.now += 2  # past it: renewed
    assert await lease.held()
    assert len(statements) > taken
