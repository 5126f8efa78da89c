"""Cluster leases: one row per job that runs on one worker at a time.

Taking or renewing is one conditional UPDATE (the holder's own row, or one whose lease ran out);
the first take ever of a name inserts its row, and of two workers inserting at once one gets the
key's conflict and does not hold it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, or_, select, update

from storage.models import cluster_leases_table
from storage.records import ClusterLease
from storage.repositories.base import Repository


class ClusterLeasesRepository(Repository):
    async def take(self, name: str, holder: str, now: datetime, until: datetime) -> bool:
        """True when `holder` holds `name` until `until`; False when another one holds it, or
        when the row does not exist yet (see `create`)."""
        result = await self.session.execute(
            update(ClusterLease)
            .where(
                cluster_leases_table.c.name == name,
                or_(
                    cluster_leases_table.c.holder == holder,
                    cluster_leases_table.c.expires_at <= now,
                ),
            )
            .values(holder=holder, expires_at=until)
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def exists(self, name: str) -> bool:
        found = await self.session.scalar(
            select(cluster_leases_table.c.name).where(cluster_leases_table.c.name == name)
        )
        return found is not None

    async def create(self, name: str, holder: str, until: datetime) -> None:
        """Raises the key's IntegrityError when another worker created it meanwhile."""
        await self.session.execute(
            insert(ClusterLease).values(name=name, holder=holder, expires_at=until)
        )

    async def give_up(self, name: str, holder: str, now: datetime) -> None:
        await self.session.execute(
            update(ClusterLease)
            .where(cluster_leases_table.c.name == name, cluster_leases_table.c.holder == holder)
            .values(expires_at=now)
            .execution_options(synchronize_session=False)
        )
