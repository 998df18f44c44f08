"""Transactions of the configuration: one write is one new configuration version.

Every write runs in a transaction that also bumps the config version (and, on PostgreSQL,
NOTIFYs the other replicas), then calls the commit hooks (the live snapshot rebuilds and
swaps). Database failures become domain errors: a lost connection is UNAVAILABLE, a
violated unique constraint ALREADY_EXISTS or ABORTED, text holding NUL INVALID_ARGUMENT (no
column ever receives it). A read or write that the database does not finish within
`timeout_s` (connect included) is abandoned as UNAVAILABLE.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from sqlalchemy import event, select, text, update
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlalchemy.orm import Session

from service.core.errors import Aborted, AlreadyExists, FieldViolation, InvalidArgument, Reason, RouterError
from service.store.db import database_unavailable, is_connection_error, is_sqlite, session_factory
from service.store.models import ConfigVersionRow

NOTIFY_CHANNEL = "llmrouter_config"

T = TypeVar("T")
Work = Callable[[AsyncSession], Awaitable[T]]


async def bump_version(session: AsyncSession) -> int:
    """Increments the config version inside the session's transaction; returns the new one."""
    version: int = (
        await session.execute(
            update(ConfigVersionRow)
            .where(ConfigVersionRow.id == 1)
            .values(version=ConfigVersionRow.version + 1)
            .returning(ConfigVersionRow.version)
        )
    ).scalar_one()
    return version


def _integrity(exc: IntegrityError) -> RouterError:
    msg = str(exc.orig).lower()
    if "display_name" in msg:
        return AlreadyExists(
            "a provider with this display name already exists",
            violations=[FieldViolation("provider.display_name", "must be unique among providers")],
        )
    if "model_id" in msg:
        return AlreadyExists(
            "the provider already has this model",
            violations=[FieldViolation("provider_model.model_id", "already registered on this provider")],
        )
    if "one_default" in msg or "is_default" in msg:
        return Aborted("another default model was set concurrently; retry", reason=Reason.CONCURRENT_UPDATE)
    return Aborted("the resource was changed concurrently; retry", reason=Reason.CONCURRENT_UPDATE)


_RESOURCES = {"providers": "provider", "provider_models": "provider_model", "routes": "route"}


def _refuse_nul(session: Session, _context: object, _instances: object) -> None:
    """No text column receives NUL (PostgreSQL refuses it; SQLite would keep it and hand it to
    every later reader): a write holding one is refused as INVALID_ARGUMENT, nothing stored."""
    for obj in (*session.new, *session.dirty):
        mapper = sa_inspect(obj).mapper
        for col in mapper.columns:
            value = getattr(obj, col.key, None)
            if isinstance(value, str) and "\x00" in value:
                resource = _RESOURCES.get(mapper.local_table.name, mapper.local_table.name)
                field = f"{resource}.{col.key}"
                raise InvalidArgument(
                    f"invalid request: {field}: must not contain NUL characters",
                    violations=[FieldViolation(field, "must not contain NUL characters")],
                )


class Transactions:
    def __init__(self, engine: AsyncEngine, timeout_s: float | None = None) -> None:
        self.engine = engine
        self.timeout_s = timeout_s
        self.sessions = session_factory(engine)
        self.postgres = not is_sqlite(str(engine.url))
        # Called after each committed write (the snapshot holder rebuilds and swaps).
        self.on_commit: list[Callable[[], Awaitable[Any]]] = []

    async def write(self, fn: Work[T]) -> T:
        """Runs fn in a transaction that bumps the config version, then the commit hooks."""
        try:
            async with asyncio.timeout(self.timeout_s), self.sessions() as session, session.begin():
                event.listen(session.sync_session, "before_flush", _refuse_nul)
                result = await fn(session)
                version = await bump_version(session)
                if self.postgres:
                    await session.execute(text("SELECT pg_notify(:ch, :v)"), {"ch": NOTIFY_CHANNEL, "v": str(version)})
        except RouterError:
            raise
        except IntegrityError as exc:
            raise _integrity(exc) from None
        except SQLAlchemyError as exc:
            if is_connection_error(exc):
                raise database_unavailable(exc) from None
            raise
        except OSError as exc:  # TimeoutError included
            raise database_unavailable(exc) from None
        for hook in self.on_commit:
            await hook()
        return result

    async def read(self, fn: Work[T]) -> T:
        try:
            async with asyncio.timeout(self.timeout_s), self.sessions() as session:
                return await fn(session)
        except RouterError:
            raise
        except SQLAlchemyError as exc:
            if is_connection_error(exc):
                raise database_unavailable(exc) from None
            raise
        except OSError as exc:  # TimeoutError included
            raise database_unavailable(exc) from None

    async def version(self) -> int:
        async def q(s: AsyncSession) -> int:
            version: int = (
                await s.execute(select(ConfigVersionRow.version).where(ConfigVersionRow.id == 1))
            ).scalar_one()
            return version

        return await self.read(q)
