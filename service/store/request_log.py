"""The request log: one row per chat or embedding call, written in batches off the hot path.

`RequestLogWriter.record()` never blocks and never raises: when the queue is full the
entry is dropped and counted; when the database fails, the batch is retried a few times
and then dropped. Chat calls never wait on it. The writer and the reader implement the
core ports of the same names (`service.core.request_log`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from datetime import datetime

from sqlalchemy import case, func, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from service.core.paging import Page, PageRequest
from service.core.request_log import RequestLogEntry, UsageTotal
from service.store import mapping
from service.store.db import session_factory
from service.store.models import RequestLogRow

log = logging.getLogger(__name__)


class RequestLogWriter:
    def __init__(
        self, engine: AsyncEngine, max_queue: int = 10_000, batch_size: int = 500, flush_interval_s: float = 0.25
    ) -> None:
        self._engine = engine
        self._queue: asyncio.Queue[RequestLogEntry] = asyncio.Queue(max_queue)
        self.batch_size = batch_size
        self.flush_interval_s = flush_interval_s
        self.dropped = 0
        self.written = 0
        self._task: asyncio.Task[None] | None = None
        self._last_warning = 0.0
        self._lock = asyncio.Lock()

    def record(self, entry: RequestLogEntry) -> None:
        try:
            self._queue.put_nowait(entry)
        except asyncio.QueueFull:
            self.dropped += 1
            now = time.monotonic()
            if now - self._last_warning > 10:
                self._last_warning = now
                log.warning("request log queue full: entries dropped", extra={"dropped_total": self.dropped})

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="request-log-writer")

    async def stop(self, timeout: float = 5.0) -> None:
        """Writes what is queued (bounded by timeout), then stops."""
        if self._task is None:
            return
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await self._task
        self._task = None
        batch = self._drain()
        if batch:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._write(batch), timeout)

    def _drain(self) -> list[RequestLogEntry]:
        batch: list[RequestLogEntry] = []
        while not self._queue.empty() and len(batch) < self.batch_size * 20:
            batch.append(self._queue.get_nowait())
        return batch

    async def flush(self) -> None:
        """Writes everything queued now (an operator listing the log expects the last call in it)."""
        async with self._lock:
            batch = self._drain()
            if batch:
                await self._write(batch)

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.flush_interval_s)
            if self._queue.empty():
                continue
            async with self._lock:
                while not self._queue.empty():
                    batch: list[RequestLogEntry] = []
                    while not self._queue.empty() and len(batch) < self.batch_size:
                        batch.append(self._queue.get_nowait())
                    await self._write_with_retries(batch)

    async def _write_with_retries(self, batch: list[RequestLogEntry]) -> None:
        for attempt in range(3):
            try:
                await self._write(batch)
                return
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                if attempt == 2:
                    self.dropped += len(batch)
                    log.warning(
                        "request log batch dropped: database write failed",
                        extra={"entries": len(batch), "error": type(exc).__name__},
                    )
                else:
                    await asyncio.sleep(0.5 * (attempt + 1))

    async def _write(self, batch: list[RequestLogEntry]) -> None:
        rows = [mapping.request_log_values(e) for e in batch]
        # Core executemany: the ORM's bulk path costs several times more CPU per row.
        async with self._engine.begin() as conn:
            await conn.execute(insert(RequestLogRow), rows)
        self.written += len(batch)


class RequestLogReader:
    def __init__(self, engine: AsyncEngine) -> None:
        self._sessions = session_factory(engine)

    async def list(
        self,
        page: PageRequest,
        *,
        provider: str = "",
        requested_model: str = "",
        status: str = "",
        request_id: str = "",
        start_time: datetime | None = None,
    ) -> Page[RequestLogEntry]:
        conds = []
        if provider:
            conds.append(RequestLogRow.provider == provider)
        if requested_model:
            conds.append(RequestLogRow.requested_model == requested_model)
        if status:
            conds.append(RequestLogRow.status == status)
        if request_id:
            conds.append(RequestLogRow.request_id == request_id)
        if start_time is not None:
            conds.append(RequestLogRow.create_time >= start_time)
        async with self._sessions() as s:
            total = (await s.execute(select(func.count()).select_from(RequestLogRow).where(*conds))).scalar_one()
            rows = (
                await s.execute(
                    select(RequestLogRow)
                    .where(*conds)
                    .order_by(RequestLogRow.create_time.desc(), RequestLogRow.id.desc())
                    .offset(page.offset)
                    .limit(page.limit)
                )
            ).scalars()
            return Page(tuple(mapping.request_log_entry(r) for r in rows), total)

    async def usage(self, start: datetime | None, end: datetime | None) -> tuple[UsageTotal, ...]:
        conds = [RequestLogRow.provider != ""]
        if start is not None:
            conds.append(RequestLogRow.create_time >= start)
        if end is not None:
            conds.append(RequestLogRow.create_time < end)
        q = (
            select(
                RequestLogRow.provider,
                RequestLogRow.model,
                func.count(),
                func.sum(case((RequestLogRow.status != "OK", 1), else_=0)),
                func.sum(RequestLogRow.prompt_tokens),
                func.sum(RequestLogRow.completion_tokens),
                func.sum(RequestLogRow.cached_prompt_tokens),
            )
            .where(*conds)
            .group_by(RequestLogRow.provider, RequestLogRow.model)
            .order_by(RequestLogRow.provider, RequestLogRow.model)
        )
        async with self._sessions() as s:
            return tuple(
                UsageTotal(p, m, int(n), int(e or 0), int(pt or 0), int(ct or 0), int(cc or 0))
                for p, m, n, e, pt, ct, cc in (await s.execute(q)).all()
            )
