"""The request log's local spool: a durable FIFO of encoded entries in a SQLite file.

Every batch the writer takes is appended here first, in one transaction that SQLite fsyncs
(`synchronous=FULL`), then written to the database and removed. So what is in the spool
survives a crash, a database outage or a restart, and leaves it in the order it came. The
file is created mode 0600 (its journal takes the same mode) and bounded in size (`PRAGMA
max_page_count`; freed pages are reused, the file keeps its largest size): past the bound,
`append` raises `SpoolFull`.

An entry the database refuses for its content (it should never happen: the writer cleans
values first) is moved to the `rejected` table with the error, never dropped.

Synchronous and thread-safe: the writer calls it through `asyncio.to_thread`.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from service.store.db import create_private_file

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS entries (seq INTEGER PRIMARY KEY AUTOINCREMENT, uid TEXT NOT NULL, payload TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS rejected (seq INTEGER PRIMARY KEY, uid TEXT NOT NULL, payload TEXT NOT NULL,"
    " error TEXT NOT NULL, reject_time TEXT NOT NULL)",
)


class SpoolError(Exception):
    """The spool cannot take or give entries now (disk full, read-only, I/O error)."""


class SpoolFull(SpoolError):
    """The spool has reached its size bound."""


class Spool:
    def __init__(self, path: Path | str, max_bytes: int) -> None:
        self.path = Path(path)
        self.max_bytes = max_bytes
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        self._max_pages = 0

    # ------------------------------------------------------------------ lifecycle

    def open(self) -> None:
        """Opens (or creates) the file. Raises SpoolError."""
        with self._lock:
            if self._conn is not None:
                return
            try:
                self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
                create_private_file(self.path)
                conn = sqlite3.connect(self.path, timeout=5.0, isolation_level=None, check_same_thread=False)
                try:
                    # A rollback journal, not WAL: the file and its journal are all there is, so
                    # max_page_count bounds what the spool holds on disk. One connection, and every
                    # call serialized by the lock: nothing is lost by giving up WAL's concurrency.
                    conn.execute("PRAGMA journal_mode=TRUNCATE")
                    conn.execute("PRAGMA synchronous=FULL")  # every committed batch is fsynced
                    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
                    self._max_pages = max(16, self.max_bytes // page_size)
                    conn.execute(f"PRAGMA max_page_count={self._max_pages}")
                    for stmt in SCHEMA:
                        conn.execute(stmt)
                except BaseException:
                    conn.close()
                    raise
            except (OSError, sqlite3.Error) as exc:
                raise SpoolError(f"{type(exc).__name__}: {exc}") from None
            self._conn = conn

    @property
    def is_open(self) -> bool:
        return self._conn is not None

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                conn, self._conn = self._conn, None
                try:
                    conn.close()
                except sqlite3.Error:
                    pass

    # ------------------------------------------------------------------ the FIFO

    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            raise SpoolError("the spool is not open")
        return self._conn

    def append(self, items: Sequence[tuple[str, str]], lock_timeout: float = -1) -> None:
        """Appends (uid, payload) pairs in order, as one fsynced transaction: all or none.
        Raises SpoolFull at the size bound, SpoolError otherwise (TimeoutError when the lock
        is not had within lock_timeout seconds)."""
        if not items:
            return
        if not self._lock.acquire(timeout=lock_timeout):
            raise TimeoutError("the spool is busy")
        try:
            conn = self._db()
            try:
                conn.execute("BEGIN IMMEDIATE")
                conn.executemany("INSERT INTO entries (uid, payload) VALUES (?, ?)", items)
                conn.execute("COMMIT")
            except sqlite3.Error as exc:
                self._rollback(conn)
                if isinstance(exc, sqlite3.OperationalError) and self._at_bound(conn):
                    raise SpoolFull(f"the spool holds {self.max_bytes // (1024 * 1024)} MiB") from None
                raise SpoolError(f"{type(exc).__name__}: {exc}") from None
        finally:
            self._lock.release()

    def head(self, limit: int) -> list[tuple[int, str, str]]:
        """The oldest entries: (seq, uid, payload), in order."""
        with self._lock:
            try:
                return (
                    self._db()
                    .execute("SELECT seq, uid, payload FROM entries ORDER BY seq LIMIT ?", (limit,))
                    .fetchall()
                )
            except sqlite3.Error as exc:
                raise SpoolError(f"{type(exc).__name__}: {exc}") from None

    def remove_through(self, seq: int) -> None:
        """Removes every entry up to and including seq (the database has them)."""
        with self._lock:
            conn = self._db()
            try:
                conn.execute("DELETE FROM entries WHERE seq <= ?", (seq,))
            except sqlite3.Error as exc:
                raise SpoolError(f"{type(exc).__name__}: {exc}") from None

    def reject(self, seq: int, uid: str, payload: str, error: str) -> None:
        """Moves one entry the database refuses to the `rejected` table (kept, never retried)."""
        with self._lock:
            conn = self._db()
            try:
                conn.execute("BEGIN IMMEDIATE")
                conn.execute(
                    "INSERT OR REPLACE INTO rejected (seq, uid, payload, error, reject_time) VALUES (?, ?, ?, ?, ?)",
                    (seq, uid, payload, error[:1000], datetime.now(UTC).isoformat()),
                )
                conn.execute("DELETE FROM entries WHERE seq = ?", (seq,))
                conn.execute("COMMIT")
            except sqlite3.Error as exc:
                self._rollback(conn)
                raise SpoolError(f"{type(exc).__name__}: {exc}") from None

    def counts(self) -> tuple[int, int]:
        """(entries waiting, entries rejected)."""
        with self._lock:
            try:
                conn = self._db()
                waiting = conn.execute("SELECT count(*) FROM entries").fetchone()[0]
                rejected = conn.execute("SELECT count(*) FROM rejected").fetchone()[0]
            except sqlite3.Error as exc:
                raise SpoolError(f"{type(exc).__name__}: {exc}") from None
            return int(waiting), int(rejected)

    # ------------------------------------------------------------------ internals

    @staticmethod
    def _rollback(conn: sqlite3.Connection) -> None:
        try:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass

    def _at_bound(self, conn: sqlite3.Connection) -> bool:
        """After a failed write: whether the file is (nearly) at its page bound, rather than the
        disk being full (a batch that no longer fits fails before the last page is used)."""
        try:
            pages = int(conn.execute("PRAGMA page_count").fetchone()[0])
        except sqlite3.Error:
            return False
        return pages + 64 >= self._max_pages or pages >= 0.9 * self._max_pages
