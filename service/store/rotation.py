"""Encryption-key rotation: every stored secret, and the start-up key check, re-encrypted under
the newest key of the ring, so that the old key can be retired.

Safe while replicas serve: each batch is its own short transaction, and a row is rewritten only
if it still holds the token that was read (`... WHERE pk = :pk AND col = :old`), so a secret
changed meanwhile is read again, never overwritten. Replicas keep decrypting both forms while
they run with `NEW,OLD`. Rows already under the newest key are skipped, so an interrupted run is
finished by running it again. The key check goes last: once it is under the newest key, every
secret is, and a server starts with the newest key alone.

Another table with encrypted columns adds one line to ENCRYPTED_COLUMNS.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import Table, and_, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncEngine

from service.store import db
from service.store.bootstrap import KEY_CHECK
from service.store.keyring import KeyRing, KeyRingError
from service.store.models import Base, MetaRow

if TYPE_CHECKING:
    from service.store.config_store import ConfigStore

__all__ = ["ENCRYPTED_COLUMNS", "RotationIncomplete", "RotationReport", "rotate_secrets"]

# (table, column) of every column holding a Fernet token encrypted with the key ring.
ENCRYPTED_COLUMNS: tuple[tuple[str, str], ...] = (
    ("providers", "api_key_encrypted"),
    ("providers", "tls_client_key_encrypted"),
)

DEFAULT_BATCH_SIZE = 200


@dataclass
class RotationReport:
    rotated: dict[str, int] = field(default_factory=dict)  # "table.column" -> tokens re-encrypted
    current: dict[str, int] = field(default_factory=dict)  # "table.column" -> already under the newest key
    key_check_rotated: bool = False

    @property
    def total_rotated(self) -> int:
        return sum(self.rotated.values())

    @property
    def total_current(self) -> int:
        return sum(self.current.values())

    def lines(self) -> list[str]:
        out = [
            f"{name}: {self.rotated.get(name, 0)} re-encrypted, {self.current.get(name, 0)} already under the newest key"
            for name in self.rotated
        ]
        out.append("key check: re-encrypted" if self.key_check_rotated else "key check: already under the newest key")
        return out


async def _rotate_column(
    engine: AsyncEngine,
    keyring: KeyRing,
    table: Table,
    column: str,
    batch_size: int,
    report: RotationReport,
    on_batch: Callable[[str, int], None] | None,
    count_current: bool,
) -> None:
    name = f"{table.name}.{column}"
    col = table.c[column]
    pk = list(table.primary_key.columns)
    sessions = db.session_factory(engine)
    report.rotated.setdefault(name, 0)
    report.current.setdefault(name, 0)
    last: tuple | None = None
    while True:
        q = select(*pk, col).where(col.is_not(None)).order_by(*pk).limit(batch_size)
        if last is not None:
            q = q.where(tuple_(*pk) > tuple_(*last)) if len(pk) > 1 else q.where(pk[0] > last[0])
        async with sessions() as s, s.begin():
            rows = (await s.execute(q)).all()
            if not rows:
                return
            changed = 0
            for row in rows:
                key, token = tuple(row[: len(pk)]), row[len(pk)]
                if not token or keyring.is_current(token):
                    if count_current:
                        report.current[name] += 1
                    continue
                new = keyring.rotate(token)
                where = and_(*(c == v for c, v in zip(pk, key, strict=True)), col == token)
                result = await s.execute(update(table).where(where).values({column: new}))
                if getattr(result, "rowcount", 1) == 1:  # 0: written meanwhile; the next pass reads it again
                    changed += 1
            report.rotated[name] += changed
            last = tuple(rows[-1][: len(pk)])
        if on_batch is not None:
            on_batch(name, len(rows))


async def _rotate_key_check(engine: AsyncEngine, keyring: KeyRing, report: RotationReport) -> None:
    sessions = db.session_factory(engine)
    async with sessions() as s, s.begin():
        row = await s.get(MetaRow, KEY_CHECK)
        if row is None or keyring.is_current(row.value):
            return
        old = row.value
        result = await s.execute(
            update(MetaRow).where(MetaRow.key == KEY_CHECK, MetaRow.value == old).values(value=keyring.rotate(old))
        )
        report.key_check_rotated = getattr(result, "rowcount", 1) == 1


async def _stale_left(engine: AsyncEngine, keyring: KeyRing) -> int:
    """Tokens not under the newest key, over every encrypted column (a final check)."""
    sessions = db.session_factory(engine)
    left = 0
    async with sessions() as s:
        for table_name, column in ENCRYPTED_COLUMNS:
            col = Base.metadata.tables[table_name].c[column]
            for (token,) in (await s.execute(select(col).where(col.is_not(None)))).all():
                if token and not keyring.is_current(token):
                    left += 1
    return left


async def rotate_secrets(
    engine: AsyncEngine,
    keyring: KeyRing,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    on_batch: Callable[[str, int], None] | None = None,
) -> RotationReport:
    """Re-encrypts every secret, then the key check, under the newest key. Raises KeyRingError
    for a token no configured key decrypts (nothing is lost: what was done stays valid)."""
    report = RotationReport()
    left = 0
    for attempt in range(3):  # a row rewritten by an admin call during a pass is caught by the next
        for table_name, column in ENCRYPTED_COLUMNS:
            table = Base.metadata.tables[table_name]
            await _rotate_column(engine, keyring, table, column, max(1, batch_size), report, on_batch, attempt == 0)
        left = await _stale_left(engine, keyring)
        if left == 0:
            break
    if left:
        raise RotationIncomplete(
            f"{left} secret(s) are still written under an older key (a replica encrypts with an older key "
            "first?): restart every replica with the new key first (NEW,OLD) and run `llmrouter secrets rotate` "
            "again; the key check stays as it is, so servers still need the old key"
        )
    await _rotate_key_check(engine, keyring, report)
    return report


class RotationIncomplete(Exception):
    """Secrets remain under an older key after the passes; the message says what to do."""


async def cli_rotate(store: ConfigStore, batch_size: int = DEFAULT_BATCH_SIZE) -> None:
    """`llmrouter secrets rotate`: runs the rotation and prints its counts (SystemExit on failure)."""
    keyring = store.keyring
    try:
        report = await rotate_secrets(store.engine, keyring, batch_size=batch_size)
    except (KeyRingError, RotationIncomplete) as exc:
        raise SystemExit(f"llmrouter: {exc}") from None
    for line in report.lines():
        print(line)
    print(f"re-encrypted {report.total_rotated} secret(s); {report.total_current} already under the newest key")
    if keyring.key_count > 1:
        print(
            "every secret is under the newest key: restart the servers with only the first key of "
            "LLMROUTER_ENCRYPTION_KEY, then retire the others",
            file=sys.stderr,
        )
    else:
        print("one encryption key is configured: nothing is kept under another key", file=sys.stderr)
