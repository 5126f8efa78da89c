"""Making sure the schema is current before a command uses the database: Alembic to head."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine

from storage.migrate import upgrade_engine


async def ensure_schema(engine: AsyncEngine) -> None:
    await upgrade_engine(engine)
