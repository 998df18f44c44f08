"""Database engine, sessions and migrations (SQLite by default, PostgreSQL for replicas)."""

from __future__ import annotations

import asyncio
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import event
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.pool import NullPool

from service.core.errors import Reason, Unavailable

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

# service/migrations: Alembic env and versions, package data of the wheel.
MIGRATIONS_DIR = Path(__file__).resolve().parents[1] / "migrations"


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL (None for other databases and in-memory SQLite)."""
    if not is_sqlite(url):
        return None
    path = url.split("///", 1)[-1].split("?", 1)[0]
    if not path or path == ":memory:":
        return None
    return Path(path)


def create_private_file(path: Path) -> None:
    """Creates `path` empty with mode 0600 unless it exists (whatever the umask or the mode of
    its directory). SQLite creates a database's -wal, -shm and -journal files with the mode of
    the database file, so they are private too."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    os.close(fd)


def ensure_sqlite_dir(url: str) -> None:
    """Creates the directory of a SQLite file (private: it holds the encrypted keys) and the
    file itself, mode 0600, when it does not exist yet."""
    path = sqlite_path(url)
    if path is not None:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        create_private_file(path)


@dataclass(frozen=True)
class Timeouts:
    """How long the database may take: to connect (TCP and authentication), and to run one
    statement. `operation` bounds a whole read or write transaction (connect included)."""

    connect_s: float = 3.0
    command_s: float = 5.0

    @property
    def operation_s(self) -> float:
        return self.connect_s + self.command_s


def create_engine(url: str, timeouts: Timeouts | None = None) -> AsyncEngine:
    t = timeouts or Timeouts()
    if is_sqlite(url):
        ensure_sqlite_dir(url)
        # A locked database (another process writing) is waited for at most the command timeout.
        # No pool for a file: each transaction opens the file afresh (cheap for SQLite), so a
        # file that turned read-only, or writable again, is seen as it is now. (A connection
        # kept from before would keep the old access, and share SQLite's WAL index with the
        # new ones.)
        pool = {"poolclass": NullPool} if sqlite_path(url) is not None else {}
        engine = create_async_engine(url, connect_args={"timeout": t.command_s}, **pool)
        busy_ms = int(t.command_s * 1000)

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:  # pragma: no cover - trivial
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute(f"PRAGMA busy_timeout={busy_ms}")
            cur.close()

        return engine
    # asyncpg: `timeout` bounds connecting, `command_timeout` every statement (the pre-ping
    # included, so a half-open connection left by an outage fails its ping and is replaced).
    engine = create_async_engine(
        url,
        pool_pre_ping=True,
        pool_size=5,
        max_overflow=10,
        pool_timeout=t.connect_s,
        connect_args={"timeout": t.connect_s, "command_timeout": t.command_s},
    )
    _recycle_on_read_only(engine)
    return engine


def is_read_only_error(exc: BaseException) -> bool:
    """The database refused a write because it is read-only (a PostgreSQL standby or a
    read-only database: SQLSTATE 25006)."""
    return sqlstate(exc) == "25006"


def _recycle_on_read_only(engine: AsyncEngine) -> None:
    """A PostgreSQL session opened while the database was read-only stays so (its default is
    read at connect): the error counts as a disconnect, so that the pool replaces it and
    writes work again as soon as the database takes them."""

    @event.listens_for(engine.sync_engine, "handle_error")
    def _read_only(ctx: Any) -> None:
        if is_read_only_error(ctx.original_exception):
            ctx.is_disconnect = True


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


def _alembic_config(url: str) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    cfg.attributes["configure_logger"] = False
    return cfg


def upgrade_sync(url: str, revision: str = "head", connect_timeout_s: float | None = None) -> None:
    from alembic import command

    cfg = _alembic_config(url)
    if connect_timeout_s is not None and not is_sqlite(url):
        # asyncpg: an unreachable or unresponsive database fails within the connect timeout
        # (migrations themselves may take long: no statement timeout).
        cfg.attributes["connect_args"] = {"timeout": connect_timeout_s}
    command.upgrade(cfg, revision)


async def migrate(url: str, connect_timeout_s: float | None = None) -> None:
    """Applies pending migrations (in a thread: Alembic's env runs its own event loop)."""
    ensure_sqlite_dir(url)
    await asyncio.to_thread(upgrade_sync, url, "head", connect_timeout_s)


def explain(exc: BaseException) -> str:
    """One line saying why a database operation failed (no traceback; never the password)."""
    seen: list[BaseException] = []
    cur: BaseException | None = exc
    while cur is not None and len(seen) < 6:
        seen.append(cur)
        cur = getattr(cur, "orig", None) or cur.__cause__ or cur.__context__
    if any(isinstance(e, TimeoutError) for e in seen):
        return "no answer within the connect timeout (TimeoutError): is the database up and reachable?"
    for e in seen:
        if isinstance(e, ConnectionRefusedError):
            return "connection refused: is the database running at that address?"
    text = next((str(e).strip().splitlines()[0] for e in seen if str(e).strip()), "")
    name = type(exc).__name__
    return f"{name}: {text}" if text else name


# PostgreSQL SQLSTATE classes and codes meaning "the database cannot serve this now"
# (https://www.postgresql.org/docs/current/errcodes-appendix.html): 08 connection exception,
# 53 insufficient resources (disk full, too many connections), 57 operator intervention
# (shutdown, cannot connect now, statement cancelled), 58 system error (I/O), 25006
# read-only transaction (a read-only database or a standby).
_UNAVAILABLE_SQLSTATE_CLASSES = ("08", "53", "57", "58")
_UNAVAILABLE_SQLSTATES = ("25006",)


def sqlstate(exc: BaseException) -> str:
    """The SQLSTATE of a PostgreSQL error, wrapped or not ("" when there is none)."""
    seen: BaseException | None = exc
    for _ in range(5):
        if seen is None:
            break
        for candidate in (seen, getattr(seen, "orig", None)):
            code = getattr(candidate, "sqlstate", None) or getattr(candidate, "pgcode", None)
            if isinstance(code, str) and code:
                return code
        seen = getattr(seen, "orig", None) or seen.__cause__
    return ""


def is_connection_error(exc: BaseException) -> bool:
    """True when the database cannot serve now (down, unreachable, too slow, read-only, out
    of disk): the call should be retried later, nothing is wrong with the request."""
    if isinstance(exc, OperationalError):  # SQLite: locked, read-only, disk full, I/O error
        return True
    if isinstance(exc, PoolTimeout):  # every pooled connection is busy (waiting on a slow database)
        return True
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    if isinstance(exc, (ConnectionError, OSError)):  # TimeoutError included
        return True
    code = sqlstate(exc)
    return code[:2] in _UNAVAILABLE_SQLSTATE_CLASSES or code in _UNAVAILABLE_SQLSTATES


def database_unavailable(exc: BaseException) -> Unavailable:
    log.warning("database unavailable: %s", type(exc).__name__)
    return Unavailable(
        "the configuration database is unavailable; chat keeps serving the last configuration, "
        "admin writes are refused until it returns",
        reason=Reason.DATABASE_UNAVAILABLE,
        retry_after=1.0,
    )


def safe_url(url: str) -> str:
    """The database URL without its password, for logs and messages."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "<database url>"
