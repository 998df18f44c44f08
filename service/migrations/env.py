"""Alembic environment: async engines (aiosqlite, asyncpg), run from a thread or the CLI."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.ext.asyncio import create_async_engine

from service.store.db import ensure_sqlite_dir
from service.store.models import Base

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    """The server sets `sqlalchemy.url`; from a checkout (`alembic -c alembic.ini upgrade head`)
    it is `-x url=...` or the server's own setting (LLMROUTER_DATABASE_URL, LLMROUTER_DATA_DIR)."""
    url = config.get_main_option("sqlalchemy.url") or context.get_x_argument(as_dictionary=True).get("url")
    if not url:
        from service.settings import Settings

        url = Settings.from_env().effective_database_url
    ensure_sqlite_dir(url)  # the embedded database's directory and file, private (0700/0600)
    return url


def run_migrations_offline() -> None:
    context.configure(
        url=_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


async def _run_async() -> None:
    engine = create_async_engine(_url(), connect_args=config.attributes.get("connect_args", {}))
    try:
        async with engine.connect() as conn:
            await conn.run_sync(_run)
            await conn.commit()
    finally:
        await engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    asyncio.run(_run_async())
