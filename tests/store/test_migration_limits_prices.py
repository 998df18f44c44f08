"""Migration 0006 (limits, prices): the schema it makes is the one the models declare, its seeded
prices are there, and it downgrades and upgrades again (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from service.store import db
from service.store.models import Base


async def test_upgrade_matches_models_and_downgrades(database):
    url = database.url or f"sqlite+aiosqlite:///{database.data_dir / 'm.db'}"
    database.data_dir.mkdir(parents=True, exist_ok=True)
    await asyncio.to_thread(db.upgrade_sync, url)
    engine = db.create_engine(url)
    try:
        async with engine.connect() as conn:

            def diff(sync_conn):
                ctx = MigrationContext.configure(sync_conn)
                return [d for d in compare_metadata(ctx, Base.metadata) if d[0] != "remove_table"]

            changes = await conn.run_sync(diff)
            assert [c for c in changes if "limits" in str(c) or "prices" in str(c) or "cost" in str(c)] == []
            seeded = (await conn.execute(sa.text("SELECT id, model FROM prices ORDER BY id"))).all()
            assert ("openai-gpt-4o", "gpt-4o") in seeded and len(seeded) == 5
        await asyncio.to_thread(command.downgrade, db._alembic_config(url), "0005")
        async with engine.connect() as conn:
            tables = await conn.run_sync(lambda c: sa.inspect(c).get_table_names())
            cols = await conn.run_sync(lambda c: [x["name"] for x in sa.inspect(c).get_columns("request_log")])
        assert "limits" not in tables and "prices" not in tables and "cost_nanos" not in cols
        await asyncio.to_thread(db.upgrade_sync, url)
    finally:
        await engine.dispose()
