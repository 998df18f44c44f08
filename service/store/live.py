"""The live configuration: an immutable snapshot swapped after every committed change.

Local writes rebuild at once (the store's commit hook). Changes made by other replicas
arrive through PostgreSQL LISTEN/NOTIFY, with a periodic version check as the safety net.
When the database is away, the last snapshot keeps serving.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

from service.core.config import Snapshot
from service.core.errors import RouterError
from service.store.config_store import ConfigStore
from service.store.transactions import NOTIFY_CHANNEL

log = logging.getLogger(__name__)


class LiveConfig:
    def __init__(self, store: ConfigStore, poll_interval_s: float = 2.0) -> None:
        self.store = store
        self.poll_interval_s = poll_interval_s
        self._snapshot = Snapshot(version=0)
        self._lock = asyncio.Lock()
        self._listeners: list[Callable[[Snapshot], object]] = []
        self._tick_listeners: list[Callable[[Snapshot], object]] = []
        self._tasks: list[asyncio.Task[None]] = []
        store.on_commit.append(self.reload)

    @property
    def snapshot(self) -> Snapshot:
        return self._snapshot

    def get(self) -> Snapshot:
        return self._snapshot

    def on_swap(self, fn: Callable[[Snapshot], object]) -> None:
        """Calls fn with each new snapshot, in order of registration (its result is ignored)."""
        self._listeners.append(fn)

    def on_tick(self, fn: Callable[[Snapshot], object]) -> None:
        """Calls fn with the current snapshot after each periodic check (e.g. to end the calls
        of client keys that expired since the last one)."""
        self._tick_listeners.append(fn)

    async def reload(self) -> Snapshot:
        async with self._lock:
            snap = await self.store.load_snapshot()
            if snap.version >= self._snapshot.version:
                self._snapshot = snap
                for fn in self._listeners:
                    fn(snap)
                log.debug("configuration snapshot swapped", extra={"version": snap.version})
            return self._snapshot

    async def start(self) -> None:
        self._tasks.append(asyncio.create_task(self._poll(), name="config-poll"))
        if not str(self.store.engine.url).startswith("sqlite"):
            self._tasks.append(asyncio.create_task(self._listen(), name="config-listen"))

    async def stop(self) -> None:
        for t in self._tasks:
            t.cancel()
        for t in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await t
        self._tasks.clear()

    async def _check(self) -> None:
        try:
            version = await self.store.version()
            if version != self._snapshot.version:
                await self.reload()
        except RouterError:
            pass  # database away: keep serving the last snapshot
        except Exception:  # pragma: no cover - defensive: the poller must survive
            log.exception("configuration check failed")

    async def _poll(self) -> None:
        while True:
            await asyncio.sleep(self.poll_interval_s)
            await self._check()
            for fn in self._tick_listeners:
                try:
                    fn(self._snapshot)
                except Exception:  # pragma: no cover - defensive: the poller must survive
                    log.exception("configuration tick listener failed")

    async def _listen(self) -> None:
        """LISTEN on the config channel with a raw asyncpg connection; reconnects on loss."""
        import asyncpg

        url = self.store.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        timeout = self.store.timeout_s or 10.0
        while True:
            conn = None
            try:
                conn = await asyncpg.connect(url, timeout=timeout)
                wake = asyncio.Event()
                await conn.add_listener(NOTIFY_CHANNEL, lambda *_, w=wake: w.set())
                await self._check()  # anything missed while disconnected
                while not conn.is_closed():
                    try:
                        await asyncio.wait_for(wake.wait(), timeout=5.0)
                    except TimeoutError:
                        # Quiet: is the connection still alive? One left half-open by an
                        # outage would otherwise listen to nothing, forever.
                        await conn.execute("SELECT 1", timeout=timeout)
                        continue
                    wake.clear()
                    await self._check()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.debug("config listener reconnecting: %s", type(exc).__name__)
                await asyncio.sleep(1.0)
            finally:
                if conn is not None:
                    with contextlib.suppress(Exception):
                        await conn.close(timeout=1)
