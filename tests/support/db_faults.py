"""Database faults for tests: PostgreSQL behind a TCP proxy (cut, blackholed), or read-only."""

from __future__ import annotations

import asyncpg

from support.harness import PG_BASE, Database
from support.tcp_proxy import TcpProxy


async def through_proxy(db: Database) -> TcpProxy:
    """Points db (a PostgreSQL test database) at a new proxy in front of 127.0.0.1:5432."""
    proxy = TcpProxy("127.0.0.1", 5432)
    await proxy.start()
    db.url = db.url.replace("127.0.0.1:5432", f"127.0.0.1:{proxy.port}")
    return proxy


async def set_read_only(db: Database, on: bool) -> None:
    """Makes a PostgreSQL database read-only (or writable again) for new sessions, and ends the
    open ones (as a failover to a standby, or back, does)."""
    conn = await asyncpg.connect(PG_BASE.replace("postgresql+asyncpg", "postgresql") + "/test")
    try:
        await conn.execute(f'ALTER DATABASE "{db.pg_name}" SET default_transaction_read_only = {"on" if on else "off"}')
        await conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
            db.pg_name,
        )
    finally:
        await conn.close()
