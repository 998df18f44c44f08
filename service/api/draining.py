"""The server's calls during shutdown: which are in flight, refusing new ones, ending the rest.

The interceptor enters every call of our services here (`enter` / `leave`: a set insert and
removal, nothing per message). On shutdown the composition root calls `refuse()` once the
shutdown delay is over (new calls answer UNAVAILABLE, reason SHUTTING_DOWN), waits for the
calls in flight (`wait_idle`, the one grace period shared by gRPC and bridge calls, since
bridge calls are gRPC calls of this server) and then `cut()`s what still runs: each such
call ends with UNAVAILABLE, reason SHUTTING_DOWN, and its upstream work is cancelled.
Health checking and reflection never enter: they keep answering (NOT_SERVING) throughout.
"""

from __future__ import annotations

import asyncio

from service.core.errors import Reason, Unavailable


def shutting_down() -> Unavailable:
    return Unavailable(
        "the server is shutting down; retry the call (another replica, or this one once it is back)",
        reason=Reason.SHUTTING_DOWN,
        retry_after=1.0,
    )


class Drain:
    def __init__(self) -> None:
        self.refusing = False
        self.cutting = False
        self._calls: set[asyncio.Task[object]] = set()
        self._cut: set[asyncio.Task[object]] = set()  # cancelled by cut(), not yet answered
        self._idle = asyncio.Event()
        self._idle.set()

    @property
    def in_flight(self) -> int:
        return len(self._calls)

    def enter(self) -> asyncio.Task[object] | None:
        """Registers the running call; raises Unavailable (SHUTTING_DOWN) once refusing."""
        if self.refusing:
            raise shutting_down()
        task = asyncio.current_task()
        if task is not None:
            self._calls.add(task)
            self._idle.clear()
        return task

    def leave(self, task: asyncio.Task[object] | None) -> None:
        if task is not None:
            self._calls.discard(task)
            self._cut.discard(task)
            if not self._calls:
                self._idle.set()

    def refuse(self) -> None:
        """New calls are refused from now on."""
        self.refusing = True

    async def wait_idle(self, timeout: float) -> bool:
        """Waits until no call is in flight (True) or timeout seconds pass (False)."""
        if not self._calls:
            return True
        try:
            async with asyncio.timeout(max(0.0, timeout)):
                await self._idle.wait()
        except TimeoutError:
            return False
        return True

    def cut(self) -> int:
        """Ends every call still in flight (the interceptor answers UNAVAILABLE, SHUTTING_DOWN).
        Returns how many there were."""
        self.refusing = True
        self.cutting = True
        calls = list(self._calls)
        for task in calls:
            self._cut.add(task)
            task.cancel()
        return len(calls)

    def was_cut(self, task: asyncio.Task[object] | None) -> bool:
        """Whether this cancellation of `task` is cut()'s, once: a later cancellation (the event
        loop closing, a client going away) is someone else's and must propagate."""
        if task is None or task not in self._cut:
            return False
        self._cut.discard(task)
        return True
