from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import AsyncEngine


async def test_schema_is_created_on_sqlite_and_postgres(any_engine: AsyncEngine) -> None:
    async with any_engine.connect() as conn:
        names = await conn.run_sync(lambda sync: inspect(sync).get_table_names())
    assert {"users", "accounts", "meters", "readings", "charges", "payments"} <= set(names)
