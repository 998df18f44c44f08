"""The request log: one row per chat or embedding call, written in batches off the hot path.

`RequestLogWriter.record()` never blocks and never raises: the entry joins a queue in
memory (at most `max_queue` entries; past that it is dropped and counted). Every flush
interval one task appends what waits there to the local spool (`service.store.spool`, one
fsynced transaction per batch); a second task writes the spool to the database, oldest
first, one batch per transaction, and removes what the database took. So an outage, a
full or read-only database, a restart or a crash loses nothing that reached the spool; a
kill -9 loses at most the last flush interval. Each entry carries a unique `entry_uid` and
the insert skips the ones the database already has: a batch replayed after a write whose
outcome was unknown is written exactly once. While the spool itself cannot take entries
(its disk is full, its bound is reached) they stay in memory and go straight to the
database as soon as it takes them.

Values are cleaned before they reach a column: NUL (which PostgreSQL text cannot hold)
and lone surrogates become U+FFFD, text is cut to its column's length, integers are held
to the column's range. An entry the database refuses all the same is moved to the spool's
`rejected` table: one bad entry never holds up or loses the others.

The writer and the reader implement the core ports of the same names
(`service.core.request_log`). Chat calls never wait on the writer.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import itertools
import json
import logging
import secrets
import time
from collections import deque
from collections.abc import AsyncIterator, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Integer, String, case, func, select
from sqlalchemy.exc import DataError, IntegrityError, SQLAlchemyError, StatementError
from sqlalchemy.ext.asyncio import AsyncEngine

from service.core.errors import Reason, Unavailable
from service.core.paging import Page, PageRequest
from service.core.request_log import RequestLogEntry, UsageTotal
from service.store import mapping
from service.store.db import database_unavailable, is_connection_error, session_factory, sqlstate
from service.store.models import RequestLogRow
from service.store.spool import Spool, SpoolError, SpoolFull

log = logging.getLogger(__name__)

_FIELDS = tuple(f.name for f in dataclasses.fields(RequestLogEntry) if f.name != "id")
_TEXT_LIMITS: dict[str, int] = {}
_INT_MAX: dict[str, int] = {}
for _col in RequestLogRow.__table__.columns:
    if _col.name not in _FIELDS:
        continue
    if isinstance(_col.type, String) and _col.type.length:
        _TEXT_LIMITS[_col.name] = _col.type.length
    elif isinstance(_col.type, BigInteger):
        _INT_MAX[_col.name] = 2**63 - 1
    elif isinstance(_col.type, Integer):
        _INT_MAX[_col.name] = 2**31 - 1


# ---------------------------------------------------------------------- values


def clean_text(value: object, limit: int | None = None) -> str:
    """Text any database column takes as it is: NUL and lone surrogates become U+FFFD, cut to limit."""
    s = value if isinstance(value, str) else str(value)
    if "\x00" in s:
        s = s.replace("\x00", "\ufffd")
    if not s.isascii():
        try:
            s.encode("utf-8")
        except UnicodeEncodeError:
            s = s.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    if limit is not None and len(s) > limit:
        s = s[:limit]
    return s


def _clamp(value: object, top: int) -> int:
    try:
        n = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError, OverflowError):
        return 0
    return max(-top - 1, min(top, n))


def row_values(uid: str, entry: RequestLogEntry) -> dict[str, object]:
    """The column values of a new row (the database assigns the id), cleaned."""
    values: dict[str, object] = {"entry_uid": uid}
    for name in _FIELDS:
        v = getattr(entry, name)
        if name in _TEXT_LIMITS:
            v = clean_text(v, _TEXT_LIMITS[name])
        elif name in _INT_MAX:
            v = _clamp(v, _INT_MAX[name])
        elif name == "create_time":
            v = mapping.aware(v)
        values[name] = v
    return values


def encode(entry: RequestLogEntry) -> str:
    """An entry as the spool keeps it: a JSON array of its fields (ASCII only)."""
    out: list[object] = []
    for name in _FIELDS:
        v = getattr(entry, name)
        out.append(mapping.aware(v).isoformat() if isinstance(v, datetime) else v)
    return json.dumps(out, separators=(",", ":"))


def decode(payload: str) -> RequestLogEntry:
    values = dict(zip(_FIELDS, json.loads(payload), strict=True))
    values["create_time"] = datetime.fromisoformat(str(values["create_time"]))
    return RequestLogEntry(**values)


def _refused(exc: BaseException) -> bool:
    """The database refuses these values (the row, not the database, is at fault)."""
    if is_connection_error(exc):
        return False
    if isinstance(exc, (DataError, IntegrityError)):
        return True
    if sqlstate(exc)[:2] in ("22", "23"):  # data exception, integrity constraint violation
        return True
    # A value the driver cannot send (asyncpg: DataError, a ValueError), however wrapped.
    seen: BaseException | None = exc
    for _ in range(5):
        if seen is None:
            return False
        if isinstance(seen, (ValueError, TypeError, OverflowError, UnicodeError)):
            return True
        seen = (getattr(seen, "orig", None) if isinstance(seen, StatementError) else None) or seen.__cause__
    return False


def _insert_statement(engine: AsyncEngine) -> Any:
    """INSERT ... ON CONFLICT (entry_uid) DO NOTHING, in the engine's dialect."""
    if engine.dialect.name == "postgresql":
        from sqlalchemy.dialects import postgresql

        return postgresql.insert(RequestLogRow).on_conflict_do_nothing(index_elements=["entry_uid"])
    from sqlalchemy.dialects import sqlite

    return sqlite.insert(RequestLogRow).on_conflict_do_nothing(index_elements=["entry_uid"])


class _DatabaseRefused(Exception):
    """The database did not take a batch now (it is away, slow or refuses writes)."""


# ---------------------------------------------------------------------- the writer

_Item = tuple[str, RequestLogEntry]  # (entry_uid, entry)


class RequestLogWriter:
    def __init__(
        self,
        engine: AsyncEngine,
        spool: Spool | None = None,
        *,
        max_queue: int = 10_000,
        batch_size: int = 500,
        flush_interval_s: float = 0.25,
        timeout_s: float | None = None,
    ) -> None:
        self._engine = engine
        self.spool = spool
        self.max_queue = max_queue
        self.batch_size = batch_size
        self.flush_interval_s = flush_interval_s
        self.timeout_s = timeout_s
        self.dropped = 0  # entries lost: the memory queue was full
        self.written = 0  # entries sent to the database (a replayed one the database had counts again)
        self.rejected = 0  # entries the database refused, kept in the spool's `rejected` table
        self._memory: deque[_Item] = deque()  # recorded, not yet in the spool
        self._prefix = secrets.token_hex(8)  # uids: 16 random hex digits per process, then a counter
        self._counter = itertools.count()
        self._insert = _insert_statement(engine)
        self._spool_waiting = 0  # entries in the spool (as last seen)
        self._spool_failing = spool is None
        self._journal_lock = asyncio.Lock()
        self._deliver_lock = asyncio.Lock()
        self._wake = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._last_warning: dict[str, float] = {}

    # ------------------------------------------------------------ the hot path

    def record(self, entry: RequestLogEntry) -> None:
        if len(self._memory) >= self.max_queue:
            self.dropped += 1
            self._warn("queue-full", "request log queue full: entries dropped", dropped_total=self.dropped)
            return
        self._memory.append((f"{self._prefix}{next(self._counter):016x}", entry))

    # ------------------------------------------------------------ lifecycle

    def start(self) -> None:
        if self.spool is not None:
            try:
                self.spool.open()
                self._spool_waiting, rejected = self.spool.counts()
            except SpoolError as exc:
                self._spool_failing = True
                log.warning(
                    "request log: the spool cannot be opened; entries wait in memory", extra={"error": str(exc)}
                )
            else:
                if self._spool_waiting:
                    log.info("request log: replaying the spool", extra={"entries": self._spool_waiting})
                if rejected:
                    log.warning(
                        "request log: the spool keeps entries the database refused", extra={"rejected": rejected}
                    )
        self._wake.set()  # the spool may hold entries of an earlier run: replay them now
        self._tasks = [
            asyncio.create_task(self._journal_loop(), name="request-log-spool"),
            asyncio.create_task(self._deliver_loop(), name="request-log-writer"),
        ]

    async def stop(self, timeout: float = 5.0) -> None:
        """Spools what waits in memory, writes what it can to the database within timeout
        (the rest stays in the spool for the next start), then stops."""
        for t in self._tasks:
            t.cancel()
        for t in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await t
        self._tasks = []
        with contextlib.suppress(Exception):
            async with asyncio.timeout(timeout):
                await self._journal()
                await self._deliver()
        if self._memory:
            log.warning("request log: entries could not be saved at shutdown", extra={"entries": len(self._memory)})
        if self.spool is not None:
            await asyncio.to_thread(self.spool.close)

    def save_now(self) -> int:
        """Appends what waits in memory to the spool, synchronously, for an immediate exit.
        Returns how many entries it saved (0 when the spool cannot take them now)."""
        if self.spool is None or not self.spool.is_open or not self._memory:
            return 0
        items = list(self._memory)
        try:
            self.spool.append([(uid, encode(e)) for uid, e in items], lock_timeout=0.5)
        except (SpoolError, TimeoutError):
            return 0
        self._memory.clear()
        return len(items)

    @property
    def queued(self) -> int:
        """Entries waiting in memory (metrics)."""
        return len(self._memory)

    @property
    def spooled(self) -> int:
        """Entries in the spool, not yet in the database (as last seen; metrics)."""
        return self._spool_waiting

    @property
    def pending(self) -> int:
        """Entries not yet in the database (as last seen)."""
        return len(self._memory) + self._spool_waiting

    async def flush(self) -> None:
        """Writes everything recorded so far (an operator listing the log expects the last
        call in it). Raises Unavailable when the database does not take it within the
        timeout; the entries stay in the spool and are written when it does."""
        mark = next(self._counter)  # every entry recorded before this call has a smaller number
        await self._journal()
        try:
            async with asyncio.timeout(self.timeout_s):
                await self._deliver(until=mark)
        except (_DatabaseRefused, TimeoutError):
            raise self._waiting_error() from None
        if await self._waiting_before(mark):
            raise self._waiting_error()

    # ------------------------------------------------------------ memory -> spool

    async def _journal_loop(self) -> None:
        while True:
            await asyncio.sleep(self.flush_interval_s)
            if self._memory:
                await self._journal()

    async def _journal(self) -> None:
        spool = self.spool
        if spool is None or not self._memory:
            if self._memory:
                self._wake.set()
            return
        async with self._journal_lock:
            items = list(self._memory)
            if not items:
                return
            try:
                if not spool.is_open:
                    await asyncio.to_thread(spool.open)
                await asyncio.to_thread(_append, spool, items)
            except (SpoolError, TimeoutError) as exc:
                self._spool_failing = True
                self._warn(
                    "spool",
                    "request log: the spool cannot take entries; they wait in memory",
                    error=str(exc),
                    full=isinstance(exc, SpoolFull),
                    in_memory=len(self._memory),
                )
                self._wake.set()  # the database may take them directly
                return
            self._spool_failing = False
            _remove_prefix(self._memory, items)
            self._spool_waiting += len(items)
            self._wake.set()

    # ------------------------------------------------------------ spool -> database

    async def _deliver_loop(self) -> None:
        backoff = 0.0
        while True:
            if backoff:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), backoff)
            else:
                await self._wake.wait()
            self._wake.clear()
            try:
                await self._deliver()
                backoff = 0.0
            except _DatabaseRefused:
                backoff = min(2.0, max(0.25, backoff * 2))
            except asyncio.CancelledError:
                raise
            except Exception:  # pragma: no cover - defensive: the writer must survive
                log.exception("request log writer failed")
                backoff = 2.0

    async def _deliver(self, until: int | None = None) -> None:
        """Writes the spool to the database, oldest first, then (when the spool cannot be used)
        what waits in memory. Stops at the first batch the database does not take
        (_DatabaseRefused), or once every entry numbered below `until` is written."""
        async with self._deliver_lock:
            spool = self.spool
            if spool is not None and spool.is_open:
                while True:
                    try:
                        rows = await asyncio.to_thread(spool.head, self.batch_size)
                    except SpoolError as exc:
                        self._warn("spool-read", "request log: the spool cannot be read", error=str(exc))
                        break
                    if not rows:
                        self._spool_waiting = 0
                        break
                    await self._write_spooled(rows)
                    try:
                        await asyncio.to_thread(spool.remove_through, rows[-1][0])
                    except SpoolError as exc:  # written again later: the database skips them
                        self._warn("spool-remove", "request log: the spool cannot remove entries", error=str(exc))
                        break
                    self._spool_waiting = max(0, self._spool_waiting - len(rows))
                    if until is not None and not self._spooled_before(rows[-1][1], until):
                        break
            if self._spool_failing:
                while self._memory:
                    items = list(itertools.islice(self._memory, self.batch_size))
                    await self._write_direct(items)
                    _remove_prefix(self._memory, items)

    async def _write_spooled(self, rows: Sequence[tuple[int, str, str]]) -> None:
        assert self.spool is not None
        good: list[tuple[int, str, str, RequestLogEntry]] = []
        for seq, uid, payload in rows:
            try:
                good.append((seq, uid, payload, decode(payload)))
            except Exception as exc:
                await self._reject(seq, uid, payload, f"undecodable: {type(exc).__name__}: {exc}")
        try:
            await self._write([(uid, e) for _, uid, _, e in good])
            return
        except _DatabaseRefused as exc:
            if not _refused(exc.__cause__ or exc):
                raise
        for seq, uid, payload, entry in good:  # one bad entry: find it, write the others
            try:
                await self._write([(uid, entry)])
            except _DatabaseRefused as exc:
                cause = exc.__cause__ or exc
                if not _refused(cause):
                    raise
                await self._reject(seq, uid, payload, f"{type(cause).__name__}: {cause}")

    async def _write_direct(self, items: list[_Item]) -> None:
        try:
            await self._write(items)
            return
        except _DatabaseRefused as exc:
            if not _refused(exc.__cause__ or exc):
                raise
        for uid, entry in items:
            try:
                await self._write([(uid, entry)])
            except _DatabaseRefused as exc:
                cause = exc.__cause__ or exc
                if not _refused(cause):
                    raise
                self.rejected += 1
                log.error(
                    "request log: the database refused an entry and the spool cannot keep it",
                    extra={"entry_uid": uid, "entry": encode(entry), "error": type(cause).__name__},
                )

    async def _write(self, items: Sequence[_Item]) -> None:
        if not items:
            return
        rows = [row_values(uid, e) for uid, e in items]
        try:
            async with asyncio.timeout(self.timeout_s):
                # Core executemany: the ORM's bulk path costs several times more CPU per row.
                async with self._engine.begin() as conn:
                    await conn.execute(self._insert, rows)
        except (SQLAlchemyError, OSError, ValueError, TypeError, UnicodeError) as exc:  # TimeoutError included
            if not _refused(exc):
                self._warn(
                    "database",
                    "request log: the database does not take entries; they wait in the spool",
                    error=type(exc).__name__,
                    waiting=self.pending,
                )
            raise _DatabaseRefused() from exc
        self.written += len(rows)

    async def _reject(self, seq: int, uid: str, payload: str, error: str) -> None:
        assert self.spool is not None
        await asyncio.to_thread(self.spool.reject, seq, uid, payload, error)
        self.rejected += 1
        log.error(
            "request log: the database refused an entry; it is kept in the spool's rejected table",
            extra={"entry_uid": uid, "error": error[:200]},
        )

    # ------------------------------------------------------------ bookkeeping

    def _number(self, uid: str) -> int | None:
        """The record() number of an entry of this process (None for an earlier process's)."""
        if not uid.startswith(self._prefix):
            return None
        try:
            return int(uid[len(self._prefix) :], 16)
        except ValueError:
            return None

    def _spooled_before(self, uid: str, mark: int) -> bool:
        n = self._number(uid)
        return n is None or n < mark

    async def _waiting_before(self, mark: int) -> bool:
        """Whether an entry recorded before `mark` is not in the database yet."""
        if self._memory and self._spooled_before(self._memory[0][0], mark):
            return True
        spool = self.spool
        if spool is None or not spool.is_open:
            return False
        try:
            head = await asyncio.to_thread(spool.head, 1)
        except SpoolError:
            return True
        return bool(head) and self._spooled_before(head[0][1], mark)

    def _waiting_error(self) -> Unavailable:
        return Unavailable(
            f"the request log is incomplete: {self.pending} entries wait in the local spool because the "
            "database does not take writes now; they are written when it does",
            reason=Reason.DATABASE_UNAVAILABLE,
            retry_after=1.0,
        )

    def _warn(self, key: str, message: str, **extra: object) -> None:
        now = time.monotonic()
        if now - self._last_warning.get(key, -1e9) > 10:
            self._last_warning[key] = now
            log.warning(message, extra=extra)


def _append(spool: Spool, items: list[_Item]) -> None:
    spool.append([(uid, encode(e)) for uid, e in items])


def _remove_prefix(memory: deque[_Item], items: list[_Item]) -> None:
    """Removes `items` from the front of `memory` (some may be gone already: the other task
    took them), comparing identities."""
    for item in items:
        if memory and memory[0] is item:
            memory.popleft()


# ---------------------------------------------------------------------- the reader


class RequestLogReader:
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
        # Filters are cleaned as stored values are, so that they match what was stored.
        if provider:
            conds.append(RequestLogRow.provider == clean_text(provider, _TEXT_LIMITS["provider"]))
        if requested_model:
            conds.append(RequestLogRow.requested_model == clean_text(requested_model, _TEXT_LIMITS["requested_model"]))
        if status:
            conds.append(RequestLogRow.status == clean_text(status, _TEXT_LIMITS["status"]))
        if request_id:
            conds.append(RequestLogRow.request_id == clean_text(request_id, _TEXT_LIMITS["request_id"]))
        if start_time is not None:
            conds.append(RequestLogRow.create_time >= start_time)
        async with self._session() as s:
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
        async with self._session() as s:
            return tuple(
                UsageTotal(p, m, int(n), int(e or 0), int(pt or 0), int(ct or 0), int(cc or 0))
                for p, m, n, e, pt, ct, cc in (await s.execute(q)).all()
            )
