"""Making sure the tables exist before a command uses the database.

Until `cabinet db upgrade` (Alembic) is in place this creates missing tables from the models;
it is the one place to swap for a migration check.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine

from storage.models import Base


async def ensure_schema(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        await connection.run_sync(Base.metadata.create_all)
