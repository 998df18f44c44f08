"""The read watchdog of an upstream stream: one loop timer per idle period, not one per chunk."""

from __future__ import annotations

import asyncio

__all__ = ["ReadWatchdog"]


class ReadWatchdog:
    """Bounds each read of a stream without a timer per read.

    Before a read, `begin()` computes that read's deadline (idle, first-token and caller
    limits) and arms one loop timer if none is pending; the timer, when it fires, cancels the
    task only if it is still inside a read that is past its deadline, otherwise it re-arms for
    the current read's deadline. Deadlines of successive reads never decrease, so a busy
    stream costs one timer per idle period instead of one per chunk.
    """

    __slots__ = (
        "_deadline",
        "_deadline_kind",
        "_first",
        "_handle",
        "_idle",
        "_kind",
        "_loop",
        "_read_deadline",
        "_reading",
        "_task",
        "fired",
    )

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        idle_s: float,
        first_deadline: float | None,
        deadline: float | None,
        deadline_kind: str = "deadline",
    ):
        self._loop = loop
        self._idle = idle_s
        self._first = first_deadline
        self._deadline = deadline
        self._deadline_kind = deadline_kind  # "deadline" (the caller's) or "stream" (the duration cap)
        self._handle: asyncio.TimerHandle | None = None
        self._reading = False
        self._read_deadline = 0.0
        self._kind = "idle"
        self._task: asyncio.Task[object] | None = None
        self.fired: str | None = None

    def got_token(self) -> None:
        self._first = None

    def begin(self) -> str | None:
        """Marks the start of a read; returns the phase already expired, if any."""
        now = self._loop.time()
        d = now + self._idle
        kind = "idle"
        f = self._first
        if f is not None and f < d:
            d = f
            kind = "first_token"
        dl = self._deadline
        if dl is not None and dl <= d:
            d = dl
            kind = self._deadline_kind
        if d <= now:
            return kind
        self._read_deadline = d
        self._kind = kind
        self._task = asyncio.current_task()
        self._reading = True
        if self._handle is None:
            self._handle = self._loop.call_at(d, self._fire)
        return None

    def end(self) -> None:
        self._reading = False

    def _fire(self) -> None:
        self._handle = None
        if not self._reading:
            return
        if self._loop.time() + 0.001 >= self._read_deadline:
            self.fired = self._kind
            self._reading = False
            if self._task is not None:
                self._task.cancel()
        else:
            self._handle = self._loop.call_at(self._read_deadline, self._fire)

    def close(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None
