"""Calls made with a client key that stops being valid end: revoked, deleted, disabled or
expired keys do not keep their open streams.

The interceptor enters every authenticated call here with its key id (a dict insert and
removal, nothing per message). After each snapshot swap (a local admin write at once; another
replica's write within the configuration poll interval) `sweep` cancels the calls whose key
the new snapshot no longer accepts; the interceptor ends each with UNAUTHENTICATED (reason
BAD_CREDENTIALS) and the upstream work is cancelled with it.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from service.api.auth import still_valid
from service.core.config import Snapshot
from service.core.errors import Reason, Unauthenticated


def key_withdrawn(key_id: str) -> Unauthenticated:
    return Unauthenticated(
        f"client key clientKeys/{key_id} was revoked, deleted, disabled or expired during the call",
        reason=Reason.BAD_CREDENTIALS,
        metadata={"client_key": f"clientKeys/{key_id}"},
    )


class OpenCalls:
    def __init__(self) -> None:
        self._calls: dict[asyncio.Task[object], str] = {}
        self._ended: set[asyncio.Task[object]] = set()

    def enter(self, key_id: str) -> asyncio.Task[object] | None:
        task = asyncio.current_task()
        if task is not None and key_id:
            self._calls[task] = key_id
        return task

    def leave(self, task: asyncio.Task[object] | None) -> None:
        if task is not None:
            self._calls.pop(task, None)
            self._ended.discard(task)

    def ended(self, task: asyncio.Task[object] | None) -> str | None:
        """The key id when this call was cancelled because its key was withdrawn."""
        if task is not None and task in self._ended:
            self._ended.discard(task)  # once: a later cancellation is someone else's and propagates
            return self._calls.get(task, "")
        return None

    def sweep(self, snapshot: Snapshot) -> int:
        """Cancels the calls whose key `snapshot` no longer accepts; returns how many."""
        now = datetime.now(UTC)
        n = 0
        for task, key_id in list(self._calls.items()):
            if task not in self._ended and not still_valid(snapshot, key_id, now):
                self._ended.add(task)
                task.cancel()
                n += 1
        return n
