"""Relays router events to a gRPC stream with a reader task and a bounded buffer.

A gRPC write completes only after the transport took the message, so writing each
upstream chunk as its own message makes the relay as slow as the write round trip. The
reader task keeps pulling events while a write is in flight; the writer sends what
gathered as one message, merging adjacent deltas of the same kind (text with text,
reasoning with reasoning, tool-call fragments with fragments, text with its log
probabilities with more of the same); a delta carrying anything else stays as it came. Nothing is delayed when
the writer keeps up. The buffer is bounded, so a slow caller slows the upstream read.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncGenerator, AsyncIterator
from typing import Any

from service.core.chat import Delta

MAX_BUFFERED = 512


# Kinds of delta that merge with their neighbours of the same kind; any other delta (a
# signature, a redacted block, early usage, or several kinds at once) goes out as it came,
# so that no field is ever lost or moved.
_TEXT, _REASONING, _TOOLS, _TEXT_LOGPROBS, _ALONE = 0, 1, 2, 3, 4


def _kind(d: Delta) -> int:
    if d.reasoning_signature or d.redacted_reasoning or d.usage is not None:
        return _ALONE
    if d.tool_calls:
        return _TOOLS if not d.text and not d.reasoning and not d.logprobs else _ALONE
    if d.reasoning:
        return _REASONING if not d.text and not d.logprobs else _ALONE
    return _TEXT_LOGPROBS if d.logprobs else _TEXT


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
        elif run_kind == _TEXT:
            out.append(Delta(text="".join(d.text for d in run)))
        elif run_kind == _REASONING:
            out.append(Delta(reasoning="".join(d.reasoning for d in run)))
        elif run_kind == _TEXT_LOGPROBS:
            out.append(Delta(text="".join(d.text for d in run), logprobs=tuple(lp for d in run for lp in d.logprobs)))
        else:
            out.append(Delta(tool_calls=tuple(tc for d in run for tc in d.tool_calls)))
        run.clear()

    for ev in events:
        if type(ev) is Delta:
            k = _kind(ev)
            if k == _ALONE or (run and k != run_kind):
                flush()
            if k == _ALONE:
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
    """Yields lists of coalesced events from source; closes source when done or cancelled.

    The reader task appends what the source yields and wakes the writer only when it waits;
    it yields to the loop only where the source itself waits (a network read), so events
    that arrived together are taken in one step and go out as one message.
    """
    loop = asyncio.get_running_loop()
    buf: list[Any] = []
    waiter: list[asyncio.Future[None]] = []  # the writer's wake-up, while it waits
    space: list[asyncio.Future[None]] = []  # the reader's, while the buffer is full
    failure: list[BaseException] = []
    finished = False

    def wake(futures: list[asyncio.Future[None]]) -> None:
        if futures:
            fut = futures.pop()
            if not fut.done():
                fut.set_result(None)

    async def pump() -> None:
        nonlocal finished
        append = buf.append
        try:
            async for ev in source:
                append(ev)
                if waiter:
                    wake(waiter)
                if len(buf) >= MAX_BUFFERED:
                    fut = loop.create_future()
                    space.append(fut)
                    await fut
        except BaseException as exc:
            failure.append(exc)
        finally:
            finished = True
            wake(waiter)
            with contextlib.suppress(BaseException):
                await source.aclose()  # type: ignore[attr-defined]

    task = loop.create_task(pump())
    try:
        while True:
            if not buf:
                if finished:
                    break
                fut = loop.create_future()
                waiter.append(fut)
                await fut
                continue
            events = buf[:]
            buf.clear()
            wake(space)
            yield events if len(events) == 1 else coalesce(events)
        if failure and not isinstance(failure[0], asyncio.CancelledError):
            raise failure[0]
    finally:
        if not task.done():
            task.cancel()
        with contextlib.suppress(BaseException):
            await task
