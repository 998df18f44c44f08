"""Relays router events to a gRPC stream with a reader task and a bounded buffer.

A gRPC write completes only after the transport took the message, so writing each
upstream chunk as its own message makes the relay as slow as the write round trip. The
reader task keeps pulling events while a write is in flight; the writer sends what
gathered as one message, merging adjacent deltas of the same kind (text with text,
reasoning with reasoning, tool-call fragments with fragments). Nothing is delayed when
the writer keeps up. The buffer is bounded, so a slow caller slows the upstream read.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import AsyncGenerator, AsyncIterator
from typing import Any

from service.core.chat import Delta

MAX_BUFFERED = 512


def _kind(d: Delta) -> int:
    if d.tool_calls:
        return 2 if not d.text and not d.reasoning else 3
    if d.reasoning:
        return 1 if not d.text else 3
    return 0


def coalesce(events: list) -> list:
    """Merges adjacent deltas of one kind; non-delta events (the summary) stay apart, in order."""
    out: list = []
    run: list[Delta] = []
    run_kind = -1

    def flush() -> None:
        if not run:
            return
        if len(run) == 1:
            out.append(run[0])
        elif run_kind == 0:
            out.append(Delta(text="".join(d.text for d in run)))
        elif run_kind == 1:
            out.append(Delta(reasoning="".join(d.reasoning for d in run)))
        else:
            out.append(Delta(tool_calls=tuple(tc for d in run for tc in d.tool_calls)))
        run.clear()

    for ev in events:
        if type(ev) is Delta:
            k = _kind(ev)
            if k == 3 or (run and k != run_kind):
                flush()
            if k == 3:
                out.append(ev)
                run_kind = -1
                continue
            run.append(ev)
            run_kind = k
        else:
            flush()
            run_kind = -1
            out.append(ev)
    flush()
    return out


async def relay(source: AsyncIterator[Any]) -> AsyncGenerator[list[Any]]:
    """Yields lists of coalesced events from source; closes source when done or cancelled."""
    buf: deque = deque()
    wake = asyncio.Event()
    space = asyncio.Event()
    space.set()
    failure: list[BaseException] = []
    finished = False

    async def pump() -> None:
        nonlocal finished
        try:
            async for ev in source:
                buf.append(ev)
                wake.set()
                # Let the writer (and the write completions it awaits) run before reading on:
                # a burst the upstream already delivered must not hold back what came first.
                await asyncio.sleep(0)
                if len(buf) >= MAX_BUFFERED:
                    space.clear()
                    await space.wait()
        except BaseException as exc:
            failure.append(exc)
        finally:
            finished = True
            wake.set()
            with contextlib.suppress(BaseException):
                await source.aclose()  # type: ignore[attr-defined]

    task = asyncio.get_running_loop().create_task(pump())
    try:
        while True:
            if not buf:
                if finished:
                    break
                wake.clear()
                await wake.wait()
                continue
            events = list(buf)
            buf.clear()
            space.set()
            yield coalesce(events)
        if failure and not isinstance(failure[0], asyncio.CancelledError):
            raise failure[0]
    finally:
        if not task.done():
            task.cancel()
        with contextlib.suppress(BaseException):
            await task
