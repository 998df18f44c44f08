"""The stored-responses repository (implements `service.core.responses.ResponseStore`): one row
per stored Responses API response, JSON in text columns, read and deleted by (id, owner)."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from service.core.responses import StoredResponse
from service.store.db import database_unavailable, is_connection_error, session_factory
from service.store.models import StoredResponseRow


def _dumps(v: Any) -> str:
    return json.dumps(v, ensure_ascii=False, separators=(",", ":"))


def _aware(t: datetime) -> datetime:
    return t if t.tzinfo is not None else t.replace(tzinfo=UTC)  # SQLite hands back naive times


class ResponseStoreSQL:
    def __init__(self, engine: AsyncEngine, timeout_s: float | None = None) -> None:
        self._sessions = session_factory(engine)
        self.timeout_s = timeout_s

    @contextlib.asynccontextmanager
    async def _session(self) -> AsyncIterator[Any]:
        """A session whose database trouble (away, too slow) becomes UNAVAILABLE with RetryInfo."""
        try:
            async with asyncio.timeout(self.timeout_s), self._sessions() as s:
                yield s
        except (SQLAlchemyError, OSError) as exc:  # TimeoutError included
            if is_connection_error(exc):
                raise database_unavailable(exc) from None
            raise

    async def save(self, record: StoredResponse) -> None:
        async with self._session() as s, s.begin():
            s.add(
                StoredResponseRow(
                    id=record.id,
                    owner=record.owner,
                    create_time=record.create_time,
                    response=_dumps(record.response),
                    input_items=_dumps(record.input_items),
                    conversation=_dumps(record.conversation),
                )
            )

    async def get(self, response_id: str, owner: str) -> StoredResponse | None:
        async with self._session() as s:
            row = (
                await s.execute(
                    select(StoredResponseRow).where(
                        StoredResponseRow.id == response_id, StoredResponseRow.owner == owner
                    )
                )
            ).scalar_one_or_none()
            if row is None:
                return None
            return StoredResponse(
                id=row.id,
                owner=row.owner,
                create_time=_aware(row.create_time),
                response=json.loads(row.response),
                input_items=json.loads(row.input_items),
                conversation=json.loads(row.conversation),
            )

    async def delete(self, response_id: str, owner: str) -> bool:
        async with self._session() as s, s.begin():
            res = await s.execute(
                delete(StoredResponseRow).where(StoredResponseRow.id == response_id, StoredResponseRow.owner == owner)
            )
            return bool(res.rowcount)

    async def prune(self, older_than: datetime) -> int:
        async with self._session() as s, s.begin():
            res = await s.execute(delete(StoredResponseRow).where(StoredResponseRow.create_time < older_than))
            return int(res.rowcount or 0)
